package dev.chartcheck.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.mock.env.MockEnvironment;

@dev.chartcheck.server.DatabaseIndependent
class LoopbackGuardTest {

	private final LoopbackGuard guard = new LoopbackGuard(new DeferredLogs());

	@Test
	void withoutAuthenticationTheServerBindsToLoopback() {
		MockEnvironment environment = new MockEnvironment();
		guard.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void withoutAuthenticationAnotherAddressIsRefused() {
		for (String address : new String[] {"0.0.0.0", "::", "10.1.2.3"}) {
			MockEnvironment environment = new MockEnvironment().withProperty("server.address", address);
			assertThatThrownBy(() -> guard.postProcessEnvironment(environment, new SpringApplication()))
					.isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("Refusing to start: authentication is off")
					.hasMessageContaining("server.address=" + address);
		}
	}

	@Test
	void withoutAuthenticationALoopbackAddressIsKept() {
		for (String address : new String[] {"127.0.0.1", "::1", "localhost"}) {
			MockEnvironment environment = new MockEnvironment().withProperty("server.address", address);
			guard.postProcessEnvironment(environment, new SpringApplication());
			assertThat(environment.getProperty("server.address")).isEqualTo(address);
		}
	}

	@Test
	void withAnIssuerConfiguredAnyAddressIsAllowed() {
		MockEnvironment environment = new MockEnvironment()
				.withProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "https://issuer.example/jwks")
				.withProperty("server.address", "0.0.0.0");
		guard.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.address")).isEqualTo("0.0.0.0");
		assertThat(Authentication.configured(new MockEnvironment())).isFalse();
		assertThat(Authentication.configured(new MockEnvironment()
				.withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", " "))).isFalse();
	}
}

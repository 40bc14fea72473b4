package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure defaults, on the packaged jar: without a token issuer the server listens on the loopback interface only
 * and says so in its log; told to listen on every interface without one, it refuses to start. On the embedded
 * database only: the rule is the process's, not the database's.
 */
class LoopbackRuleIT {

	@TempDir
	Path data;

	@Test
	void withoutAuthenticationTheServerRefusesToListenOnEveryInterface() {
		assertThatThrownBy(() -> ServerProcess.start(Database.EMBEDDED, "loopback-refused", data, Map.of("server.address", "0.0.0.0"), false))
				.hasMessageContaining("The server exited")
				.hasMessageContaining("Refusing to start: authentication is off")
				.hasMessageContaining("server.address=0.0.0.0");
	}

	@Test
	void withoutAuthenticationTheServerListensOnLoopbackOnlyAndSaysSo() throws Exception {
		try (ServerProcess server = ServerProcess.start(Database.EMBEDDED, "loopback-only", data, Map.of(), false)) {
			assertThat(server.output()).contains("AUTHENTICATION IS OFF");
			// open, on loopback: no token needed
			assertThat(new FhirHttp(server.http().base(), null).send("GET", "/Patient?_count=1", null, Map.of()).statusCode())
					.isEqualTo(200);
			Optional<InetAddress> external = externalAddress();
			if (external.isPresent()) {
				int port = URI.create(server.http().base()).getPort();
				HttpURLConnection connection = (HttpURLConnection) URI.create(
						"http://" + external.get().getHostAddress() + ":" + port + "/fhir/metadata").toURL().openConnection();
				connection.setConnectTimeout(3000);
				assertThatThrownBy(connection::getResponseCode).isInstanceOf(java.io.IOException.class);
			}
		}
	}

	/** An address of this machine that is not loopback, if it has one. */
	private static Optional<InetAddress> externalAddress() throws Exception {
		for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (!network.isUp() || network.isLoopback()) {
				continue;
			}
			for (InetAddress address : Collections.list(network.getInetAddresses())) {
				if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
					return Optional.of(address);
				}
			}
		}
		return Optional.empty();
	}
}

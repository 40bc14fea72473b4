package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure defaults, on the packaged jar: told to listen on every interface without a token issuer, the server refuses
 * to start. On the embedded database only: the rule is the process's, not the database's. That a server without an
 * issuer listens on loopback only, and says so, is asserted on the first server of {@link RestartIT} on the embedded
 * database ({@link LoopbackOnly}), which the quick start's way of running it saves a start of its own.
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
}

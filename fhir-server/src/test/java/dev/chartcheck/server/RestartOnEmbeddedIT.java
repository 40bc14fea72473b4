package dev.chartcheck.server;

import org.junit.jupiter.api.condition.EnabledIf;

/** {@link RestartIT} on H2 files: with the first start watched by its probes and a SIGTERM before the kills. */
@EnabledIf("dev.chartcheck.server.Database#embeddedTested")
class RestartOnEmbeddedIT extends RestartIT {

	@Override
	Database database() {
		return Database.EMBEDDED;
	}
}

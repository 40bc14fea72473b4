package dev.chartcheck.server;

import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.parallel.ResourceLock;

/** {@link RestartIT} on the PostgreSQL database, when {@code chartcheck.it-databases} has it. */
@EnabledIf("dev.chartcheck.server.Database#postgresTested")
@ResourceLock(Database.POSTGRES_LOCK)
class RestartOnPostgresIT extends RestartIT {

	@Override
	Database database() {
		return Database.POSTGRES;
	}
}

package dev.chartcheck.server;

import java.util.Arrays;
import java.util.Locale;

/**
 * The database a child server ({@link ServerProcess}) runs on: H2 files in a directory of the test's own, or the
 * PostgreSQL database the {@code CHARTCHECK_DB_*} variables name (Spring profile {@code postgres}). Which ones the
 * integration tests cover is {@code chartcheck.it-databases} ({@code embedded}, {@code postgres} or both, comma
 * separated; the build's {@code postgres} profile asks for both). Tests of the two databases run side by side; the
 * tests on PostgreSQL share its one database, so they hold the {@value #POSTGRES_LOCK} lock.
 */
enum Database {
	EMBEDDED,
	POSTGRES;

	/** The JUnit resource lock of every test whose servers use the PostgreSQL database. */
	static final String POSTGRES_LOCK = "postgres-database";

	/** Whether {@code chartcheck.it-databases} asks for this database. */
	boolean tested() {
		return Arrays.stream(System.getProperty("chartcheck.it-databases", "embedded").split(","))
				.map(name -> name.trim().toUpperCase(Locale.ROOT))
				.anyMatch(name()::equals);
	}

	/** The database of a test that needs one of them (a measurement): PostgreSQL when it is tested, else H2. */
	static Database either() {
		return POSTGRES.tested() ? POSTGRES : EMBEDDED;
	}

	/** For {@code @EnabledIf}: the tests on PostgreSQL run only when it is asked for. */
	static boolean postgresTested() {
		return POSTGRES.tested();
	}

	/** For {@code @EnabledIf}. */
	static boolean embeddedTested() {
		return EMBEDDED.tested();
	}
}

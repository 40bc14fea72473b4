package dev.chartcheck.server;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The integration tests check as of a fixed moment, so that the scenario records (whose consents
 * expire, whose coordination windows run) mean the same thing on every day the suite runs.
 */
@TestConfiguration
class FixedClock {

	static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	@Bean
	Clock chartcheckClock() {
		return Clock.fixed(NOW, ZoneOffset.UTC);
	}
}

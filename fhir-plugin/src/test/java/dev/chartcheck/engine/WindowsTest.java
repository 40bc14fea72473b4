package dev.chartcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.Test;

class WindowsTest {

	@Test
	void theDefaultsAreThoseTheReadmeDocuments() {
		Windows windows = Windows.defaults();

		assertThat(windows.signing()).isEqualTo(Duration.ofDays(7));
		assertThat(windows.lateEntry()).isEqualTo(Duration.ofDays(7));
		assertThat(windows.documentation()).isEqualTo(Duration.ofDays(7));
		assertThat(windows.clockSkew()).isEqualTo(Duration.ofMinutes(5));
		assertThat(windows.coordination()).isEqualTo(Duration.ofDays(30));
		assertThat(windows.consentRenewal()).isEqualTo(Period.ofMonths(12));
		assertThat(windows.consentLookAhead()).isEqualTo(Duration.ofDays(30));
		assertThat(windows.episodeGap()).isEqualTo(Duration.ofDays(180));
	}

	@Test
	void renewalFallsDueOnTheSameCalendarDayAndTimeTwelveMonthsLater() {
		Windows windows = Windows.defaults();

		assertThat(windows.renewalDue(Instant.parse("2025-06-01T12:00:00Z"))).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
		// across a leap year: 12 months, not 365 days
		assertThat(windows.renewalDue(Instant.parse("2023-03-01T08:00:00Z"))).isEqualTo(Instant.parse("2024-03-01T08:00:00Z"));
		assertThat(windows.renewalDue(Instant.parse("2025-06-30T23:30:00Z"))).as("in UTC")
				.isEqualTo(Instant.parse("2026-06-30T23:30:00Z"));
	}

	@Test
	void aLeapDaySignatureFallsDueAtTheEndOfFebruary() {
		assertThat(Windows.defaults().renewalDue(Instant.parse("2024-02-29T10:00:00Z")))
				.isEqualTo(Instant.parse("2025-02-28T10:00:00Z"));
	}

	@Test
	void aShorterIntervalIsCountedInCalendarMonthsToo() {
		Windows d = Windows.defaults();
		Windows monthly = new Windows(d.signing(), d.lateEntry(), d.documentation(), d.clockSkew(), d.coordination(),
				Period.ofMonths(1), d.consentLookAhead(), d.episodeGap());

		assertThat(monthly.renewalDue(Instant.parse("2026-01-31T09:00:00Z"))).isEqualTo(Instant.parse("2026-02-28T09:00:00Z"));
		assertThat(monthly.renewalDue(Instant.parse("2026-02-15T09:00:00Z"))).isEqualTo(Instant.parse("2026-03-15T09:00:00Z"));
	}
}

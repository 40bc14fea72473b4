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
		assertThat(windows.screeningLookBack()).isEqualTo(Period.ofMonths(12));
		assertThat(windows.screeningFollowUp()).isEqualTo(Duration.ofDays(30));
		assertThat(windows.preventiveLookBack()).isEqualTo(Period.ofMonths(24));
		assertThat(windows.wellChildLookBack()).isEqualTo(Period.ofMonths(12));
		assertThat(windows.screeningCutOffs()).isEqualTo(new ScreeningCutOffs(3, 10, 4, 3));
	}

	@Test
	void aLookBackStartsOnTheSameCalendarDayInUtc() {
		assertThat(Windows.lookBackStart(Instant.parse("2026-06-01T12:00:00Z"), Period.ofMonths(24)))
				.isEqualTo(java.time.LocalDate.parse("2024-06-01"));
		assertThat(Windows.lookBackStart(Instant.parse("2026-02-28T23:59:00Z"), Period.ofMonths(12)))
				.isEqualTo(java.time.LocalDate.parse("2025-02-28"));
		// from the last day of a long month, the look-back starts on the last day of the shorter one
		assertThat(Windows.lookBackStart(Instant.parse("2026-03-31T08:00:00Z"), Period.ofMonths(1)))
				.isEqualTo(java.time.LocalDate.parse("2026-02-28"));
	}

	@Test
	void otherCutOffsKeepTheWindows() {
		Windows custom = Windows.defaults().withScreeningCutOffs(new ScreeningCutOffs(2, 12, 5, 4));

		assertThat(custom.screeningCutOffs().phq9()).isEqualTo(12);
		assertThat(custom.withScreeningCutOffs(ScreeningCutOffs.defaults())).isEqualTo(Windows.defaults());
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

package dev.chartcheck.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * The time windows the standards measure against.
 *
 * @param signing how long a note may stay {@code preliminary} before it counts as unsigned
 * @param lateEntry how long after an encounter ends its note may be written before it is a late entry
 * @param documentation how long after an encounter ends (or began) it may go without a note
 * @param clockSkew tolerance before an entry counts as dated in the future
 * @param coordination how long after a significant point of behavioral care the PCP must hear of it
 * @param consentRenewal how long a release-of-information consent holds before it must be re-requested
 * @param consentLookAhead how far ahead a consent's expiry or renewal shows as a prospective gap
 * @param episodeGap how long without behavioral-health encounters ends an episode of care
 */
public record Windows(
		Duration signing,
		Duration lateEntry,
		Duration documentation,
		Duration clockSkew,
		Duration coordination,
		Period consentRenewal,
		Duration consentLookAhead,
		Duration episodeGap) {

	public static Windows defaults() {
		return new Windows(
				Duration.ofDays(7),
				Duration.ofDays(7),
				Duration.ofDays(7),
				Duration.ofMinutes(5),
				Duration.ofDays(30),
				Period.ofMonths(12),
				Duration.ofDays(30),
				Duration.ofDays(180));
	}

	/** When a consent signed at {@code signed} is due for renewal (calendar months, in UTC). */
	public Instant renewalDue(Instant signed) {
		return signed.atZone(ZoneOffset.UTC).plus(consentRenewal).toInstant();
	}
}

package dev.chartcheck.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * The time windows the standards measure against, and the screening cut-offs measured with them.
 *
 * @param signing how long a note may stay {@code preliminary} before it counts as unsigned
 * @param lateEntry how long after an encounter ends its note may be written before it is a late entry
 * @param documentation how long after an encounter ends (or began) it may go without a note
 * @param clockSkew tolerance before an entry counts as dated in the future
 * @param coordination how long after a significant point of behavioral care the PCP must hear of it
 * @param consentRenewal how long a release-of-information consent holds before it must be re-requested
 * @param consentLookAhead how far ahead a consent's expiry or renewal shows as a prospective gap
 * @param episodeGap how long without behavioral-health encounters ends an episode of care
 * @param screeningLookBack how far back a depression and an alcohol-use screen must be found (calendar months)
 * @param screeningFollowUp how long after a positive screen its assessment or referral may come
 * @param preventiveLookBack how far back an adult's record must show a preventive service (calendar months)
 * @param wellChildLookBack how far back a minor's record must show a well-child visit (calendar months)
 * @param screeningCutOffs the scores that make a screen positive (not a window, but measured with them)
 */
public record Windows(
		Duration signing,
		Duration lateEntry,
		Duration documentation,
		Duration clockSkew,
		Duration coordination,
		Period consentRenewal,
		Duration consentLookAhead,
		Duration episodeGap,
		Period screeningLookBack,
		Duration screeningFollowUp,
		Period preventiveLookBack,
		Period wellChildLookBack,
		ScreeningCutOffs screeningCutOffs) {

	/** The record-keeping and behavioral-health windows, with the screening and preventive ones at their defaults. */
	public Windows(
			Duration signing,
			Duration lateEntry,
			Duration documentation,
			Duration clockSkew,
			Duration coordination,
			Period consentRenewal,
			Duration consentLookAhead,
			Duration episodeGap) {
		this(signing, lateEntry, documentation, clockSkew, coordination, consentRenewal, consentLookAhead, episodeGap,
				Period.ofMonths(12), Duration.ofDays(30), Period.ofMonths(24), Period.ofMonths(12), ScreeningCutOffs.defaults());
	}

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

	/** The same windows with other screening cut-offs. */
	public Windows withScreeningCutOffs(ScreeningCutOffs cutOffs) {
		return new Windows(signing, lateEntry, documentation, clockSkew, coordination, consentRenewal, consentLookAhead,
				episodeGap, screeningLookBack, screeningFollowUp, preventiveLookBack, wellChildLookBack, cutOffs);
	}

	/** The first day (UTC) of a look-back of {@code months} ending on {@code now}'s day: entries on or after it count. */
	public static LocalDate lookBackStart(Instant now, Period months) {
		return now.atZone(ZoneOffset.UTC).toLocalDate().minus(months);
	}

	/** When a consent signed at {@code signed} is due for renewal (calendar months, in UTC). */
	public Instant renewalDue(Instant signed) {
		return signed.atZone(ZoneOffset.UTC).plus(consentRenewal).toInstant();
	}
}

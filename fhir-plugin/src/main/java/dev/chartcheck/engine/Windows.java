package dev.chartcheck.engine;

import java.time.Duration;

/**
 * The time windows the standards measure against.
 *
 * @param signing how long a note may stay {@code preliminary} before it counts as unsigned
 * @param lateEntry how long after an encounter ends its note may be written before it is a late entry
 * @param documentation how long after an encounter ends (or began) it may go without a note
 * @param clockSkew tolerance before an entry counts as dated in the future
 */
public record Windows(Duration signing, Duration lateEntry, Duration documentation, Duration clockSkew) {

	public static Windows defaults() {
		return new Windows(Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(7), Duration.ofMinutes(5));
	}
}

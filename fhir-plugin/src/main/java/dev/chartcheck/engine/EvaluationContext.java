package dev.chartcheck.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The moment a check runs, the configured windows it measures against and the code sets it recognises.
 *
 * <p>A standard whose outcome depends on the moment as well as on the record (a window that closes, a consent that
 * expires, a patient who comes of age) says when time alone would change it: {@link #changesAt} with the instant a
 * comparison against {@link #now} flips. The earliest such instant ({@link #recheckAfter}) is when a finding kept
 * from this check must be checked again even though the record has not changed.
 */
public record EvaluationContext(Instant now, Windows windows, ClinicalCodes codes, AtomicReference<Instant> deadline) {

	public EvaluationContext(Instant now, Windows windows, ClinicalCodes codes) {
		this(now, windows, codes, new AtomicReference<>());
	}

	/** With the code sets the profiles package publishes. */
	public EvaluationContext(Instant now, Windows windows) {
		this(now, windows, ClinicalCodes.published());
	}

	/** The same moment, windows and code sets, watching deadlines afresh (one record's check). */
	public EvaluationContext fresh() {
		return new EvaluationContext(now, windows, codes);
	}

	/**
	 * An outcome of this check would change once the clock reaches {@code when} (an instant already past changes
	 * nothing and is ignored). Null is ignored.
	 */
	public void changesAt(Instant when) {
		if (when == null || !when.isAfter(now)) {
			return;
		}
		deadline.accumulateAndGet(when, (a, b) -> a == null || b.isBefore(a) ? b : a);
	}

	/** An outcome would change once the UTC day {@code day} begins. */
	public void changesOn(LocalDate day) {
		changesAt(day.atStartOfDay(ZoneOffset.UTC).toInstant());
	}

	/** An outcome depends on today's date (a look-back counted in days, a date in a message): tomorrow may differ. */
	public void changesTomorrow() {
		changesAt(now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS));
	}

	/** The earliest instant at which time alone changes an outcome of this check; null when none does. */
	public Instant recheckAfter() {
		return deadline.get();
	}

	/** Two contexts are equal when they check at the same moment under the same settings (whatever they watched). */
	@Override
	public boolean equals(Object other) {
		return other instanceof EvaluationContext that
				&& now.equals(that.now) && windows.equals(that.windows) && codes.equals(that.codes);
	}

	@Override
	public int hashCode() {
		return java.util.Objects.hash(now, windows, codes);
	}
}

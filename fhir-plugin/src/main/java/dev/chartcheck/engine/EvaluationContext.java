package dev.chartcheck.engine;

import java.time.Instant;

/** The moment a check runs, the configured windows it measures against and the code sets it recognises. */
public record EvaluationContext(Instant now, Windows windows, ClinicalCodes codes) {

	/** With the code sets the profiles package publishes. */
	public EvaluationContext(Instant now, Windows windows) {
		this(now, windows, ClinicalCodes.published());
	}
}

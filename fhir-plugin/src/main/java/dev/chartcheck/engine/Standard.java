package dev.chartcheck.engine;

/**
 * One documentation standard: reads a patient's record snapshot and reports what it examined and the
 * gaps it found. Implementations are pure: no I/O, no HTTP, no persistence.
 */
public interface Standard {

	/** The standard's code in the {@code documentation-standard} CodeSystem, e.g. {@code dated}. */
	String code();

	/** Checks the record as of {@code context.now()}. */
	StandardResult evaluate(RecordSnapshot record, EvaluationContext context);
}

package dev.chartcheck.standards;

import dev.chartcheck.engine.BehavioralHealthCare;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;

/** A standard that applies only to patients in behavioral-health care, and examines nothing otherwise. */
abstract class BehavioralHealthStandard implements Standard {

	@Override
	public final StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
		StandardResult.Builder result = new StandardResult.Builder(code());
		BehavioralHealthCare care = BehavioralHealthCare.of(record, context);
		if (care.inCare()) {
			evaluate(record, context, care, result);
		}
		return result.build();
	}

	/** Checks the record of a patient in behavioral-health care, adding to {@code result}. */
	abstract void evaluate(
			RecordSnapshot record, EvaluationContext context, BehavioralHealthCare care, StandardResult.Builder result);
}

package dev.chartcheck.check;

import org.hl7.fhir.r4.model.OperationOutcome;

/** The OperationOutcome of a refused request: one error, at the element it names. */
public final class Outcomes {

	private Outcomes() {}

	/** An OperationOutcome with one error of {@code type}, saying {@code message}, at {@code expression}. */
	public static OperationOutcome error(OperationOutcome.IssueType type, String message, String expression) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(type)
				.setDiagnostics(message)
				.addExpression(expression);
		return outcome;
	}
}

package dev.chartcheck.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;

/** The OperationOutcome a caller can act on: one error, what was wrong, and where. */
final class Outcomes {

	private Outcomes() {}

	static OperationOutcome error(OperationOutcome.IssueType type, String message, String expression) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(type)
				.setDiagnostics(message)
				.addExpression(expression);
		return outcome;
	}
}

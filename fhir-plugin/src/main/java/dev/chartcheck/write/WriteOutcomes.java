package dev.chartcheck.write;

import dev.chartcheck.check.ChartcheckCanonicals;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Tells the writer what its write left open: one {@code warning} issue per gap in a written resource, in the
 * OperationOutcome that {@code Prefer: return=OperationOutcome} asks for, and in each entry's
 * {@code response.outcome} of a transaction or batch response.
 */
@Interceptor
public class WriteOutcomes {

	private final WriteChecks checks;

	public WriteOutcomes(WriteChecks checks) {
		this.checks = checks;
	}

	/** One issue for one gap: the standard as its code, its sentence, and the element at fault. */
	static OperationOutcome.OperationOutcomeIssueComponent issue(Finding finding, OperationOutcome.IssueSeverity severity) {
		OperationOutcome.OperationOutcomeIssueComponent issue = new OperationOutcome.OperationOutcomeIssueComponent()
				.setSeverity(severity)
				.setCode(OperationOutcome.IssueType.BUSINESSRULE)
				.setDetails(new CodeableConcept()
						.addCoding(new Coding(ChartcheckCanonicals.STANDARD_SYSTEM, finding.standard(), null))
						.setText(finding.standard()
								+ (finding.status() == GapStatus.PROSPECTIVE ? " (due soon)" : "")))
				.setDiagnostics(finding.standard() + ": " + finding.detail());
		if (finding.expression() != null) {
			issue.addExpression(finding.expression());
		}
		return issue;
	}

	/** The request's writes are committed: run the reported checks, and tell the writer what is open. */
	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void outgoing(RequestDetails request, IBaseResource response) {
		Map<String, List<Finding>> bySubject = new LinkedHashMap<>();
		for (Finding finding : checks.report(request)) {
			bySubject.computeIfAbsent(finding.subject(), s -> new ArrayList<>()).add(finding);
		}
		if (bySubject.isEmpty()) {
			return;
		}
		if (response instanceof OperationOutcome outcome) {
			bySubject.values().forEach(findings -> warn(outcome, findings));
		} else if (response instanceof Bundle bundle) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				if (!entry.hasResponse() || !entry.getResponse().hasLocation()) {
					continue;
				}
				List<Finding> findings = bySubject.get(new IdType(entry.getResponse().getLocation()).toUnqualifiedVersionless().getValue());
				if (findings != null) {
					OperationOutcome outcome = entry.getResponse().getOutcome() instanceof OperationOutcome existing
							? existing
							: new OperationOutcome();
					warn(outcome, findings);
					entry.getResponse().setOutcome(outcome);
				}
			}
		}
	}

	private static void warn(OperationOutcome outcome, List<Finding> findings) {
		findings.forEach(finding -> outcome.addIssue(issue(finding, OperationOutcome.IssueSeverity.WARNING)));
	}
}

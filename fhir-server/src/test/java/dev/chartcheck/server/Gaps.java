package dev.chartcheck.server;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DetectedIssue;

/** Reads gaps off DetectedIssues the way an auditor would: standard, gap status, implicated resource. */
record Gaps(String standard, String gapStatus, String implicated) {

	static final String GAP_STATUS = "http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/extension-gapStatus";

	static Gaps of(DetectedIssue issue) {
		String status = issue.getModifierExtension().stream()
				.filter(e -> GAP_STATUS.equals(e.getUrl()))
				.map(e -> ((CodeableConcept) e.getValue()).getCodingFirstRep().getCode())
				.findFirst()
				.orElse(null);
		return new Gaps(
				issue.getCode().getCodingFirstRep().getCode(),
				status,
				issue.getImplicatedFirstRep().getReferenceElement().toUnqualifiedVersionless().getValue());
	}

	/** The DetectedIssue's finding key (its identifier in {@code https://chartcheck.dev/fhir/finding-key}), or null. */
	static String findingKey(DetectedIssue issue) {
		return issue.getIdentifier().stream()
				.filter(i -> "https://chartcheck.dev/fhir/finding-key".equals(i.getSystem()))
				.map(org.hl7.fhir.r4.model.Identifier::getValue)
				.findFirst()
				.orElse(null);
	}

	static List<DetectedIssue> issuesIn(Bundle auditBundle) {
		return auditBundle.getEntry().stream()
				.filter(e -> e.getResource() instanceof DetectedIssue)
				.map(e -> (DetectedIssue) e.getResource())
				.toList();
	}

	/** The gaps still in play (open or prospective). */
	static Set<Gaps> live(List<DetectedIssue> issues) {
		return issues.stream()
				.map(Gaps::of)
				.filter(g -> !"closed-gap".equals(g.gapStatus()))
				.collect(Collectors.toSet());
	}
}

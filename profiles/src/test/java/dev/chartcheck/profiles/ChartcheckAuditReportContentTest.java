package dev.chartcheck.profiles;

import static dev.chartcheck.profiles.ChartcheckPackageFixture.BASE;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.assertNoErrors;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.errors;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.resources;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.validator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/**
 * Checks the audit-report part of the FHIR package built into the jar: the extensions of the summary MeasureReport
 * that {@code $audit} returns (defined, allowed where the report puts them and nowhere else), the Measure's
 * stratifiers, and the provider's documentation attestation (its questions, and the example response and signature).
 */
class ChartcheckAuditReportContentTest {

	private static final String SD = BASE + "StructureDefinition/";
	private static final String STRATIFIER = BASE + "CodeSystem/audit-stratifier";
	private static final String ATTESTATION = BASE + "Questionnaire/documentation-attestation";
	private static final String REFERENCE_RESOURCE = "http://hl7.org/fhir/StructureDefinition/questionnaire-referenceResource";
	/** The summary report's extensions, and where it puts them. */
	private static final Map<String, List<String>> CONTEXTS = Map.of(
			"audit-sample", List.of("MeasureReport"),
			"compliance-goal", List.of("MeasureReport"),
			"goal-met", List.of("MeasureReport.group", "MeasureReport.group.stratifier.stratum"),
			"overall-compliance", List.of("MeasureReport"),
			"previous-compliance", List.of("MeasureReport", "MeasureReport.group"),
			"overdue-gaps", List.of("MeasureReport", "MeasureReport.group"));

	// --- the summary report ---------------------------------------------------------------------------

	@Test
	void summaryReportExtensionsAreDefinedForWhereTheReportPutsThem() {
		CONTEXTS.forEach((id, contexts) -> {
			StructureDefinition sd = (StructureDefinition) resources().get("package/StructureDefinition-" + id + ".json");
			assertNotNull(sd, id + " missing");
			assertEquals(SD + id, sd.getUrl());
			assertEquals("Extension", sd.getType());
			assertEquals(contexts, sd.getContext().stream().map(c -> c.getExpression()).toList(), id);
			sd.getContext().forEach(c -> assertEquals(StructureDefinition.ExtensionContextType.FHIRPATH, c.getType(), id));
		});
		assertEquals(Set.of("population", "drawn", "seed"), slices("audit-sample"));
		assertEquals(Set.of("report", "date", "score"), slices("previous-compliance"));
	}

	@Test
	void exampleSummaryReportUsesEveryExtensionWhereTheReportPutsIt() {
		MeasureReport report = summary();
		assertNoErrors("summary report", report);
		Set<String> used = new TreeSet<>();
		report.getExtension().forEach(e -> used.add(e.getUrl() + "@MeasureReport"));
		report.getGroup().forEach(g -> {
			g.getExtension().forEach(e -> used.add(e.getUrl() + "@MeasureReport.group"));
			g.getStratifier().forEach(s -> s.getStratum().forEach(st ->
					st.getExtension().forEach(e -> used.add(e.getUrl() + "@MeasureReport.group.stratifier.stratum"))));
		});
		Set<String> expected = new TreeSet<>();
		CONTEXTS.forEach((id, contexts) -> contexts.forEach(c -> expected.add(SD + id + "@" + c)));
		assertEquals(expected, used);
	}

	@Test
	void extensionsAreRejectedWhereTheReportDoesNotPutThemOrIncomplete() {
		assertRejected("goal-met on the report", r -> r.addExtension(SD + "goal-met", new BooleanType(true)), "goal-met");
		assertRejected("previous-compliance on a stratum", r -> r.getGroupFirstRep().getStratifierFirstRep()
				.getStratumFirstRep().addExtension(r.getExtensionByUrl(SD + "previous-compliance").copy()),
				"previous-compliance");
		assertRejected("audit-sample without drawn", r -> r.getExtensionByUrl(SD + "audit-sample").getExtension()
				.removeIf(e -> e.getUrl().equals("drawn")), "drawn");
		assertRejected("previous-compliance without its report", r -> r.getExtensionByUrl(SD + "previous-compliance")
				.getExtension().removeIf(e -> e.getUrl().equals("report")), "report");
	}

	private static void assertRejected(String what, Consumer<MeasureReport> change, String mentioned) {
		MeasureReport report = summary();
		change.accept(report);
		List<String> errors = errors(validator.validateWithResult(report));
		assertTrue(errors.stream().anyMatch(m -> m.contains(mentioned)), what + " not rejected:\n" + String.join("\n", errors));
	}

	@Test
	void measureStratifiersAreCodedAsTheSummaryReportCodesThem() {
		// the validator matches a report's stratifiers to the Measure's by system and code (and fails on a Measure
		// coding without a system), so both code them in the audit-stratifier code system
		List<String> expected = List.of(STRATIFIER + "|practitioner", STRATIFIER + "|licensure-category");
		Measure measure = (Measure) resources().get("package/Measure-documentation-standards-audit.json");
		assertFalse(measure.getGroup().isEmpty());
		measure.getGroup().forEach(g -> assertEquals(expected,
				g.getStratifier().stream().map(s -> key(s.getCode().getCodingFirstRep())).toList(), g.getId()));
		summary().getGroup().forEach(g -> assertEquals(expected,
				g.getStratifier().stream().map(s -> key(s.getCodeFirstRep().getCodingFirstRep())).toList(), g.getId()));
		CodeSystem system = (CodeSystem) resources().get("package/CodeSystem-audit-stratifier.json");
		assertEquals(expected, system.getConcept().stream().map(c -> system.getUrl() + "|" + c.getCode()).toList());
	}

	private static String key(Coding coding) {
		return coding.getSystem() + "|" + coding.getCode();
	}

	private static Set<String> slices(String id) {
		StructureDefinition sd = (StructureDefinition) resources().get("package/StructureDefinition-" + id + ".json");
		return sd.getDifferential().getElement().stream()
				.filter(e -> e.hasSliceName() && e.getPath().equals("Extension.extension"))
				.map(e -> e.getSliceName())
				.collect(Collectors.toSet());
	}

	private static MeasureReport summary() {
		return ((MeasureReport) example("MeasureReport-example-summary.json")).copy();
	}

	// --- the attestation ------------------------------------------------------------------------------

	@Test
	void attestationAsksForTheReportReviewedTheTwoAttestationsAndAComment() {
		Questionnaire q = (Questionnaire) resources().get("package/Questionnaire-documentation-attestation.json");
		assertNotNull(q, "Questionnaire documentation-attestation missing");
		assertEquals(ATTESTATION, q.getUrl());
		assertEquals(List.of("Practitioner"), q.getSubjectType().stream().map(CodeType::getValue).toList());
		assertEquals(List.of("audit-report", "reviewed-findings", "will-adhere", "comment"),
				q.getItem().stream().map(QuestionnaireItemComponent::getLinkId).toList());
		assertEquals(List.of(QuestionnaireItemType.REFERENCE, QuestionnaireItemType.BOOLEAN, QuestionnaireItemType.BOOLEAN,
				QuestionnaireItemType.TEXT), q.getItem().stream().map(QuestionnaireItemComponent::getType).toList());
		assertEquals(List.of(true, true, true, false), q.getItem().stream().map(QuestionnaireItemComponent::getRequired).toList());
		assertEquals(List.of("The audit report reviewed", "I have reviewed the findings of this audit",
				"I will adhere to the documentation standards"),
				q.getItem().subList(0, 3).stream().map(QuestionnaireItemComponent::getText).toList());
		Extension resource = q.getItem().get(0).getExtensionByUrl(REFERENCE_RESOURCE);
		assertNotNull(resource, "audit-report does not say what it refers to");
		assertEquals("MeasureReport", resource.getValue().primitiveValue());
	}

	@Test
	void exampleAttestationAnswersTheQuestionnaireAndIsSignedByItsAuthor() {
		QuestionnaireResponse response = (QuestionnaireResponse) example("QuestionnaireResponse-example-attestation.json");
		assertEquals(ATTESTATION, response.getQuestionnaire());
		assertEquals(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED, response.getStatus());
		assertEquals("Practitioner/example-pcp", response.getAuthor().getReference());
		assertTrue(response.hasAuthored());
		assertEquals("MeasureReport/example-summary", response.getItemFirstRep().getAnswerFirstRep().getValueReference().getReference());

		Provenance signature = (Provenance) example("Provenance-example-attestation-signature.json");
		assertEquals("QuestionnaireResponse/example-attestation", signature.getTargetFirstRep().getReference());
		assertTrue(signature.hasRecorded());
		assertTrue(signature.getAgentFirstRep().getType().hasCoding(
				"http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author"));
		assertEquals("Practitioner/example-pcp", signature.getAgentFirstRep().getWho().getReference());
		Coding type = signature.getSignatureFirstRep().getTypeFirstRep();
		assertEquals("urn:iso-astm:E1762-95:2013|1.2.840.10065.1.12.1.1", type.getSystem() + "|" + type.getCode());
		assertEquals("Practitioner/example-pcp", signature.getSignatureFirstRep().getWho().getReference());
		assertEquals("application/jose", signature.getSignatureFirstRep().getSigFormat());
		assertTrue(signature.getSignatureFirstRep().hasWhen() && signature.getSignatureFirstRep().hasData());
	}

	@Test
	void attestationResponsesAreValidatedAgainstTheQuestionnaire() {
		// a completed attestation must answer every required question, and only the questions asked
		QuestionnaireResponse unanswered = ((QuestionnaireResponse) example("QuestionnaireResponse-example-attestation.json")).copy();
		unanswered.getItem().removeIf(i -> i.getLinkId().equals("will-adhere"));
		List<String> errors = errors(validator.validateWithResult(unanswered));
		assertTrue(errors.stream().anyMatch(m -> m.contains("will-adhere")), String.join("\n", errors));

		QuestionnaireResponse unasked = ((QuestionnaireResponse) example("QuestionnaireResponse-example-attestation.json")).copy();
		unasked.addItem().setLinkId("not-asked").addAnswer().setValue(new BooleanType(true));
		errors = errors(validator.validateWithResult(unasked));
		assertTrue(errors.stream().anyMatch(m -> m.contains("not-asked")), String.join("\n", errors));
	}

	private static IBaseResource example(String file) {
		IBaseResource resource = resources().get("package/example/" + file);
		assertNotNull(resource, file + " missing");
		return resource;
	}
}

package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code $audit} contract: parameters, errors a caller can act on, and what the server advertises. */
class AuditOperationTest extends ServerTestBase {

	private static final String PATIENT = "Patient/mixed-pat";

	@BeforeEach
	void loadDeficientRecord() {
		postTransaction(scenario("mixed-several-gaps.bundle.json"));
	}

	private static Path scenario(String file) {
		return Path.of(System.getProperty("chartcheck.test-bundles", "../test-bundles"), file);
	}

	@Test
	void unknownPatientIs404WithAnOperationOutcome() {
		HttpResponse<String> response = http("GET", "/Patient/no-such-patient/$audit", null);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(outcome(response).getIssueFirstRep().getDiagnostics()).contains("no-such-patient");
	}

	@Test
	void badParametersAre400NamingTheParameter() {
		assertBadParameter("/" + PATIENT + "/$audit?periodStart=last-tuesday", "periodStart");
		assertBadParameter("/" + PATIENT + "/$audit?periodEnd=2025-13-45", "periodEnd");
		assertBadParameter("/" + PATIENT + "/$audit?periodStart=2025-06-01&periodEnd=2025-01-01", "periodEnd");
		assertBadParameter("/" + PATIENT + "/$audit?standard=handwriting", "standard");
		assertBadParameter("/" + PATIENT + "/$audit?persist=maybe", "persist");
	}

	@Test
	void persistFalseReportsGapsButWritesNothing() {
		// a copy of the deficient record under fresh ids, never audited before (its gaps were stored as it was written)
		loadThreeGapRecord("nopersist", null);
		int before = total("/DetectedIssue?_summary=count");
		List<String> storedBefore = versions(storedIssues("Patient/nopersist-pat"));
		Bundle answer = audit("Patient/nopersist-pat", "persist=false");
		assertThat(Gaps.live(Gaps.issuesIn(answer))).hasSize(3);
		assertThat(total("/DetectedIssue?_summary=count")).isEqualTo(before);
		assertThat(versions(storedIssues("Patient/nopersist-pat"))).isEqualTo(storedBefore);
	}

	private static List<String> versions(List<DetectedIssue> issues) {
		return issues.stream().map(i -> i.getIdElement().toUnqualified().getValue()).sorted().toList();
	}

	@Test
	void standardParameterLimitsTheAudit() {
		Bundle answer = audit(PATIENT, "standard=contact-documented");
		MeasureReport report = (MeasureReport) answer.getEntryFirstRep().getResource();
		assertThat(report.getGroup()).extracting(MeasureReport.MeasureReportGroupComponent::getId).containsExactly("contact-documented");
		assertThat(Gaps.live(Gaps.issuesIn(answer)))
				.containsExactly(new Gaps("contact-documented", "open-gap", "Encounter/mixed-enc3"));
	}

	@Test
	void periodLimitsTheEntriesChecked() {
		MeasureReport all = (MeasureReport) audit(PATIENT, "persist=false").getEntryFirstRep().getResource();
		MeasureReport none = (MeasureReport) audit(PATIENT, "persist=false&periodStart=2099-01-01").getEntryFirstRep().getResource();
		assertThat(denominator(all, "dated")).isPositive();
		assertThat(denominator(none, "dated")).isZero();
		assertThat(denominator(none, "patient-identification")).isEqualTo(1);
		assertThat(none.getPeriod().getStartElement().getValueAsString()).startsWith("2099-01-01");
	}

	@Test
	void postWithParametersWorksLikeGet() {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("standard").setValue(new StringType("contact-documented"));
		parameters.addParameter().setName("persist").setValue(new org.hl7.fhir.r4.model.BooleanType(false));
		parameters.addParameter().setName("periodStart").setValue(new org.hl7.fhir.r4.model.DateType("2024-01-01"));
		HttpResponse<String> response = http("POST", "/" + PATIENT + "/$audit", FHIR.newJsonParser().encodeResourceToString(parameters));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
		assertThat(((MeasureReport) answer.getEntryFirstRep().getResource()).getGroup()).hasSize(1);
	}

	@Test
	void capabilityStatementListsTheOperationAndItsDefinitionIsServed() {
		CapabilityStatement capabilities = client().capabilities().ofType(CapabilityStatement.class).execute();
		assertThat(capabilities.getRestFirstRep().getResource().stream()
						.filter(r -> r.getType().equals("Patient"))
						.flatMap(r -> r.getOperation().stream()))
				.anySatisfy(op -> {
					assertThat(op.getName()).isEqualTo("audit");
					assertThat(op.getDefinition()).isEqualTo("https://chartcheck.dev/fhir/OperationDefinition/audit");
				});
		assertThat(total("/OperationDefinition?url=https://chartcheck.dev/fhir/OperationDefinition/audit")).isEqualTo(1);
		assertThat(total("/Measure?url=https://chartcheck.dev/fhir/Measure/documentation-standards-audit")).isEqualTo(1);
	}

	@Test
	void profilesAreServedAndValidateAgainst() {
		assertThat(total("/StructureDefinition?url=https://chartcheck.dev/fhir/StructureDefinition/chartcheck-clinical-note")).isEqualTo(1);
		assertThat(total("/CodeSystem?url=https://chartcheck.dev/fhir/CodeSystem/documentation-standard")).isEqualTo(1);
		String undatedNote = """
				{"resourceType":"DocumentReference","status":"current",
				 "subject":{"reference":"Patient/mixed-pat"},
				 "content":[{"attachment":{"contentType":"text/plain","data":"U2VlbiB0b2RheS4="}}]}""";
		HttpResponse<String> response = http("POST",
				"/DocumentReference/$validate?profile=https://chartcheck.dev/fhir/StructureDefinition/chartcheck-clinical-note",
				undatedNote);
		OperationOutcome outcome = outcome(response);
		assertThat(outcome.getIssue())
				.filteredOn(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
				.anySatisfy(i -> assertThat(i.getDiagnostics() + i.getExpression()).contains("date"))
				.anySatisfy(i -> assertThat(i.getDiagnostics() + i.getExpression()).contains("author"));
	}

	@Test
	void badInputNeverYieldsA500() {
		assertThat(http("POST", "/Patient", "{\"resourceType\": \"Patient\", \"name\": [").statusCode()).isEqualTo(400);
		assertThat(http("POST", "/Patient", "{\"resourceType\":\"Patient\",\"birthDate\":\"not-a-date\"}").statusCode()).isEqualTo(400);
		assertThat(http("POST", "", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]}")
				.statusCode()).isEqualTo(400);
		assertThat(http("GET", "/Patient/mixed-pat/$audit?periodStart=2025-02-30", null).statusCode()).isEqualTo(400);
	}

	private void assertBadParameter(String path, String parameter) {
		HttpResponse<String> response = http("GET", path, null);
		assertThat(response.statusCode()).as(path).isEqualTo(400);
		OperationOutcome outcome = outcome(response);
		assertThat(outcome.getIssueFirstRep().getExpression()).extracting(StringType::getValue).containsExactly(parameter);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(parameter);
	}

	private static OperationOutcome outcome(HttpResponse<String> response) {
		return FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
	}

	private int total(String query) {
		return count(http("GET", query, null));
	}

	private static int count(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getTotal();
	}

	private static int denominator(MeasureReport report, String standard) {
		return report.getGroup().stream()
				.filter(g -> g.getId().equals(standard))
				.findFirst()
				.orElseThrow()
				.getPopulation().get(0).getCount();
	}
}

package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.IAnonymousInterceptor;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import dev.chartcheck.config.ChartcheckProperties;
import dev.chartcheck.check.StandardMode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Write-time checks: every write of a note, encounter, consent or claim answers with the gaps it leaves open. */
class WriteChecksTest extends ServerTestBase {

	private static final Map<String, String> RETURN_OUTCOME = Map.of("Prefer", "return=OperationOutcome");

	@Autowired
	private ChartcheckProperties properties;

	@Autowired
	private IInterceptorService storageInterceptors;

	@Test
	void aDeficientNoteIsAnsweredWithAWarningPerOpenStandardAndTheFixedNoteWithNone() {
		loadThreeGapRecord("wcA", null);
		HttpResponse<String> written = http("PUT", "/DocumentReference/wcA-doc3", note("wcA", "wcA-doc3", "wcA-enc3", false), RETURN_OUTCOME);
		assertThat(written.statusCode()).as(written.body()).isEqualTo(201);
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, written.body());
		List<OperationOutcome.OperationOutcomeIssueComponent> warnings = warnings(outcome);
		assertThat(warnings).extracting(i -> i.getDetails().getCodingFirstRep().getCode())
				.containsExactlyInAnyOrder("dated", "signature-credentials");
		assertThat(warnings).allSatisfy(w -> {
			assertThat(w.getDiagnostics()).startsWith(w.getDetails().getCodingFirstRep().getCode() + ": ");
			assertThat(w.getExpression()).singleElement().satisfies(e -> assertThat(e.getValue()).startsWith("DocumentReference"));
		});
		// the gap list is live: no audit ran, yet the gaps are stored
		assertThat(liveGapsOf("wcA-pat", "DocumentReference/wcA-doc3")).containsExactlyInAnyOrder("dated", "signature-credentials");

		HttpResponse<String> fixed = http("PUT", "/DocumentReference/wcA-doc3", note("wcA", "wcA-doc3", "wcA-enc3", true), RETURN_OUTCOME);
		assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
		assertThat(warnings(FHIR.newJsonParser().parseResource(OperationOutcome.class, fixed.body()))).isEmpty();
		assertThat(liveGapsOf("wcA-pat", "DocumentReference/wcA-doc3")).isEmpty();
		assertThat(storedIssues("Patient/wcA-pat")).filteredOn(i -> implicates(i, "DocumentReference/wcA-doc3"))
				.extracting(i -> Gaps.of(i).gapStatus())
				.containsOnly("closed-gap")
				.hasSize(2);
	}

	@Test
	void aTransactionGetsTheGapsOfEachEntryInItsResponseOutcome() {
		loadThreeGapRecord("wcB", null);
		Bundle response = postBundle(transaction(
				note("wcB", "wcB-doc3", "wcB-enc1", false),
				note("wcB", "wcB-doc4", "wcB-enc3", true)));
		Bundle.BundleEntryComponent deficient = entryFor(response, "DocumentReference/wcB-doc3");
		Bundle.BundleEntryComponent compliant = entryFor(response, "DocumentReference/wcB-doc4");
		assertThat(warnings((OperationOutcome) deficient.getResponse().getOutcome()))
				.extracting(i -> i.getDetails().getCodingFirstRep().getCode())
				.containsExactlyInAnyOrder("dated", "signature-credentials");
		if (compliant.getResponse().getOutcome() != null) {
			assertThat(warnings((OperationOutcome) compliant.getResponse().getOutcome()))
					.as(FHIR.newJsonParser().encodeResourceToString(compliant.getResponse().getOutcome()))
					.isEmpty();
		}
	}

	@Test
	void aConditionalCreateIsCheckedToo() {
		loadThreeGapRecord("wcE", null);
		String note = note("wcE", "unused", "wcE-enc3", false).replace("\"id\":\"unused\",", "")
				.replace("\"status\":\"current\"", "\"identifier\":[{\"system\":\"urn:example:notes\",\"value\":\"wcE-n1\"}],\"status\":\"current\"");
		Map<String, String> headers = Map.of("Prefer", "return=OperationOutcome", "If-None-Exist", "identifier=urn:example:notes|wcE-n1");
		HttpResponse<String> created = http("POST", "/DocumentReference", note, headers);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(warnings(FHIR.newJsonParser().parseResource(OperationOutcome.class, created.body())))
				.extracting(i -> i.getDetails().getCodingFirstRep().getCode())
				.containsExactlyInAnyOrder("dated", "signature-credentials");
		// the same conditional create again matches and writes nothing, so it has nothing new to say
		HttpResponse<String> matched = http("POST", "/DocumentReference", note, headers);
		assertThat(matched.statusCode()).as(matched.body()).isEqualTo(200);
		assertThat(warnings(FHIR.newJsonParser().parseResource(OperationOutcome.class, matched.body()))).isEmpty();
	}

	@Test
	void anEnforcedStandardRejectsTheWholeTransactionWith422() {
		loadThreeGapRecord("wcC", null);
		properties.getStandards().put("dated", StandardMode.ENFORCE);
		try {
			String bundle = transaction(encounter("wcC", "wcC-enc9"), note("wcC", "wcC-doc9", "wcC-enc9", false));
			HttpResponse<String> rejected = http("POST", "", bundle);
			assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
			OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, rejected.body());
			assertThat(outcome.getIssue()).extracting(i -> i.getDetails().getCodingFirstRep().getCode()).containsOnly("dated");
			assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
			// nothing of the transaction is stored
			assertThat(http("GET", "/Encounter/wcC-enc9", null).statusCode()).isEqualTo(404);
			assertThat(http("GET", "/DocumentReference/wcC-doc9", null).statusCode()).isEqualTo(404);

			// a compliant note of the same standard passes
			HttpResponse<String> accepted = http("PUT", "/DocumentReference/wcC-doc8", note("wcC", "wcC-doc8", "wcC-enc3", true), RETURN_OUTCOME);
			assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
		} finally {
			properties.getStandards().remove("dated");
		}
	}

	@Test
	void aCheckThatFailsInReportModeNeverFailsTheWrite() {
		loadThreeGapRecord("wcD", null);
		double failuresBefore = metric("chartcheck.write.check.failures");
		IAnonymousInterceptor brokenGapStore = (pointcut, args) -> {
			if (args.get(org.hl7.fhir.instance.model.api.IBaseResource.class) instanceof DetectedIssue) {
				throw new InternalErrorException("simulated storage failure while storing a gap");
			}
		};
		storageInterceptors.registerAnonymousInterceptor(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, brokenGapStore);
		try {
			HttpResponse<String> written = http("PUT", "/DocumentReference/wcD-doc3", note("wcD", "wcD-doc3", "wcD-enc3", false), RETURN_OUTCOME);
			assertThat(written.statusCode()).as(written.body()).isEqualTo(201);
		} finally {
			storageInterceptors.unregisterInterceptor(brokenGapStore);
		}
		assertThat(http("GET", "/DocumentReference/wcD-doc3", null).statusCode()).isEqualTo(200);
		assertThat(metric("chartcheck.write.check.failures")).isEqualTo(failuresBefore + 1);
		// and the next audit catches up
		assertThat(Gaps.live(Gaps.issuesIn(audit("Patient/wcD-pat", ""))))
				.extracting(Gaps::implicated)
				.contains("DocumentReference/wcD-doc3");
	}

	@Test
	void aWrittenClaimWithoutRecordsIsAnsweredWithAClaimRecordsWarningAndTheClaimWithItsNoteWithNone() {
		loadThreeGapRecord("wcF", null);
		HttpResponse<String> written = http("PUT", "/Claim/wcF-claim1", claim("wcF", null), RETURN_OUTCOME);
		assertThat(written.statusCode()).as(written.body()).isEqualTo(201);
		List<OperationOutcome.OperationOutcomeIssueComponent> warnings =
				warnings(FHIR.newJsonParser().parseResource(OperationOutcome.class, written.body()));
		// only claim-records runs for a Claim, and only the Claim's own gap is answered
		assertThat(warnings).singleElement().satisfies(w -> {
			assertThat(w.getDetails().getCodingFirstRep().getCode()).isEqualTo("claim-records");
			assertThat(w.getDiagnostics()).contains("line 1 (CPT 90868): supportingInfo names no clinical note");
			assertThat(w.getExpression()).singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo("Claim.item[0]"));
		});
		assertThat(liveGapsOf("wcF-pat", "Claim/wcF-claim1")).containsExactly("claim-records");

		HttpResponse<String> fixed = http("PUT", "/Claim/wcF-claim1", claim("wcF", "wcF-doc2"), RETURN_OUTCOME);
		assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
		assertThat(warnings(FHIR.newJsonParser().parseResource(OperationOutcome.class, fixed.body()))).isEmpty();
		assertThat(liveGapsOf("wcF-pat", "Claim/wcF-claim1")).isEmpty();
	}

	/** A claim for a TMS session (CPT 90868) at the three-gap record's second visit, with that visit's note or none. */
	private static String claim(String prefix, String note) {
		String supportingInfo = note == null ? "" : """
				"supportingInfo":[{"sequence":1,"category":{"coding":[{"system":
				 "http://terminology.hl7.org/CodeSystem/claiminformationcategory","code":"attachment"}]},
				 "valueReference":{"reference":"DocumentReference/%s"}}],""".formatted(note);
		return """
				{"resourceType":"Claim","id":"%s-claim1","status":"active",
				 "type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
				 "use":"claim","patient":{"reference":"Patient/%s-pat"},"created":"2025-03-11T08:00:00-04:00",
				 "provider":{"reference":"Practitioner/%s-prac2"},
				 "priority":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/processpriority","code":"normal"}]},%s
				 "insurance":[{"sequence":1,"focal":true,"coverage":{"display":"Evergreen Health Plan PPO"}}],
				 "item":[{"sequence":1,"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"90868"}]},
				  "servicedDate":"2025-03-10","encounter":[{"reference":"Encounter/%s-enc2"}]}]}
				""".formatted(prefix, prefix, prefix, supportingInfo, prefix);
	}

	/** A progress note for the encounter; compliant, or undated and signed by the uncredentialed clinician. */
	static String note(String prefix, String id, String encounter, boolean compliant) {
		String signer = compliant ? prefix + "-prac2" : prefix + "-prac";
		return """
				{"resourceType":"DocumentReference","id":"%s","status":"current","docStatus":"final",
				 "type":{"coding":[{"system":"http://loinc.org","code":"11506-3","display":"Progress note"}]},
				 "subject":{"reference":"Patient/%s-pat"},%s
				 "author":[{"reference":"Practitioner/%s"}],"authenticator":{"reference":"Practitioner/%s"},
				 "custodian":{"reference":"Organization/%s-org"},
				 "content":[{"attachment":{"contentType":"text/plain","data":"%s","title":"Progress note"}}],
				 "context":{"encounter":[{"reference":"Encounter/%s"}]}}
				""".formatted(id, prefix, compliant ? "\"date\":\"2025-04-07T15:00:00-04:00\"," : "", signer, signer, prefix,
				pageText(prefix), encounter);
	}

	/** The note's text, with the patient's name and MRN on its page (the three-gap record's patient). */
	static String pageText(String prefix) {
		return java.util.Base64.getEncoder().encodeToString(
				("Patient: Henrik Larsen    MRN: " + prefix + "-MRN\nProgress note\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private static String encounter(String prefix, String id) {
		return """
				{"resourceType":"Encounter","id":"%s","status":"finished",
				 "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
				 "subject":{"reference":"Patient/%s-pat"},
				 "participant":[{"individual":{"reference":"Practitioner/%s-prac2"}}],
				 "period":{"start":"2025-05-05T10:00:00-04:00","end":"2025-05-05T10:30:00-04:00"},
				 "serviceProvider":{"reference":"Organization/%s-org"}}
				""".formatted(id, prefix, prefix, prefix);
	}

	/** A transaction that PUTs each resource at its id. */
	private static String transaction(String... resources) {
		StringBuilder entries = new StringBuilder();
		for (String resource : resources) {
			org.hl7.fhir.r4.model.Resource parsed = (org.hl7.fhir.r4.model.Resource) FHIR.newJsonParser().parseResource(resource);
			String url = parsed.fhirType() + "/" + parsed.getIdElement().getIdPart();
			entries.append(entries.length() == 0 ? "" : ",")
					.append("{\"fullUrl\":\"").append(url).append("\",\"resource\":").append(resource)
					.append(",\"request\":{\"method\":\"PUT\",\"url\":\"").append(url).append("\"}}");
		}
		return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + entries + "]}";
	}

	private Bundle postBundle(String bundle) {
		HttpResponse<String> response = http("POST", "", bundle);
		assertThat(response.statusCode()).as(abbreviate(response.body())).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	private static Bundle.BundleEntryComponent entryFor(Bundle response, String resource) {
		return response.getEntry().stream()
				.filter(e -> e.getResponse().getLocation().startsWith(resource + "/"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no entry for " + resource));
	}

	private static List<OperationOutcome.OperationOutcomeIssueComponent> warnings(OperationOutcome outcome) {
		return outcome.getIssue().stream().filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.WARNING).toList();
	}

	private List<String> liveGapsOf(String patient, String implicated) {
		return storedIssues("Patient/" + patient).stream()
				.filter(i -> implicates(i, implicated))
				.map(Gaps::of)
				.filter(g -> !"closed-gap".equals(g.gapStatus()))
				.map(Gaps::standard)
				.toList();
	}

	private static boolean implicates(DetectedIssue issue, String resource) {
		return resource.equals(Gaps.of(issue).implicated());
	}
}

package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.config.ChartcheckProperties;
import dev.chartcheck.content.TestPdfs;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Attached documents over HTTP: page-level patient identification, legibility, and hostile content. Every hostile
 * note is stored and answered with a legibility warning (or refused with a 4xx when it is not valid FHIR), never a
 * 500 and never a hang; the rest of the patient's record is still checked, and the server goes on answering.
 */
class AttachmentChecksTest extends ServerTestBase {

	private static final Map<String, String> RETURN_OUTCOME = Map.of("Prefer", "return=OperationOutcome");
	/** The three gaps the copied record has before any note is added. */
	private static final List<String> RECORD_GAPS = List.of("signature-credentials DocumentReference/%s-doc1",
			"chronological-order DocumentReference/%s-doc1", "contact-documented Encounter/%s-enc3");

	@Autowired
	private ChartcheckProperties properties;

	@Test
	void aPdfWithoutTheNameOnPage3Of5IsAnsweredWithThatPage() {
		loadThreeGapRecord("atP", null);
		List<String> pages = List.of(header("atP") + "\n1", header("atP") + "\n2", "MRN: atP-MRN\n3", header("atP") + "\n4",
				header("atP") + "\n5");
		OperationOutcome outcome = write("atP", "atP-doc5", pdf(TestPdfs.text(pages)));
		assertThat(warnings(outcome)).containsOnlyKeys("patient-identification");
		OperationOutcome.OperationOutcomeIssueComponent warning = outcome.getIssue().stream()
				.filter(i -> "patient-identification".equals(i.getDetails().getCodingFirstRep().getCode()))
				.findFirst().orElseThrow();
		assertThat(warning.getDiagnostics()).isEqualTo("patient-identification: Page 3 of 5 does not show the patient's name.");
		assertThat(warning.getExpression()).extracting(e -> e.getValue()).containsExactly("DocumentReference.content[0].attachment");
	}

	@Test
	void anImageOnlyPdfIsFlaggedForHumanReview() {
		loadThreeGapRecord("atS", null);
		assertThat(warnings(write("atS", "atS-doc5", pdf(TestPdfs.imageOnly(2)))))
				.containsOnlyKeys("legibility")
				.containsValue("legibility: The attachment is a PDF with no text layer (image only, 2 pages). Flagged for human review.");
		DetectedIssue issue = storedIssues("Patient/atS-pat").stream()
				.filter(i -> Gaps.of(i).implicated().equals("DocumentReference/atS-doc5"))
				.findFirst().orElseThrow();
		assertThat(issue.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.LOW);
	}

	@Test
	void hostileAttachmentsAreReportedAndTheRestOfTheRecordIsStillChecked() {
		String p = "atH";
		loadThreeGapRecord(p, null);
		Map<String, String> hostile = new java.util.LinkedHashMap<>();
		hostile.put(p + "-corrupt", pdf(TestPdfs.corrupt()));
		hostile.put(p + "-pages", pdf(TestPdfs.blankPages(2_000)));
		hostile.put(p + "-bomb", pdf(TestPdfs.decompressionBomb(200L << 20)));
		hostile.put(p + "-elsewhere", "{\"contentType\":\"application/pdf\",\"url\":\"http://169.254.169.254/latest/meta-data/\"}");
		hostile.put(p + "-nobinary", "{\"contentType\":\"application/pdf\",\"url\":\"Binary/no-such-binary\"}");
		hostile.put(p + "-latin1", "{\"contentType\":\"text/plain\",\"data\":\""
				+ Base64.getEncoder().encodeToString(header(p).replace("Henrik", "Hénrik").getBytes(StandardCharsets.ISO_8859_1)) + "\"}");
		Map<String, String> expected = Map.of(
				p + "-corrupt", "damaged PDF",
				p + "-pages", "2000 pages, more than the limit of 500",
				p + "-bomb", "decompression bomb",
				p + "-elsewhere", "url-allow",
				p + "-nobinary", "Binary/no-such-binary cannot be read",
				p + "-latin1", "not valid UTF-8");
		for (Map.Entry<String, String> note : hostile.entrySet()) {
			long start = System.nanoTime();
			Map<String, String> warnings = warnings(write(p, note.getKey(), note.getValue()));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("write of %s", note.getKey()).isLessThan(Duration.ofMinutes(1));
			assertThat(warnings).as(note.getKey()).containsOnlyKeys("legibility");
			assertThat(warnings.get("legibility")).as(note.getKey()).contains(expected.get(note.getKey()));
			assertThat(http("GET", "/metadata", null).statusCode()).isEqualTo(200);
		}
		Set<String> live = Gaps.live(Gaps.issuesIn(audit("Patient/" + p + "-pat", ""))).stream()
				.map(g -> g.standard() + " " + g.implicated())
				.collect(Collectors.toSet());
		Set<String> wanted = new java.util.HashSet<>(RECORD_GAPS.stream().map(g -> g.formatted(p)).toList());
		hostile.keySet().forEach(id -> wanted.add("legibility DocumentReference/" + id));
		assertThat(live).isEqualTo(wanted);
	}

	@Test
	void anExtractionThatRunsOutOfTimeIsAFindingAndTheWriteReturns() {
		loadThreeGapRecord("atT", null);
		Duration before = properties.getAttachments().getExtractionTimeout();
		properties.getAttachments().setExtractionTimeout(Duration.ofNanos(1));
		try {
			assertThat(warnings(write("atT", "atT-doc5", pdf(TestPdfs.text(List.of(header("atT")))))).get("legibility"))
					.contains("could not be read in time");
		} finally {
			properties.getAttachments().setExtractionTimeout(before);
		}
	}

	@Test
	void aPdfStoredAsABinaryOnThisServerIsRead() {
		loadThreeGapRecord("atB", null);
		String binary = "{\"resourceType\":\"Binary\",\"id\":\"atB-bin\",\"contentType\":\"application/pdf\",\"data\":\""
				+ Base64.getEncoder().encodeToString(TestPdfs.text(List.of(header("atB"), "no name here"))) + "\"}";
		assertThat(http("PUT", "/Binary/atB-bin", binary).statusCode()).isIn(200, 201);
		assertThat(warnings(write("atB", "atB-doc5", "{\"contentType\":\"application/pdf\",\"url\":\"Binary/atB-bin\"}")))
				.containsOnlyKeys("patient-identification")
				.containsValue("patient-identification: Page 2 of 2 does not show the patient's name or identification number.");
	}

	@Test
	void aNoteOverTheAttachmentLimitIsStoredAndFlaggedWithoutBeingRead() {
		loadThreeGapRecord("atL", null);
		// 22 MB: over the 20 MB reading limit, and still (base64-encoded) within the 32 MB request limit
		byte[] text = new byte[22 << 20];
		java.util.Arrays.fill(text, (byte) 'a');
		long start = System.nanoTime();
		HttpResponse<String> written = http("PUT", "/DocumentReference/atL-doc5",
				note("atL", "atL-doc5", "{\"contentType\":\"text/plain\",\"data\":\"" + Base64.getEncoder().encodeToString(text) + "\"}"),
				RETURN_OUTCOME);
		System.out.printf("22 MB note: HTTP %d in %d ms%n", written.statusCode(), Duration.ofNanos(System.nanoTime() - start).toMillis());
		assertThat(written.statusCode()).as(abbreviate(written.body())).isLessThan(500);
		assertThat(written.statusCode()).as(abbreviate(written.body())).isEqualTo(201);
		assertThat(warnings(FHIR.newJsonParser().parseResource(OperationOutcome.class, written.body())).get("legibility"))
				.contains("too large to read", "limit of 20 MB");
		assertThat(http("GET", "/metadata", null).statusCode()).isEqualTo(200);
	}

	@Test
	void brokenBase64IsRefused() {
		loadThreeGapRecord("at64", null);
		HttpResponse<String> written = http("PUT", "/DocumentReference/at64-doc5",
				note("at64", "at64-doc5", "{\"contentType\":\"text/plain\",\"data\":\"this is *not* base64!\"}"), RETURN_OUTCOME);
		System.out.println("broken base64: HTTP " + written.statusCode() + " " + abbreviate(written.body()));
		assertThat(written.statusCode()).isEqualTo(400);
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, written.body());
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("element=\"data\"", "Invalid attribute value");
		assertThat(http("GET", "/DocumentReference/at64-doc5", null).statusCode()).isEqualTo(404);
	}

	/** A progress note on the copied record's encounter 2, dated and signed by its credentialed clinician. */
	private static String note(String prefix, String id, String attachment) {
		return """
				{"resourceType":"DocumentReference","id":"%s","status":"current","docStatus":"final",
				 "type":{"coding":[{"system":"http://loinc.org","code":"11506-3","display":"Progress note"}]},
				 "subject":{"reference":"Patient/%s-pat"},"date":"2025-03-10T15:00:00-04:00",
				 "author":[{"reference":"Practitioner/%s-prac2"}],"authenticator":{"reference":"Practitioner/%s-prac2"},
				 "custodian":{"reference":"Organization/%s-org"},
				 "content":[{"attachment":%s}],
				 "context":{"encounter":[{"reference":"Encounter/%s-enc2"}]}}
				""".formatted(id, prefix, prefix, prefix, prefix, attachment, prefix);
	}

	private static String header(String prefix) {
		return "Patient: Henrik Larsen    MRN: " + prefix + "-MRN";
	}

	private static String pdf(byte[] bytes) {
		return "{\"contentType\":\"application/pdf\",\"data\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
	}

	private OperationOutcome write(String prefix, String id, String attachment) {
		HttpResponse<String> written = http("PUT", "/DocumentReference/" + id, note(prefix, id, attachment), RETURN_OUTCOME);
		assertThat(written.statusCode()).as(abbreviate(written.body())).isEqualTo(201);
		return FHIR.newJsonParser().parseResource(OperationOutcome.class, written.body());
	}

	/** The warnings by standard: diagnostics. */
	private static Map<String, String> warnings(OperationOutcome outcome) {
		return outcome.getIssue().stream()
				.filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.WARNING)
				.collect(Collectors.toMap(i -> i.getDetails().getCodingFirstRep().getCode(),
						OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics, (a, b) -> a + " | " + b));
	}
}

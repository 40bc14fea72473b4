package org.example.hapi;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The host server with the plugin jar on its classpath and no other change: the plugin's features answer
 * over HTTP as they do in Chartcheck's own server.
 */
@SpringBootTest(classes = HostServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DropInTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final HttpClient HTTP = HttpClient.newHttpClient();
	private static final String STANDARDS = "https://chartcheck.dev/fhir/CodeSystem/documentation-standard";

	@LocalServerPort
	int port;

	@BeforeAll
	void loadARecord() throws Exception {
		put("Practitioner/host-prac", """
				{"resourceType":"Practitioner","id":"host-prac","name":[{"family":"Moreau","given":["Ines"]}]}""");
		put("Patient/host-pat", """
				{"resourceType":"Patient","id":"host-pat","name":[{"family":"Nakamura","given":["Ken"]}],
				 "identifier":[{"system":"urn:oid:2.16.840.1.113883.19.5","value":"H-2001"}],"birthDate":"1971-04-12"}""");
		put("Encounter/host-enc", """
				{"resourceType":"Encounter","id":"host-enc","status":"finished",
				 "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
				 "subject":{"reference":"Patient/host-pat"},"participant":[{"individual":{"reference":"Practitioner/host-prac"}}],
				 "period":{"start":"2025-09-01T09:00:00Z","end":"2025-09-01T09:30:00Z"}}""");
	}

	@Test
	void aWriteIsAnsweredWithTheGapsItLeavesOpen() throws Exception {
		HttpResponse<String> written = send("PUT", "/r4/DocumentReference/host-doc", undatedNote(), "application/fhir+json",
				"Prefer", "return=OperationOutcome");
		assertThat(written.statusCode()).as(written.body()).isIn(200, 201);
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, written.body());
		assertThat(outcome.getIssue())
				.filteredOn(i -> i.getSeverity() == OperationOutcome.IssueSeverity.WARNING)
				.extracting(i -> i.getDetails().getCodingFirstRep().getSystem() + "|" + i.getDetails().getCodingFirstRep().getCode())
				.contains(STANDARDS + "|dated", STANDARDS + "|signature-credentials");
	}

	@Test
	void auditAnswersWithAMeasureReportAndTheGaps() throws Exception {
		put("DocumentReference/host-doc2", undatedNote().replace("host-doc", "host-doc2"));
		HttpResponse<String> audit = send("GET", "/r4/Patient/host-pat/$audit", null, "application/fhir+json");
		assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
		Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, audit.body());
		assertThat(bundle.getEntryFirstRep().getResource()).isInstanceOf(MeasureReport.class);
		List<String> implicated = bundle.getEntry().stream()
				.filter(e -> e.getResource() instanceof DetectedIssue)
				.map(e -> ((DetectedIssue) e.getResource()).getImplicatedFirstRep().getReference())
				.toList();
		assertThat(implicated).contains("DocumentReference/host-doc2");
	}

	@Test
	void aResourceWithAnElementFhirDoesNotDefineIsRefusedNotStoredWithoutIt() throws Exception {
		HttpResponse<String> refused = send("PUT", "/r4/Patient/host-misspelt", """
				{"resourceType":"Patient","id":"host-misspelt","birthdate":"1971-04-12"}""", "application/fhir+json");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(FHIR.newJsonParser().parseResource(OperationOutcome.class, refused.body()).getIssueFirstRep().getDiagnostics())
				.contains("Unknown element 'birthdate'", "Patient.birthdate");
		assertThat(send("GET", "/r4/Patient/host-misspelt", null, "application/fhir+json").statusCode()).isEqualTo(404);
	}

	@Test
	void cdsHooksServicesAreServed() throws Exception {
		HttpResponse<String> discovery = send("GET", "/cds-services", null, "application/json");
		assertThat(discovery.statusCode()).as(discovery.body()).isEqualTo(200);
		assertThat(discovery.body()).contains("\"patient-view\"", "\"encounter-discharge\"");

		String request = """
				{"hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","hook":"encounter-discharge",
				 "context":{"userId":"Practitioner/host-prac","patientId":"host-pat","encounterId":"host-enc"}}""";
		String service = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(discovery.body())
				.path("services").findValues("id").stream()
				.map(com.fasterxml.jackson.databind.JsonNode::asText)
				.filter(id -> id.contains("discharge"))
				.findFirst()
				.orElseThrow();
		HttpResponse<String> cards = send("POST", "/cds-services/" + service, request, "application/json");
		assertThat(cards.statusCode()).as(cards.body()).isEqualTo(200);
		assertThat(cards.body()).contains("\"cards\"", "\"indicator\"");
	}

	private static String undatedNote() {
		return """
				{"resourceType":"DocumentReference","id":"host-doc","status":"current","docStatus":"final",
				 "type":{"coding":[{"system":"http://loinc.org","code":"11506-3"}]},
				 "subject":{"reference":"Patient/host-pat"},"author":[{"reference":"Practitioner/host-prac"}],
				 "content":[{"attachment":{"contentType":"text/plain","data":"Rm9sbG93LXVwIHZpc2l0Lgo="}}],
				 "context":{"encounter":[{"reference":"Encounter/host-enc"}]}}""";
	}

	private void put(String path, String body) throws Exception {
		HttpResponse<String> response = send("PUT", "/r4/" + path, body, "application/fhir+json");
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
	}

	private HttpResponse<String> send(String method, String path, String body, String contentType, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.header("Accept", contentType);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		request.method(method, body == null
				? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", contentType);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}

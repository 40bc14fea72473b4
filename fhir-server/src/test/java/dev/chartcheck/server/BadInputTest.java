package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bad-input corpus: every case is answered with a 4xx and an OperationOutcome that says what is wrong (never a
 * 500, never a hang: each request has a timeout), nothing of it is stored, and the server keeps serving.
 */
class BadInputTest extends ServerTestBase {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);
	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	private static final String JSON = "application/fhir+json";

	/** One bad request: what is sent, and the status and the words of the answer expected. */
	record Case(String name, String method, String path, String contentType, String body, int status, String... said) {}

	@BeforeEach
	void loadRecord() {
		// bi-pat, with its clinician bi-prac2, encounter bi-enc2 and organization bi-org
		loadThreeGapRecord("bi", null);
	}

	private static List<Case> corpus() {
		return List.of(
				new Case("malformed JSON", "POST", "/Patient", JSON, "{\"resourceType\": \"Patient\", \"name\": [",
						400, "Failed to parse"),
				new Case("unknown element", "POST", "/DocumentReference", JSON,
						note("\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"aGVsbG8=\"},\"foo\":\"bar\"}]"),
						400, "Unknown element 'foo'", "DocumentReference.content[0].foo"),
				new Case("unknown element at the top", "PUT", "/Patient/bi-pat", JSON,
						"{\"resourceType\":\"Patient\",\"id\":\"bi-pat\",\"birthdate\":\"1980-01-01\"}",
						400, "Unknown element 'birthdate'", "Patient.birthdate"),
				new Case("a non-repeating element sent as an array", "POST", "/Patient", JSON,
						"{\"resourceType\":\"Patient\",\"gender\":[\"female\",\"male\"]}", 400, "Multiple repetitions of non-repeatable element 'gender'"),
				new Case("wrong resourceType for the endpoint", "POST", "/DocumentReference", JSON,
						"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Wrong\"}]}",
						400, "DocumentReference", "Patient"),
				new Case("invalid date", "POST", "/DocumentReference", JSON,
						note("\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"aGVsbG8=\"}}]")
								.replace("2025-03-10T15:00:00-04:00", "2026-13-45"),
						400, "Invalid attribute value \"2026-13-45\""),
				new Case("invalid birth date", "POST", "/Patient", JSON,
						"{\"resourceType\":\"Patient\",\"birthDate\":\"2026-13-45\"}", 400, "Invalid attribute value \"2026-13-45\""),
				new Case("invalid code", "POST", "/DocumentReference", JSON,
						note("\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"aGVsbG8=\"}}]")
								.replace("\"status\":\"current\"", "\"status\":\"bogus\""),
						400, "bogus"),
				new Case("broken base64", "POST", "/DocumentReference", JSON,
						note("\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"this is *not* base64!\"}}]"),
						400, "element=\"data\"", "Invalid attribute value"),
				new Case("reference to a missing resource", "POST", "/DocumentReference", JSON,
						note("\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"aGVsbG8=\"}}]")
								.replace("Practitioner/bi-prac2", "Practitioner/no-such-clinician"),
						400, "Practitioner/no-such-clinician", "not found"),
				new Case("XML sent as JSON", "POST", "/Patient", JSON,
						"<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"male\"/></Patient>", 400, "Failed to parse"),
				new Case("a body without a Content-Type", "POST", "/Patient", null,
						"{\"resourceType\":\"Patient\"}", 400, "Content-Type"),
				new Case("a body of another Content-Type", "POST", "/Patient", "text/plain",
						"{\"resourceType\":\"Patient\"}", 400, "Content-Type", "text/plain"),
				new Case("empty body on create", "POST", "/Patient", JSON, "", 400, "body"),
				new Case("empty body on update", "PUT", "/Patient/bi-empty", JSON, "", 400, "body"),
				new Case("empty transaction", "POST", "", JSON, "", 400, "body"),
				new Case("$audit of an unknown patient", "GET", "/Patient/nope/$audit", null, null, 404, "nope"),
				new Case("$audit of an unknown practitioner", "GET", "/Practitioner/nope/$audit", null, null, 404, "Practitioner/nope"),
				new Case("$audit of an unknown organization", "GET", "/Organization/nope/$audit", null, null, 404, "Organization/nope"),
				new Case("$audit periodStart unparsable", "GET", "/Patient/bi-pat/$audit?periodStart=2025-02-30", null, null,
						400, "periodStart", "2025-02-30"),
				new Case("$audit periodEnd unparsable", "GET", "/Patient/bi-pat/$audit?periodEnd=yesterday", null, null,
						400, "periodEnd", "yesterday"),
				new Case("$audit periodStart after periodEnd", "GET",
						"/Patient/bi-pat/$audit?periodStart=2025-06-01&periodEnd=2025-01-01", null, null,
						400, "periodEnd (2025-01-01) is before periodStart (2025-06-01)"),
				new Case("$audit unknown standard", "GET", "/Patient/bi-pat/$audit?standard=bogus-standard", null, null,
						400, "standard \"bogus-standard\" is not checked by this server"),
				new Case("$audit negative sampleSize", "GET", "/$audit?sampleSize=-5", null, null,
						400, "sampleSize must be a positive whole number, not \"-5\""),
				new Case("$audit non-numeric sampleSize", "GET", "/Organization/bi-org/$audit?sampleSize=ten", null, null,
						400, "sampleSize must be a whole number, not \"ten\""),
				new Case("$audit negative sampleSize in a Parameters body", "POST", "/$audit", JSON,
						"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"sampleSize\",\"valueInteger\":-5}]}",
						400, "sampleSize must be a positive whole number"),
				new Case("$audit with a misspelt parameter value", "POST", "/Patient/bi-pat/$audit", JSON,
						"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"periodStart\",\"valueDat\":\"2025-01-01\"}]}",
						400, "Unknown element 'valueDat'", "Parameters.parameter[0].valueDat"));
	}

	@Test
	void everyBadInputIsA4xxWithAnOperationOutcomeThatNamesTheProblem() {
		SoftAssertions softly = new SoftAssertions();
		for (Case bad : corpus()) {
			HttpResponse<String> response = send(bad.method(), bad.path(), bad.contentType(), bad.body());
			String diagnostics;
			try {
				diagnostics = diagnostics(response);
			} catch (RuntimeException | AssertionError notAnOutcome) {
				softly.fail("%s: HTTP %d without an OperationOutcome: %s", bad.name(), response.statusCode(), abbreviate(response.body()));
				continue;
			}
			System.out.printf("bad input: %-48s HTTP %d %s%n", bad.name(), response.statusCode(), abbreviate(diagnostics));
			softly.assertThat(response.statusCode()).as("%s: %s", bad.name(), abbreviate(response.body())).isEqualTo(bad.status());
			softly.assertThat(diagnostics).as(bad.name()).contains(bad.said());
		}
		softly.assertAll();
		// nothing of the corpus was stored
		assertThat(send("GET", "/DocumentReference?subject=Patient/bi-pat&_summary=count", null, null).body())
				.contains("\"total\": 2");
		assertThat(send("GET", "/Patient/bi-empty", null, null).statusCode()).isEqualTo(404);
		assertStillServes("bi-after-corpus");
	}

	@Test
	void aTransactionWithOneBrokenEntryIsRefusedWholeAndNothingOfItIsStored() {
		String unknownElement = transaction(note("\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"aGVsbG8=\"},\"foo\":1}]"));
		HttpResponse<String> refused = send("POST", "", JSON, unknownElement);
		System.out.println("transaction, unknown element in an entry: HTTP " + refused.statusCode() + " " + diagnostics(refused));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(diagnostics(refused)).contains("Unknown element 'foo'", "Bundle.entry[2].resource.content[0].foo");

		String missingReference = transaction(note("\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"aGVsbG8=\"}}]")
				.replace("Practitioner/bi-prac2", "Practitioner/no-such-clinician"));
		refused = send("POST", "", JSON, missingReference);
		System.out.println("transaction, entry with a missing reference: HTTP " + refused.statusCode() + " " + diagnostics(refused));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(diagnostics(refused)).contains("Practitioner/no-such-clinician", "not found");

		// neither the good entries before the broken one nor the broken one landed
		assertThat(send("GET", "/Patient/bi-tx-pat", null, null).statusCode()).isEqualTo(404);
		assertThat(send("GET", "/Encounter/bi-tx-enc", null, null).statusCode()).isEqualTo(404);
		assertThat(send("GET", "/DocumentReference?subject=Patient/bi-tx-pat&_summary=count", null, null).body())
				.contains("\"total\": 0");
		assertStillServes("bi-after-tx");
	}

	@Test
	void anOversizedNoteIs413WithAnOperationOutcomeWhetherItsLengthIsDeclaredOrNot() {
		byte[] text = new byte[25 << 20];
		Arrays.fill(text, (byte) 'a');
		String body = note("\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\""
				+ java.util.Base64.getEncoder().encodeToString(text) + "\"}}]");
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

		long start = System.nanoTime();
		HttpResponse<String> declared = exchange(request("POST", "/DocumentReference", JSON)
				.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
		System.out.printf("oversized note, %d bytes with Content-Length: HTTP %d in %d ms %s%n", bytes.length,
				declared.statusCode(), Duration.ofNanos(System.nanoTime() - start).toMillis(), diagnostics(declared));
		assertThat(declared.statusCode()).as(abbreviate(declared.body())).isEqualTo(413);
		assertThat(diagnostics(declared)).contains("larger than this server accepts", "chartcheck.max-request-size");

		start = System.nanoTime();
		HttpResponse<String> chunked = exchange(request("POST", "/DocumentReference", JSON)
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build());
		System.out.printf("oversized note, chunked: HTTP %d in %d ms %s%n", chunked.statusCode(),
				Duration.ofNanos(System.nanoTime() - start).toMillis(), diagnostics(chunked));
		assertThat(chunked.statusCode()).as(abbreviate(chunked.body())).isEqualTo(413);
		assertThat(diagnostics(chunked)).contains("larger than this server accepts", "chartcheck.max-request-size");

		assertThat(send("GET", "/DocumentReference?subject=Patient/bi-pat&_summary=count", null, null).body())
				.contains("\"total\": 2");
		assertStillServes("bi-after-oversize");
	}

	@Test
	void aGzipBodyIsLimitedByItsInflatedSize() {
		// 34 MB of base64 that compresses to some 34 kB: HAPI alone would inflate whatever arrives
		String bomb = note("\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"" + "A".repeat(34 << 20) + "\"}}]");
		byte[] compressed = gzip(bomb);
		HttpResponse<String> refused = exchange(request("POST", "/DocumentReference", JSON).header("Content-Encoding", "gzip")
				.POST(HttpRequest.BodyPublishers.ofByteArray(compressed)).build());
		System.out.printf("gzip body of %d bytes inflating to %d: HTTP %d %s%n", compressed.length, bomb.length(),
				refused.statusCode(), diagnostics(refused));
		assertThat(refused.statusCode()).as(abbreviate(refused.body())).isEqualTo(413);
		assertThat(diagnostics(refused)).contains("larger than this server accepts");

		HttpResponse<String> notGzip = exchange(request("POST", "/Patient", JSON).header("Content-Encoding", "gzip")
				.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\"}")).build());
		assertThat(notGzip.statusCode()).as(notGzip.body()).isEqualTo(400);
		assertThat(diagnostics(notGzip)).contains("GZIP");

		String id = "bi-gzip";
		HttpResponse<String> written = exchange(request("PUT", "/Patient/" + id, JSON).header("Content-Encoding", "gzip")
				.PUT(HttpRequest.BodyPublishers.ofByteArray(gzip(
						"{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"Zipped\"}]}"))).build());
		assertThat(written.statusCode()).as(written.body()).isIn(200, 201);
		assertThat(send("GET", "/Patient/" + id, null, null).body()).contains("Zipped");
	}

	private static byte[] gzip(String text) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
			zip.write(text.getBytes(StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out.toByteArray();
	}

	/** A good write and its read succeed. */
	private void assertStillServes(String id) {
		HttpResponse<String> written = send("PUT", "/Patient/" + id, JSON,
				"{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"Still\",\"given\":[\"Serving\"]}]}");
		assertThat(written.statusCode()).as(written.body()).isIn(200, 201);
		HttpResponse<String> read = send("GET", "/Patient/" + id, null, null);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).contains("Serving");
	}

	/** A note of bi-pat on encounter bi-enc2, signed by bi-prac2, with the given content. */
	private static String note(String content) {
		return """
				{"resourceType":"DocumentReference","status":"current","docStatus":"final",
				 "type":{"coding":[{"system":"http://loinc.org","code":"11506-3"}]},
				 "subject":{"reference":"Patient/bi-pat"},"date":"2025-03-10T15:00:00-04:00",
				 "author":[{"reference":"Practitioner/bi-prac2"}],"authenticator":{"reference":"Practitioner/bi-prac2"},
				 %s,
				 "context":{"encounter":[{"reference":"Encounter/bi-enc2"}]}}
				""".formatted(content);
	}

	/** A transaction: a good new Patient and Encounter, then {@code note} as the third entry (for the new patient). */
	private static String transaction(String note) {
		String entry = note.replace("Patient/bi-pat", "Patient/bi-tx-pat").replace("Encounter/bi-enc2", "Encounter/bi-tx-enc");
		return """
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"resource":{"resourceType":"Patient","id":"bi-tx-pat","name":[{"family":"Atomic","given":["Ann"]}],
				   "identifier":[{"system":"urn:mrn","value":"bi-tx-1"}]},
				  "request":{"method":"PUT","url":"Patient/bi-tx-pat"}},
				 {"resource":{"resourceType":"Encounter","id":"bi-tx-enc","status":"finished",
				   "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
				   "subject":{"reference":"Patient/bi-tx-pat"},"period":{"start":"2025-03-10T14:00:00-04:00"}},
				  "request":{"method":"PUT","url":"Encounter/bi-tx-enc"}},
				 {"resource":%s,"request":{"method":"POST","url":"DocumentReference"}}]}
				""".formatted(entry);
	}

	private HttpRequest.Builder request(String method, String path, String contentType) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
				.timeout(TIMEOUT)
				.header("Accept", JSON)
				.header("Authorization", "Bearer " + TestAuthority.system());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return request;
	}

	private HttpResponse<String> send(String method, String path, String contentType, String body) {
		return exchange(request(method, path, contentType)
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
				.build());
	}

	private static HttpResponse<String> exchange(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " got no answer", e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** The diagnostics of the answer's OperationOutcome; fails when the answer is not one. */
	private static String diagnostics(HttpResponse<String> response) {
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssue()).as("issues of %s", response.body()).isNotEmpty();
		return String.join(" | ", outcome.getIssue().stream().map(i -> String.valueOf(i.getDiagnostics())).toList());
	}
}

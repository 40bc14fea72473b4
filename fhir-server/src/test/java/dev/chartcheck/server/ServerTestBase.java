package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Boots the real server on a random port (once per JVM: every test class shares this configuration, so
 * Spring's context cache keeps it to one boot) and talks to it over HTTP.
 */
@SpringBootTest(classes = ChartcheckServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FixedClock.class)
abstract class ServerTestBase {

	protected static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@LocalServerPort
	protected int port;

	protected String base() {
		return "http://localhost:" + port + "/fhir";
	}

	protected IGenericClient client() {
		FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		FHIR.getRestfulClientFactory().setSocketTimeout(600_000);
		return FHIR.newRestfulGenericClient(base());
	}

	/** A raw HTTP exchange, for the cases a FHIR client would not send (malformed bodies, bad parameters). */
	protected HttpResponse<String> http(String method, String path, String body) {
		return http(method, path, body, java.util.Map.of());
	}

	protected HttpResponse<String> http(String method, String path, String body, java.util.Map<String, String> headers) {
		// token searches use '|', which java.net.URI wants escaped
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path.replace("|", "%7C")))
				.timeout(Duration.ofMinutes(10))
				.header("Accept", "application/fhir+json");
		headers.forEach(request::header);
		if (body == null) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		} else {
			request.header("Content-Type", "application/fhir+json").method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Posts a transaction Bundle file and asserts that it succeeded. */
	protected Bundle postTransaction(Path file) {
		HttpResponse<String> response = http("POST", "", read(file));
		assertThat(response.statusCode()).as("transaction %s: %s", file.getFileName(), abbreviate(response.body())).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	/**
	 * Loads a copy of the three-gap scenario ({@code mixed-several-gaps}) under its own ids: every
	 * {@code mixed-} id becomes {@code <prefix>-}, its organization {@code organization} (when given) and its
	 * MRN {@code <prefix>-MRN}, so that a test class owns the records it counts.
	 */
	protected void loadThreeGapRecord(String prefix, String organization) {
		String bundle = read(Path.of(System.getProperty("chartcheck.test-bundles", "../test-bundles"), "mixed-several-gaps.bundle.json"));
		if (organization != null) {
			bundle = bundle.replace("mixed-org", organization);
		}
		bundle = bundle.replace("mixed-", prefix + "-").replace("GFH-580374", prefix + "-MRN");
		HttpResponse<String> response = http("POST", "", bundle);
		assertThat(response.statusCode()).as("copy %s: %s", prefix, abbreviate(response.body())).isEqualTo(200);
	}

	/** {@code GET Patient/[id]/$audit?query}; returns the parsed Bundle, asserting a 200. */
	protected Bundle audit(String patient, String query) {
		HttpResponse<String> response = http("GET", "/" + patient + "/$audit" + (query.isEmpty() ? "" : "?" + query), null);
		assertThat(response.statusCode()).as("$audit %s: %s", patient, abbreviate(response.body())).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	/** Every stored DetectedIssue of the patient, whatever its status. */
	protected List<DetectedIssue> storedIssues(String patient) {
		Bundle page = client().search().forResource(DetectedIssue.class)
				.where(DetectedIssue.PATIENT.hasId(patient))
				.count(500)
				.returnBundle(Bundle.class)
				.execute();
		return page.getEntry().stream().map(e -> (DetectedIssue) e.getResource()).toList();
	}

	protected static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	protected static String abbreviate(String text) {
		return text == null || text.length() < 2000 ? text : text.substring(0, 2000) + "…";
	}
}

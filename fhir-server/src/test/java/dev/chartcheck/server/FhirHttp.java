package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;

/** Raw HTTP to a FHIR server, JSON both ways: for what a FHIR client would not send, and for servers in child processes. */
final class FhirHttp {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String base;
	private final String token;

	/** Talks to {@code base} as the EHR system (see {@link TestAuthority#system()}). */
	FhirHttp(String base) {
		this(base, TestAuthority.system());
	}

	/** Talks to {@code base} with {@code token}, or with none when it is null. */
	FhirHttp(String base, String token) {
		this.base = base;
		this.token = token;
	}

	String base() {
		return base;
	}

	/**
	 * A transaction Bundle that copies the three-gap scenario ({@code mixed-several-gaps}) under its own ids:
	 * every {@code mixed-} id becomes {@code <prefix>-}, its organization {@code organization} (when given)
	 * and its MRN {@code <prefix>-MRN} (also on the notes' pages), so that a test owns the records it counts.
	 */
	static String threeGapRecord(String prefix, String organization) {
		Path scenario = Path.of(System.getProperty("chartcheck.test-bundles", "../test-bundles"), "mixed-several-gaps.bundle.json");
		String bundle;
		try {
			bundle = Files.readString(scenario);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		if (organization != null) {
			bundle = bundle.replace("mixed-org", organization);
		}
		String copy = bundle.replace("mixed-", prefix + "-").replace("GFH-580374", prefix + "-MRN");
		// the notes print the MRN on their page: their base64 text gets the new one too
		Matcher data = Pattern.compile("\"data\": \"([A-Za-z0-9+/=]+)\"").matcher(copy);
		StringBuilder out = new StringBuilder();
		while (data.find()) {
			String text = new String(java.util.Base64.getDecoder().decode(data.group(1)), java.nio.charset.StandardCharsets.UTF_8);
			String encoded = java.util.Base64.getEncoder().encodeToString(
					text.replace("GFH-580374", prefix + "-MRN").getBytes(java.nio.charset.StandardCharsets.UTF_8));
			data.appendReplacement(out, "\"data\": \"" + encoded + "\"");
		}
		data.appendTail(out);
		return out.toString();
	}

	/**
	 * The three-gap records of several prefixes (see {@link #threeGapRecord}) in one transaction: loading a
	 * population this way takes a fraction of the requests. What the records share (their organization) is written once.
	 */
	static String threeGapRecords(List<String> prefixes, String organization) {
		IParser json = FhirContext.forR4Cached().newJsonParser();
		Bundle all = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Set<String> written = new HashSet<>();
		for (String prefix : prefixes) {
			Bundle one = json.parseResource(Bundle.class, threeGapRecord(prefix, organization));
			for (Bundle.BundleEntryComponent entry : one.getEntry()) {
				if (written.add(entry.getRequest().getUrl())) {
					all.addEntry(entry);
				}
			}
		}
		return json.encodeResourceToString(all);
	}

	/** A Micrometer meter's value, as {@code /actuator/metrics/<name>} gives it (this being the server's root). */
	double metric(String name) {
		HttpResponse<String> metric = send("GET", "/actuator/metrics/" + name, null, Map.of("Accept", "application/json"));
		assertThat(metric.statusCode()).as(metric.body()).isEqualTo(200);
		Matcher value = Pattern.compile("\"value\":([0-9.]+)").matcher(metric.body());
		assertThat(value.find()).as(metric.body()).isTrue();
		return Double.parseDouble(value.group(1));
	}

	HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
		// token searches use '|', which java.net.URI wants escaped
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path.replace("|", "%7C")))
				.timeout(Duration.ofMinutes(10))
				.header("Accept", "application/fhir+json");
		if (token != null) {
			request.setHeader("Authorization", "Bearer " + token);
		}
		headers.forEach(request::setHeader);
		if (body == null) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		} else {
			request.setHeader("Content-Type", "application/fhir+json"); request.method(method, HttpRequest.BodyPublishers.ofString(body));
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
}

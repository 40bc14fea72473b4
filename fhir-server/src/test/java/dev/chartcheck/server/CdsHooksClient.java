package dev.chartcheck.server;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** A CDS client as an EHR is one: plain JSON over HTTP to {@code [root]/cds-services}, outside {@code /fhir}. */
final class CdsHooksClient {

	static final ObjectMapper JSON = new ObjectMapper();
	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String root;
	private final String token;

	/** A client acting as the EHR system (see {@link TestAuthority#system()}). */
	CdsHooksClient(String root) {
		this(root, TestAuthority.system());
	}

	CdsHooksClient(String root, String token) {
		this.root = root;
		this.token = token;
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(root + "/cds-services" + path)).GET());
	}

	HttpResponse<String> post(String path, String body) {
		return send(HttpRequest.newBuilder(URI.create(root + "/cds-services" + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** Calls a service and returns its answer, asserting nothing. */
	HttpResponse<String> call(String service, String hook, Map<String, String> context, Map<String, IBaseResource> prefetch) {
		ObjectNode request = JSON.createObjectNode()
				.put("hook", hook)
				.put("hookInstance", UUID.randomUUID().toString());
		ObjectNode ctx = request.putObject("context").put("userId", "Practitioner/cds-user");
		context.forEach(ctx::put);
		if (!prefetch.isEmpty()) {
			ObjectNode fetched = request.putObject("prefetch");
			prefetch.forEach((key, resource) -> fetched.set(key, json(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(resource))));
		}
		return post("/" + service, request.toString());
	}

	static JsonNode json(String text) {
		try {
			return JSON.readTree(text);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HTTP.send(request.header("Accept", "application/json").header("Authorization", "Bearer " + token)
					.timeout(Duration.ofMinutes(2)).build(),
					HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}

package dev.chartcheck.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The harness's HTTP helpers: one client, bounded requests, a failure on anything but 2xx. */
final class Http {

	static final ObjectMapper JSON = new ObjectMapper();
	static final Duration REQUEST_LIMIT = Duration.ofMinutes(10);
	static final int MAX_PAGES = 1000;

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private Http() {}

	static HttpRequest.Builder get(String url) {
		return HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json").GET();
	}

	/** Sends with the per-request time limit; the body is read in full. */
	static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return CLIENT.send(request.timeout(REQUEST_LIMIT).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Sends with a time limit of its own (for polling), without checking the status. */
	static HttpResponse<String> send(HttpRequest.Builder request, Duration limit) throws Exception {
		return CLIENT.send(request.timeout(limit).build(), HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> check(HttpResponse<String> response, String what) {
		if (response.statusCode() / 100 != 2) {
			String body = response.body();
			throw new IllegalStateException(what + " -> HTTP " + response.statusCode() + ": "
					+ body.substring(0, Math.min(500, body.length())));
		}
		return response;
	}

	/** GET, checked, parsed as JSON. */
	static JsonNode getJson(String url) throws Exception {
		return JSON.readTree(check(send(get(url)), url).body());
	}

	/** The {@code total} of a search, for a URL with {@code _summary=count}. */
	static long count(String url) throws Exception {
		JsonNode total = getJson(url).path("total");
		if (!total.isNumber()) throw new IllegalStateException(url + " answered without a total");
		return total.asLong();
	}

	/** The bundle's {@code next} link, or null on the last page. */
	static String next(JsonNode bundle) {
		for (JsonNode link : bundle.path("link")) {
			if ("next".equals(link.path("relation").asText())) return link.path("url").asText();
		}
		return null;
	}
}

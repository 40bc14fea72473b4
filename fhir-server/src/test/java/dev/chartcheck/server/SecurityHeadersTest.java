package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Standard security headers on every answer, CORS closed by default, and no script from stored data in the HTML
 * pages: a practitioner whose credential is a script tag shows up escaped in the audit report page, under a Content
 * Security Policy that would not run it anyway.
 */
@DatabaseIndependent
class SecurityHeadersTest extends ServerTestBase {

	@Test
	void everyAnswerCarriesTheSecurityHeaders() {
		HttpResponse<String> response = http("GET", "/Patient?_count=1", null);
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'")
				.doesNotContain("script-src");
	}

	@Test
	void corsIsClosedByDefault() throws Exception {
		HttpResponse<String> preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/Patient"))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
				.header("Origin", "https://elsewhere.example")
				.header("Access-Control-Request-Method", "GET")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		HttpResponse<String> simple = http("GET", "/Patient?_count=1", null, Map.of("Origin", "https://elsewhere.example"));
		assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void storedTextCannotScriptTheReportPage() {
		loadThreeGapRecord("xss", "xss-org");
		String practitioner = "{\"resourceType\":\"Practitioner\",\"id\":\"xss-prac2\",\"name\":[{\"family\":\"Evil\"}],"
				+ "\"qualification\":[{\"code\":{\"text\":\"<script>alert('chartcheck')</script>\"}}]}";
		assertThat(http("PUT", "/Practitioner/xss-prac2", practitioner).statusCode()).isEqualTo(200);
		HttpResponse<String> page = http("GET", "/Organization/xss-org/$audit?persist=false&_format=html", null);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		String body = page.body().toLowerCase(java.util.Locale.ROOT);
		assertThat(body.contains("&lt;script&gt;alert(")).as("the credential shown, escaped").isTrue();
		assertThat(body.contains("<script")).as("no script element in the page").isFalse();
		assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
	}
}

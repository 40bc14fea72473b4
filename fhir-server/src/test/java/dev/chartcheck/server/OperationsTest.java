package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * What an operator reads: the probes, Chartcheck's meters in the Prometheus format, and the OpenAPI document and
 * Swagger UI of the FHIR API.
 */
@DatabaseIndependent
class OperationsTest extends ServerTestBase {

	private static final Map<String, String> RETURN_OUTCOME = Map.of("Prefer", "return=OperationOutcome");

	private FhirHttp root(String token) {
		return new FhirHttp("http://localhost:" + port, token);
	}

	private Scrape scrape() {
		HttpResponse<String> response = root(TestAuthority.system()).send("GET", "/actuator/prometheus", null, Map.of("Accept", "text/plain"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
		return Scrape.parse(response.body());
	}

	@Test
	void theProbesAnswerWithoutAToken() {
		for (String probe : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
			HttpResponse<String> response = root(null).send("GET", probe, null, Map.of("Accept", "application/json"));
			assertThat(response.statusCode()).as(probe + ": " + response.body()).isEqualTo(200);
			assertThat(response.body()).as(probe).contains("\"status\":\"UP\"");
		}
	}

	@Test
	void theScrapeNeedsAToken() {
		assertThat(root(null).send("GET", "/actuator/prometheus", null, Map.of("Accept", "text/plain")).statusCode()).isEqualTo(401);
	}

	@Test
	void theScrapeCountsTheChecksTheGapsOpenedAndClosedAndTimesTheWriteCheckWithoutPhi() {
		loadThreeGapRecord("opM", null);
		Scrape before = scrape();

		// an undated note signed by the uncredentialed clinician opens dated and signature-credentials…
		HttpResponse<String> deficient = http("PUT", "/DocumentReference/opM-doc3", WriteChecksTest.note("opM", "opM-doc3", "opM-enc3", false), RETURN_OUTCOME);
		assertThat(deficient.statusCode()).as(deficient.body()).isEqualTo(201);
		Scrape opened = scrape();
		// …and the same note fixed closes both
		HttpResponse<String> fixed = http("PUT", "/DocumentReference/opM-doc3", WriteChecksTest.note("opM", "opM-doc3", "opM-enc3", true), RETURN_OUTCOME);
		assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
		Scrape after = scrape();

		for (String standard : new String[] {"dated", "signature-credentials"}) {
			assertThat(delta(before, opened, "chartcheck_gaps_opened_total", "standard", standard)).as("opened " + standard).isEqualTo(1);
			assertThat(delta(before, opened, "chartcheck_gaps_closed_total", "standard", standard)).as("closed " + standard).isZero();
			assertThat(delta(opened, after, "chartcheck_gaps_opened_total", "standard", standard)).as("opened again " + standard).isZero();
			assertThat(delta(opened, after, "chartcheck_gaps_closed_total", "standard", standard)).as("closed " + standard).isEqualTo(1);
			// each write checked the patient's record once against the standards a note can affect
			assertThat(delta(before, after, "chartcheck_checks_total", "standard", standard, "trigger", "write")).isEqualTo(2);
		}
		// counted by what made the check run: the writes' are not the audits'
		assertThat(delta(before, after, "chartcheck_checks_total", "standard", "dated", "trigger", "audit")).isZero();
		assertThat(delta(before, after, "chartcheck_checks_total", "standard", "dated", "trigger", "background")).isZero();
		assertThat(delta(before, after, "chartcheck_write_check_duration_seconds_count")).isGreaterThanOrEqualTo(2);
		assertThat(after.value("chartcheck_write_check_duration_seconds_sum")).isPositive();
		assertThat(after.value("chartcheck_write_check_failures_total")).isNotNegative();

		// an $audit counts as an audit
		audit("Patient/opM-pat", "standard=dated");
		assertThat(delta(after, scrape(), "chartcheck_checks_total", "standard", "dated", "trigger", "audit")).isEqualTo(1);

		// the scrape names standards and triggers, never the patient, the record's ids or what the note says
		String text = after.text();
		assertThat(text).doesNotContain("opM").doesNotContain("Larsen").doesNotContain("Henrik").doesNotContain("MRN")
				.doesNotContain("Progress note");
		assertThat(after.samples()).filteredOn(s -> s.name().startsWith("chartcheck_"))
				.allSatisfy(s -> assertThat(s.labels().keySet()).isSubsetOf("standard", "trigger", "le", "quantile"));
	}

	@Test
	void theBackgroundAuditGaugesAreServed() {
		Scrape scrape = scrape();
		assertThat(scrape.value("chartcheck_audit_jobs_running")).isNotNegative();
		assertThat(scrape.value("chartcheck_audit_jobs_records")).isNotNegative();
		assertThat(scrape.value("chartcheck_audit_jobs_records_checked")).isNotNegative();
		assertThat(scrape.value("chartcheck_audit_failures_total", "trigger", "background")).isNotNegative();
	}

	@Test
	void theOpenApiDocumentDescribesTheFhirApiAndAuditWithoutAToken() throws Exception {
		HttpResponse<String> response = new FhirHttp(base(), null).send("GET", "/api-docs", null, Map.of("Accept", "*/*"));
		assertThat(response.statusCode()).as(abbreviate(response.body())).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none'; style-src");
		// the whole API's document is several megabytes: more than the OpenAPI YAML reader takes by default
		LoaderOptions large = new LoaderOptions();
		large.setCodePointLimit(64 * 1024 * 1024);
		Map<String, Object> document = new org.yaml.snakeyaml.Yaml(large).load(response.body());
		assertThat((String) document.get("openapi")).startsWith("3.");
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
		assertThat(paths).containsKeys("/metadata", "/DocumentReference", "/DocumentReference/{id}", "/Patient/{id}/$audit",
				"/Organization/{id}/$audit", "/$audit");
		assertThat(paths.get("/Patient/{id}/$audit")).containsKeys("get", "post");

		// one resource type's page, as Swagger UI reads it; the API asks for bearer tokens, and says so
		HttpResponse<String> page = new FhirHttp(base(), null).send("GET", "/api-docs?page=DocumentReference", null, Map.of("Accept", "*/*"));
		assertThat(page.statusCode()).isEqualTo(200);
		OpenAPI documentReference = Yaml.mapper().readValue(page.body(), OpenAPI.class);
		assertThat(documentReference.getPaths()).containsKeys("/DocumentReference", "/DocumentReference/{id}")
				.doesNotContainKey("/Patient/{id}/$audit");
		assertThat(documentReference.getComponents().getSecuritySchemes()).containsKey("bearer");
		assertThat(documentReference.getSecurity()).isNotEmpty();
	}

	@Test
	void swaggerUiIsServedFromThisServerUnderItsOwnContentSecurityPolicy() {
		FhirHttp anonymous = new FhirHttp(base(), null);
		HttpResponse<String> page = anonymous.send("GET", "/swagger-ui/", null, Map.of("Accept", "text/html"));
		assertThat(page.statusCode()).as(abbreviate(page.body())).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(page.body()).contains("./swagger-ui-bundle.js", "./chartcheck-start.js", "data-openapi=\"" + base() + "/api-docs?page=")
				// no inline script, and nothing from elsewhere
				.doesNotContain("<script>").doesNotContain("https://");
		String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(policy).contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
				.doesNotContain("unsafe-eval").doesNotContain("http");
		assertThat(policy.replace("style-src 'self' 'unsafe-inline'", "")).doesNotContain("unsafe-inline");

		for (String asset : new String[] {"/swagger-ui/swagger-ui-bundle.js", "/swagger-ui/chartcheck-start.js", "/swagger-ui/swagger-ui.css"}) {
			HttpResponse<String> response = anonymous.send("GET", asset, null, Map.of("Accept", "*/*"));
			assertThat(response.statusCode()).as(asset).isEqualTo(200);
			// the browser runs nothing of another type (X-Content-Type-Options: nosniff)
			assertThat(response.headers().firstValue("Content-Type").orElse("")).as(asset)
					.contains(asset.endsWith(".css") ? "text/css" : "javascript");
			assertThat(response.body()).as(asset).isNotBlank();
		}
	}

	private static double delta(Scrape from, Scrape to, String name, String... labels) {
		return to.value(name, labels) - from.value(name, labels);
	}
}

package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code Prefer: respond-async}: a population audit runs as a Batch2 job behind a status URL. */
class BackgroundAuditTest extends ServerTestBase {

	private static final String ORG = "Organization/async-org";
	private static final Map<String, String> ASYNC = Map.of("Prefer", "respond-async");

	@Autowired
	private IJobMaintenanceService maintenance;

	@BeforeEach
	void loadThreeRecords() {
		for (String copy : List.of("asyncA", "asyncB", "asyncC")) {
			loadThreeGapRecord(copy, "async-org");
		}
	}

	@Test
	void startProgressAndTheSameResultAsInTheRequest() throws InterruptedException {
		String query = "/" + ORG + "/$audit?persist=false&standard=dated,signature-credentials,contact-documented";
		Bundle inRequestBundle = parse(http("GET", query, null));
		MeasureReport inRequest = (MeasureReport) inRequestBundle.getEntryFirstRep().getResource();

		HttpResponse<String> started = http("GET", query, null, ASYNC);
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		String status = started.headers().firstValue("Content-Location").orElseThrow();
		assertThat(status).contains("/$audit-status?_jobId=");

		HttpResponse<String> answer = poll(status);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		MeasureReport background = (MeasureReport) parse(answer).getEntryFirstRep().getResource();
		assertThat(counts(background)).isEqualTo(counts(inRequest));
		assertThat(background.getEvaluatedResource()).hasSize(3);
		// the stored gaps of the records, read back for the result: the same as the request answers
		assertThat(storedIssues(parse(answer))).isNotEmpty().isEqualTo(storedIssues(inRequestBundle));
	}

	/**
	 * Batch2 advances a job's steps on its maintenance pass, which runs once a minute here; the audit must not wait
	 * for it: the server runs passes itself while an audit runs. No pass is run by the test.
	 */
	@Test
	void aBackgroundAuditDoesNotWaitForTheScheduledMaintenancePass() throws InterruptedException {
		String query = "/" + ORG + "/$audit?persist=false&standard=dated";
		long start = System.nanoTime();
		HttpResponse<String> started = http("GET", query, null, ASYNC);
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		String status = path(started.headers().firstValue("Content-Location").orElseThrow());
		HttpResponse<String> answer = http("GET", status, null);
		Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
		while (answer.statusCode() == 202 && Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
			answer = http("GET", status, null);
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(answer.statusCode()).as("after %s: %s", took, answer.body()).isEqualTo(200);
		// three steps, each of which would wait up to a minute for the scheduled pass
		assertThat(took).isLessThan(Duration.ofSeconds(20));
	}

	@Test
	void aBackgroundAuditCanBeCancelled() throws InterruptedException {
		HttpResponse<String> started = http("GET", "/" + ORG + "/$audit?persist=false", null, ASYNC);
		String status = started.headers().firstValue("Content-Location").orElseThrow();
		HttpResponse<String> cancelled = http("DELETE", path(status), null);
		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
		HttpResponse<String> answer = poll(status);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(410);
	}

	@Test
	void anUnknownJobIsNotFound() {
		assertThat(http("GET", "/$audit-status?_jobId=no-such-job", null).statusCode()).isEqualTo(404);
	}

	/** Polls the status URL (running HAPI's job maintenance, as its scheduler would) until it stops answering 202. */
	private HttpResponse<String> poll(String statusUrl) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		HttpResponse<String> response = http("GET", path(statusUrl), null);
		while (response.statusCode() == 202 && Instant.now().isBefore(deadline)) {
			assertThat(response.headers().firstValue("X-Progress").orElse("")).matches("\\d+ of 3 records checked");
			maintenance.runMaintenancePass();
			Thread.sleep(200);
			response = http("GET", path(statusUrl), null);
		}
		return response;
	}

	private String path(String url) {
		return url.substring(url.indexOf("/$audit-status"));
	}

	private static Bundle parse(HttpResponse<String> response) {
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	private static List<String> counts(MeasureReport report) {
		return report.getGroup().stream()
				.map((MeasureReportGroupComponent g) -> g.getId() + " " + g.getPopulation().get(0).getCount() + "/"
						+ g.getPopulation().get(1).getCount())
				.toList();
	}

	/** The stored DetectedIssues of an audit's Bundle, by id and version, sorted. */
	private static List<String> storedIssues(Bundle bundle) {
		return bundle.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r instanceof DetectedIssue && r.getIdElement().hasIdPart())
				.map(r -> r.getIdElement().toUnqualified().getValue())
				.sorted()
				.toList();
	}
}

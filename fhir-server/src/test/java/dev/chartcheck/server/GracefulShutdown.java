package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.MeasureReport;

/**
 * The server stopped as an orchestrator stops it (SIGTERM) while a slow request is under way and a background
 * audit is running: the request is answered in full, the server exits by itself, and once started again the audit
 * finishes by itself with what the uninterrupted audit gives. The server logs in JSON (ECS) here, and its log must
 * hold JSON lines only, and no patient's name.
 */
final class GracefulShutdown implements RestartStage {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final int RECORDS = 120;
	private static final Map<String, String> SETTINGS = Map.of(
			"logging.structured.format.console", "ecs",
			"spring.lifecycle.timeout-per-shutdown-phase", "90s");

	private final String run;
	private final String organization;
	private final String audit;
	private String statusUrl;
	private MeasureReport uninterrupted;

	GracefulShutdown(String run) {
		this.run = run;
		this.organization = "graceful-" + run;
		this.audit = "/Organization/" + organization + "/$audit?periodStart=2020-01-01&periodEnd=2026-12-31";
	}

	@Override
	public String name() {
		return "SIGTERM lets the request under way finish, and the background audit resumes after the restart";
	}

	@Override
	public Map<String, String> serverSettings() {
		return SETTINGS;
	}

	@Override
	public void runAndStop(ServerProcess first) throws Exception {
		RestartStage.loadThreeGapRecords(first, "gs" + run, RECORDS, organization);
		statusUrl = BackgroundAuditJob.start(first, audit + "&persist=true");
		BackgroundAuditJob.awaitSomeProgress(first, statusUrl);

		// the slow request: the same audit answered in the request, stored nowhere (the uninterrupted result)
		CompletableFuture<HttpResponse<String>> request = sendAsync(first, audit + "&persist=false");
		Thread.sleep(1000);
		assertThat(request).as("the audit answered before SIGTERM: give it more records").isNotDone();
		assertThat(first.http().send("GET", statusUrl, null, Map.of()).statusCode())
				.as("the background audit ended before SIGTERM: give it more records").isEqualTo(202);

		Instant sigterm = Instant.now();
		int exitCode = first.terminate(Duration.ofMinutes(3));
		Duration stopping = Duration.between(sigterm, Instant.now());
		HttpResponse<String> inFlight = request.get(1, TimeUnit.SECONDS);
		System.out.printf("SIGTERM: the server exited with %d after %d ms%n", exitCode, stopping.toMillis());
		// the JVM ends as a SIGTERM ends it (128 + 15); the point is that it ended by itself, and in time
		assertThat(exitCode).isIn(0, 143);

		assertThat(inFlight.statusCode()).as(abbreviate(inFlight.body())).isEqualTo(200);
		uninterrupted = BackgroundAuditJob.report(inFlight);
		assertThat(uninterrupted.getEvaluatedResource()).hasSize(RECORDS);
		assertJsonWithoutPhi(first.output());
	}

	@Override
	public void checkAfterRestart(ServerProcess second) throws Exception {
		HttpResponse<String> answer = BackgroundAuditJob.await(second, statusUrl, Duration.ofMinutes(5));
		assertThat(answer.statusCode()).as("the resumed audit's status; server output:%n%s", second.tail()).isEqualTo(200);
		MeasureReport resumed = BackgroundAuditJob.report(answer);
		assertThat(resumed.getEvaluatedResource()).hasSize(RECORDS);
		assertThat(BackgroundAuditJob.scores(resumed)).containsExactlyInAnyOrderElementsOf(BackgroundAuditJob.scores(uninterrupted));
	}

	/** Every line the server wrote is an ECS JSON object, and none names the records' patient (Henrik Larsen). */
	private static void assertJsonWithoutPhi(String log) throws Exception {
		List<String> lines = log.lines().filter(line -> !line.isBlank()).toList();
		assertThat(lines).isNotEmpty();
		for (String line : lines) {
			JsonNode entry = JSON.readTree(line);
			assertThat(entry.isObject()).as(line).isTrue();
			assertThat(entry.has("@timestamp") && entry.has("log.level") && entry.has("message")).as(line).isTrue();
		}
		assertThat(log).doesNotContain("Larsen").doesNotContain("Henrik").doesNotContain("-MRN");
	}

	private static CompletableFuture<HttpResponse<String>> sendAsync(ServerProcess server, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(server.http().base() + path))
				.header("Accept", "application/fhir+json")
				.header("Authorization", "Bearer " + TestAuthority.system())
				.timeout(Duration.ofMinutes(5))
				.GET()
				.build();
		return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String abbreviate(String text) {
		return text == null || text.length() < 2000 ? text : text.substring(0, 2000) + "…";
	}
}

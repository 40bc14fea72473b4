package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A background audit survives the death of its server: the jar runs as a child process, is killed with
 * SIGKILL while the audit's chunks are being checked, and is started again on the same database. The job
 * must finish by itself and give what an uninterrupted audit of the same records gives, with one
 * DetectedIssue per finding.
 */
class BackgroundAuditRestartIT {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final int RECORDS = 120;
	private static final Pattern PROGRESS = Pattern.compile("(\\d+) of (\\d+) records checked");
	/** Job maintenance every second, so that the job's steps follow each other quickly. */
	private static final Map<String, String> FAST_JOBS = Map.of("chartcheck.jobs.maintenance-interval", "1s");

	@TempDir
	Path data;

	@Test
	void aBackgroundAuditKilledMidwayResumesOnRestartWithTheSameResult() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String organization = "restart-" + run;
		String audit = "/Organization/" + organization + "/$audit?persist=true&periodStart=2020-01-01&periodEnd=2026-12-31";
		List<String> patients = new ArrayList<>();
		String statusUrl;
		int doneAtKill;

		try (ServerProcess first = ServerProcess.start("restart-" + run + "-first", data, FAST_JOBS)) {
			for (int i = 0; i < RECORDS; i++) {
				String prefix = "rs" + run + "-" + i;
				HttpResponse<String> loaded = first.http().send("POST", "", FhirHttp.threeGapRecord(prefix, organization), Map.of());
				assertThat(loaded.statusCode()).as("record %d: %s", i, loaded.body()).isEqualTo(200);
				patients.add(prefix + "-pat");
			}
			HttpResponse<String> started = first.http().send("GET", audit, null, Map.of("Prefer", "respond-async"));
			assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
			statusUrl = path(started.headers().firstValue("Content-Location").orElseThrow());

			doneAtKill = killMidway(first, statusUrl);
		}

		try (ServerProcess second = ServerProcess.start("restart-" + run + "-second", data, FAST_JOBS)) {
			HttpResponse<String> answer = await(second, statusUrl, Duration.ofMinutes(5));
			assertThat(answer.statusCode()).as("the resumed audit's status, killed at %d of %d; server output:%n%s",
					doneAtKill, RECORDS, second.tail()).isEqualTo(200);
			MeasureReport resumed = report(answer);
			assertThat(resumed.getEvaluatedResource()).hasSize(RECORDS);

			HttpResponse<String> uninterrupted = second.http().send("GET", audit.replace("persist=true", "persist=false"), null, Map.of());
			assertThat(uninterrupted.statusCode()).as(uninterrupted.body()).isEqualTo(200);
			assertThat(scores(resumed)).containsExactlyInAnyOrderElementsOf(scores(report(uninterrupted)));

			for (String patient : patients) {
				assertThat(findingKeys(second, patient)).as("finding keys of %s", patient).doesNotHaveDuplicates().isNotEmpty();
			}
		}
	}

	/** Polls the job until some of its records, not all, are checked, then kills the server; answers how many were. */
	private static int killMidway(ServerProcess server, String statusUrl) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			HttpResponse<String> status = server.http().send("GET", statusUrl, null, Map.of());
			assertThat(status.statusCode())
					.as("the audit finished before it could be interrupted; give it more records: %s", status.body())
					.isEqualTo(202);
			Matcher progress = PROGRESS.matcher(status.headers().firstValue("X-Progress").orElse(""));
			if (progress.matches() && Integer.parseInt(progress.group(1)) > 0) {
				int done = Integer.parseInt(progress.group(1));
				assertThat(done).isLessThan(Integer.parseInt(progress.group(2)));
				server.kill();
				return done;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the audit made no progress within 3 minutes:\n" + server.tail());
	}

	private static HttpResponse<String> await(ServerProcess server, String statusUrl, Duration patience) throws InterruptedException {
		Instant deadline = Instant.now().plus(patience);
		HttpResponse<String> status = server.http().send("GET", statusUrl, null, Map.of());
		while (status.statusCode() == 202 && Instant.now().isBefore(deadline)) {
			Thread.sleep(500);
			status = server.http().send("GET", statusUrl, null, Map.of());
		}
		return status;
	}

	/** Every group's and stratum's numerator/denominator and score, in order. */
	private static List<String> scores(MeasureReport report) {
		List<String> scores = new ArrayList<>();
		for (MeasureReport.MeasureReportGroupComponent group : report.getGroup()) {
			scores.add(group.getId() + " " + populations(group.getPopulation()) + " " + group.getMeasureScore().getValue());
			for (MeasureReport.MeasureReportGroupStratifierComponent stratifier : group.getStratifier()) {
				for (MeasureReport.StratifierGroupComponent stratum : stratifier.getStratum()) {
					scores.add(group.getId() + " " + stratifier.getCodeFirstRep().getText() + "=" + stratum.getValue().getText()
							+ " " + stratum.getPopulation().stream().map(p -> String.valueOf(p.getCount())).toList());
				}
			}
		}
		return scores;
	}

	private static String populations(List<MeasureReport.MeasureReportGroupPopulationComponent> populations) {
		return populations.stream().map(p -> p.getCode().getCodingFirstRep().getCode() + "=" + p.getCount()).toList().toString();
	}

	private static List<String> findingKeys(ServerProcess server, String patient) {
		HttpResponse<String> search = server.http().send("GET", "/DetectedIssue?patient=Patient/" + patient + "&_count=200", null, Map.of());
		assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, search.body()).getEntry().stream()
				.map(e -> ((DetectedIssue) e.getResource()).getIdentifier().stream()
						.filter(id -> id.getSystem().equals("https://chartcheck.dev/fhir/finding-key"))
						.map(Identifier::getValue)
						.findFirst()
						.orElseThrow())
				.toList();
	}

	private static MeasureReport report(HttpResponse<String> response) {
		return (MeasureReport) FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getEntryFirstRep().getResource();
	}

	private static String path(String url) {
		return url.substring(url.indexOf("/$audit-status"));
	}
}

package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
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
			statusUrl = BackgroundAuditJob.start(first, audit);

			// some of the records checked, not all: then the kill
			BackgroundAuditJob.Progress progress = BackgroundAuditJob.awaitSomeProgress(first, statusUrl);
			assertThat(progress.done()).isLessThan(progress.total());
			first.kill();
			doneAtKill = progress.done();
		}

		try (ServerProcess second = ServerProcess.start("restart-" + run + "-second", data, FAST_JOBS)) {
			HttpResponse<String> answer = BackgroundAuditJob.await(second, statusUrl, Duration.ofMinutes(5));
			assertThat(answer.statusCode()).as("the resumed audit's status, killed at %d of %d; server output:%n%s",
					doneAtKill, RECORDS, second.tail()).isEqualTo(200);
			MeasureReport resumed = BackgroundAuditJob.report(answer);
			assertThat(resumed.getEvaluatedResource()).hasSize(RECORDS);

			HttpResponse<String> uninterrupted = second.http().send("GET", audit.replace("persist=true", "persist=false"), null, Map.of());
			assertThat(uninterrupted.statusCode()).as(uninterrupted.body()).isEqualTo(200);
			assertThat(BackgroundAuditJob.scores(resumed))
					.containsExactlyInAnyOrderElementsOf(BackgroundAuditJob.scores(BackgroundAuditJob.report(uninterrupted)));

			for (String patient : patients) {
				assertThat(findingKeys(second, patient)).as("finding keys of %s", patient).doesNotHaveDuplicates().isNotEmpty();
			}
		}
	}

	private static List<String> findingKeys(ServerProcess server, String patient) {
		HttpResponse<String> search = server.http().send("GET", "/DetectedIssue?patient=Patient/" + patient + "&_count=200", null, Map.of());
		assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, search.body()).getEntry().stream()
				.map(e -> Gaps.findingKey((DetectedIssue) e.getResource()))
				.map(key -> java.util.Objects.requireNonNull(key, "a DetectedIssue without a finding key"))
				.toList();
	}
}

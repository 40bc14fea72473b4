package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Two servers on one PostgreSQL database, as two nodes of one deployment: the writers and auditors of
 * {@link ConcurrentWritesTest} spread over both, so the checks of one patient run on both at once. Nothing may be
 * lost, no finding key may get a second DetectedIssue, and the stored gaps must match a fresh check: the
 * serialization of a patient's checks is the database's, not one server's. Runs only on PostgreSQL (the embedded
 * H2 database belongs to one process).
 */
@EnabledIf("dev.chartcheck.server.Database#postgresTested")
@ResourceLock(Database.POSTGRES_LOCK)
class TwoServersConcurrencyIT {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@TempDir
	Path data;

	@Test
	void twoServersOnOneDatabaseKeepOneConsistentDetectedIssuePerFinding() throws Exception {
		String run = "nodes-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
		try (ServerProcess first = ServerProcess.start(Database.POSTGRES, run + "-a", data.resolve("a"), Map.of());
				ServerProcess second = ServerProcess.start(Database.POSTGRES, run + "-b", data.resolve("b"), Map.of())) {
			List<ConcurrentRecords> records = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				records.add(new ConcurrentRecords(run + "-p" + i));
			}
			ConcurrentLoad.storeBaseRecords(first.http(), records);
			ConcurrentLoad.Result load = ConcurrentLoad.run(List.of(first.http(), second.http()), records, 16, 12, 2);
			System.out.printf("two servers: %d writes in %.1f s (%.2f writes/s) beside %d persisted audits%n",
					load.writes(), load.seconds(), load.writesPerSecond(), load.audits());
			assertThat(load.refused()).as("writes and audits refused").isEmpty();
			assertThat(load.writes()).isEqualTo(16 * 12);
			ConcurrentLoad.assertStoredAndConsistent(second.http(), load, records, patient -> allIssues(first.http(), patient));

			// one truth for the clone check: a note written through one server is compared with a copy written at once
			// through the other (each server keeps its own index, current from the shared table)
			String author = run + "-author";
			String original = NoteProse.templated(NoteProse.content(501, 70), NoteProse.content(502, 30));
			HttpResponse<String> stored = first.http().send("POST", "", ClonedNotes.transaction(ClonedNotes.practitioner(author),
					ClonedNotes.patient(run + "-cl-pat"), ClonedNotes.note(run + "-n1", run + "-cl-pat", author, null,
							"2026-03-02T10:00:00Z", original)), Map.of());
			assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
			String copy = NoteProse.templated(NoteProse.edit(NoteProse.content(501, 70), 20, "unchanged"), NoteProse.content(502, 30));
			HttpResponse<String> copied = second.http().send("PUT", "/DocumentReference/" + run + "-n2",
					ClonedNotes.note(run + "-n2", run + "-cl-pat", author, null, "2026-04-06T10:00:00Z", copy),
					Map.of("Prefer", "return=OperationOutcome"));
			assertThat(copied.statusCode()).as(copied.body()).isIn(200, 201);
			assertThat(copied.body()).contains("cloned-documentation", "DocumentReference/" + run + "-n1");
		}
	}

	/** Every DetectedIssue of the patient, page after page. */
	private static List<DetectedIssue> allIssues(FhirHttp http, String patient) {
		List<DetectedIssue> issues = new ArrayList<>();
		String next = "/DetectedIssue?patient=" + patient + "&_count=50";
		while (next != null) {
			HttpResponse<String> page = http.send("GET", next, null, Map.of());
			assertThat(page.statusCode()).as(ConcurrentLoad.head(page.body())).isEqualTo(200);
			Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, page.body());
			bundle.getEntry().forEach(e -> issues.add((DetectedIssue) e.getResource()));
			next = bundle.getLink(Bundle.LINK_NEXT) == null ? null
					: bundle.getLink(Bundle.LINK_NEXT).getUrl().substring(http.base().length());
		}
		return issues;
	}
}

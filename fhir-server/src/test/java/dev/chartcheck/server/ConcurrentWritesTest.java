package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many writers and audits on the same few patients at once, against the real server (H2, and PostgreSQL when the
 * suite runs with the {@code postgres} profile). Sixteen threads create and update encounters, notes and consents,
 * each write checked as it is stored; three more run {@code $audit?persist=true} on the same patients all along.
 * Afterwards every acknowledged write must be stored at the version it was acknowledged with, every finding key
 * must have exactly one DetectedIssue, and the stored gaps must be exactly what a fresh check of the record finds.
 */
class ConcurrentWritesTest extends ServerTestBase {

	private static final Logger log = LoggerFactory.getLogger(ConcurrentWritesTest.class);
	private static final int PATIENTS = 3;
	private static final int WRITERS = 16;
	private static final int WRITES_PER_WRITER = 14;
	private static final int AUDITORS = 3;

	@Test
	void parallelWritesAndAuditsLoseNothingAndLeaveOneConsistentDetectedIssuePerFinding() throws Exception {
		String run = "conc-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
		FhirHttp http = new FhirHttp(base());
		List<ConcurrentRecords> records = new ArrayList<>();
		for (int i = 0; i < PATIENTS; i++) {
			records.add(new ConcurrentRecords(run + "-p" + i));
		}
		ConcurrentLoad.storeBaseRecords(http, records);
		double failuresBefore = metric("chartcheck.write.check.failures");
		double sharedBefore = metric("chartcheck.write.check.shared");

		ConcurrentLoad.Result load = ConcurrentLoad.run(http, records, WRITERS, WRITES_PER_WRITER, AUDITORS);
		log.info("{} writes by {} writers in {} s ({} writes/s) beside {} persisted audits; {} write-time checks shared another's",
				load.writes(), WRITERS, String.format("%.1f", load.seconds()), String.format("%.2f", load.writesPerSecond()),
				load.audits(), (long) (metric("chartcheck.write.check.shared") - sharedBefore));

		assertThat(load.refused()).as("writes and audits refused under load").isEmpty();
		assertThat(load.writes()).isEqualTo(WRITERS * WRITES_PER_WRITER);
		assertThat(load.audits()).as("audits that ran beside the writers").isPositive();

		ConcurrentLoad.assertStoredAndConsistent(http, load, records, this::allStoredIssues);
		assertThat(metric("chartcheck.write.check.failures")).as("write-time checks that failed under load").isEqualTo(failuresBefore);
	}
}

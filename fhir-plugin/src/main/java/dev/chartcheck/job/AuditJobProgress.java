package dev.chartcheck.job;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How far the background audits that have not ended are, across every server sharing the database: how many there
 * are, how many records they are to check, how many they have checked (as Batch2's maintenance pass last summed
 * them up). Read from the job store at most once per {@link #FRESH_FOR}, however often metrics are scraped.
 */
public class AuditJobProgress {

	/** How long one reading of the job store serves. */
	static final Duration FRESH_FOR = Duration.ofSeconds(5);
	private static final Set<StatusEnum> RUNNING =
			EnumSet.of(StatusEnum.QUEUED, StatusEnum.IN_PROGRESS, StatusEnum.ERRORED, StatusEnum.FINALIZE);
	private static final int PAGE = 100;

	/** The audits not ended, the records they are to check, and those checked. */
	public record Snapshot(int running, long records, long checked) {}

	private final IJobCoordinator jobs;
	private Snapshot last;
	private long readAt;

	public AuditJobProgress(IJobCoordinator jobs) {
		this.jobs = jobs;
	}

	public synchronized Snapshot now() {
		// wall time, not Chartcheck's clock (which a test may hold still)
		long now = System.nanoTime();
		if (last != null && now - readAt < FRESH_FOR.toNanos()) {
			return last;
		}
		int running = 0;
		long records = 0;
		long checked = 0;
		for (int page = 0; ; page++) {
			List<JobInstance> instances =
					jobs.getJobInstancesByJobDefinitionIdAndStatuses(AuditJob.JOB_DEFINITION_ID, RUNNING, PAGE, page);
			for (JobInstance instance : instances) {
				running++;
				AuditJobParameters parameters = instance.getParameters(AuditJobParameters.class);
				records += parameters.drawn == null ? 0 : parameters.drawn.size();
				checked += instance.getCombinedRecordsProcessed() == null ? 0 : instance.getCombinedRecordsProcessed();
			}
			if (instances.size() < PAGE) {
				break;
			}
		}
		last = new Snapshot(running, records, checked);
		readAt = now;
		return last;
	}
}

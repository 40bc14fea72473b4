package dev.chartcheck.job;

import ca.uhn.fhir.batch2.api.IJobPersistence;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.batch2.model.WorkChunkStatusEnum;
import ca.uhn.fhir.jpa.dao.data.IBatch2WorkChunkRepository;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts background audits that a crashed server left behind back on track, before this server's job
 * maintenance starts.
 *
 * <p>HAPI's Batch2 persists every work chunk, but the message that hands a chunk to a worker lives in the
 * work channel; a server killed mid-job loses those messages, and its chunks stay "queued" or "in progress"
 * with no worker. The maintenance pass only sends chunks that are ready, so such a job would never finish;
 * likewise a job killed during its reduction stays "finalizing" and its reduction never reruns. This class
 * makes those chunks ready again, and those jobs in progress again, so the first maintenance pass carries
 * on where the crash stopped. Checking a chunk twice is harmless: reconciling is idempotent, and the report
 * counts each chunk of records once.
 *
 * <p>It runs once, while the application context starts, which is before HAPI's scheduler starts any
 * maintenance pass on this server: no chunk it touches can be in this server's hands. Another server
 * sharing the database may be checking one of them; it is then checked twice, with the same outcome.
 */
public class AuditJobRecovery implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(AuditJobRecovery.class);
	private static final Set<StatusEnum> UNFINISHED = EnumSet.of(StatusEnum.QUEUED, StatusEnum.IN_PROGRESS, StatusEnum.ERRORED, StatusEnum.FINALIZE);
	private static final List<WorkChunkStatusEnum> ORPHANED = List.of(WorkChunkStatusEnum.QUEUED, WorkChunkStatusEnum.IN_PROGRESS, WorkChunkStatusEnum.ERRORED);
	private static final int PAGE = 100;

	private final IJobPersistence jobs;
	private final IBatch2WorkChunkRepository chunks;
	private final TransactionTemplate transaction;

	public AuditJobRecovery(IJobPersistence jobs, IBatch2WorkChunkRepository chunks, PlatformTransactionManager transactions) {
		this.jobs = jobs;
		this.chunks = chunks;
		this.transaction = new TransactionTemplate(transactions);
	}

	@Override
	public void afterSingletonsInstantiated() {
		try {
			int resumed = resumeUnfinished();
			if (resumed > 0) {
				log.info("Resuming {} background audit(s) left unfinished by an earlier run", resumed);
			}
		} catch (RuntimeException e) {
			// the server must start even so; the jobs stay as they are, and can be cancelled and run again
			log.error("Could not look for unfinished background audits: {}", e.toString());
		}
	}

	/** Makes the orphaned work of every unfinished audit job ready again; answers how many jobs it touched. */
	int resumeUnfinished() {
		int resumed = 0;
		for (int page = 0; ; page++) {
			List<JobInstance> instances = jobs.fetchInstancesByJobDefinitionIdAndStatus(AuditJob.JOB_DEFINITION_ID, UNFINISHED, PAGE, page);
			for (JobInstance instance : instances) {
				if (resume(instance)) {
					resumed++;
				}
			}
			if (instances.size() < PAGE) {
				return resumed;
			}
		}
	}

	private boolean resume(JobInstance instance) {
		String id = instance.getInstanceId();
		if (instance.getStatus() == StatusEnum.FINALIZE) {
			// killed while reducing: in progress again, so that the next maintenance pass reduces anew
			return Boolean.TRUE.equals(transaction.execute(status ->
					jobs.markInstanceAsStatusWhenStatusIn(id, StatusEnum.IN_PROGRESS, EnumSet.of(StatusEnum.FINALIZE))));
		}
		String step = instance.getCurrentGatedStepId();
		if (step == null) {
			return false;
		}
		Integer reset = transaction.execute(status ->
				chunks.updateAllChunksForStepWithStatus(id, step, ORPHANED, WorkChunkStatusEnum.READY));
		log.debug("Audit job {}: {} chunk(s) of step {} ready again", id, reset, step);
		return reset != null && reset > 0;
	}
}

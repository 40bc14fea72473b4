package dev.chartcheck.config;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.api.IJobPersistence;
import ca.uhn.fhir.batch2.model.JobDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.data.IBatch2WorkChunkRepository;
import dev.chartcheck.engine.StandardsCatalog;
import dev.chartcheck.check.CheckActivity;
import dev.chartcheck.storage.NoteClones;
import dev.chartcheck.audit.PopulationAudit;
import dev.chartcheck.job.AuditJob;
import dev.chartcheck.job.AuditJobParameters;
import dev.chartcheck.job.AuditJobProgress;
import dev.chartcheck.job.AuditJobPacer;
import dev.chartcheck.job.AuditJobRecovery;
import dev.chartcheck.job.BackgroundAudits;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Background audits on HAPI's Batch2 engine: the job and its definition, recovery after a crash, the pacer that keeps
 * a running audit from waiting for the scheduled maintenance pass, progress for the metrics, and the service behind
 * {@code Prefer: respond-async}. Imported by {@link ChartcheckAutoConfiguration}, under its conditions.
 */
@Configuration(proxyBeanMethods = false)
class ChartcheckJobsConfiguration {

	@Bean
	public AuditJob chartcheckAuditJob(
			PopulationAudit populationAudit, StandardsCatalog catalog, DaoRegistry daos, FhirContext fhirContext,
			NoteClones noteClones, CheckActivity activity) {
		return new AuditJob(populationAudit, catalog, daos, fhirContext).withNoteClones(noteClones).withActivity(activity);
	}

	@Bean
	public AuditJobProgress chartcheckAuditJobProgress(IJobCoordinator jobs) {
		return new AuditJobProgress(jobs);
	}

	/** Registered with HAPI's Batch2 job registry, like HAPI's own job definitions. */
	@Bean
	public JobDefinition<AuditJobParameters> chartcheckAuditJobDefinition(AuditJob auditJob) {
		return auditJob.definition();
	}

	/** Resumes background audits that a crash left unfinished, before job maintenance starts. */
	@Bean
	public AuditJobRecovery chartcheckAuditJobRecovery(
			IJobPersistence jobPersistence, IBatch2WorkChunkRepository workChunks, PlatformTransactionManager transactions) {
		return new AuditJobRecovery(jobPersistence, workChunks, transactions);
	}

	/** Runs a job-maintenance pass every quarter second while a background audit runs (see {@link AuditJobPacer}). */
	@Bean
	public AuditJobPacer chartcheckAuditJobPacer(IJobCoordinator jobs, IJobMaintenanceService maintenance) {
		return new AuditJobPacer(jobs, maintenance);
	}

	@Bean
	public BackgroundAudits chartcheckBackgroundAudits(IJobCoordinator jobs, PopulationAudit populationAudit,
			DaoRegistry daos, FhirContext fhirContext, Clock clock, AuditJobPacer pacer) {
		return new BackgroundAudits(jobs, populationAudit, daos, fhirContext, clock, pacer);
	}
}

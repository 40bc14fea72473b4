package dev.chartcheck.job;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.JobInstanceStartRequest;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import dev.chartcheck.audit.AuditParameters;
import dev.chartcheck.audit.AuditScope;
import dev.chartcheck.audit.PopulationAudit;
import dev.chartcheck.storage.ResourcesById;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * {@code Prefer: respond-async} for population audits: starts the Batch2 job and answers its status URL
 * ({@code [base]/$audit-status?_jobId=…}) with progress (202), the result (200), or what became of it.
 */
public class BackgroundAudits {

	/** Request user data that the {@link AsyncResponses} interceptor turns into a status code and headers. */
	static final String STATUS_CODE = BackgroundAudits.class.getName() + ".status";
	static final String CONTENT_LOCATION = BackgroundAudits.class.getName() + ".location";
	static final String PROGRESS = BackgroundAudits.class.getName() + ".progress";

	private final IJobCoordinator jobs;
	private final PopulationAudit audit;
	private final DaoRegistry daos;
	private final FhirContext fhir;
	private final Clock clock;
	private final AuditJobPacer pacer;

	public BackgroundAudits(IJobCoordinator jobs, PopulationAudit audit, DaoRegistry daos, FhirContext fhir, Clock clock,
			AuditJobPacer pacer) {
		this.jobs = jobs;
		this.pacer = pacer;
		this.audit = audit;
		this.daos = daos;
		this.fhir = fhir;
		this.clock = clock;
	}

	/** Whether the caller asked for the audit to run in the background. */
	public static boolean asked(RequestDetails request) {
		String prefer = request.getHeader("Prefer");
		return prefer != null && prefer.toLowerCase().contains("respond-async");
	}

	/** Draws the records now, starts the job, and answers 202 with the status URL. */
	public IBaseResource start(AuditScope scope, AuditParameters parameters, RequestDetails request) {
		Instant now = clock.instant();
		PopulationAudit.Draw draw = audit.draw(scope, parameters);
		JobInstanceStartRequest start = new JobInstanceStartRequest(
				AuditJob.JOB_DEFINITION_ID, AuditJob.parameters(scope, parameters, draw, now));
		String jobId = jobs.startInstance(new SystemRequestDetails(), start).getInstanceId();
		pacer.follow(jobId);
		String location = request.getFhirServerBase() + "/$audit-status?_jobId=" + jobId;
		request.getUserData().put(STATUS_CODE, 202);
		request.getUserData().put(CONTENT_LOCATION, location);
		return information("The audit of " + scope.describe() + " (" + draw.drawn().size() + " of " + draw.population()
				+ " records) runs in the background; its status and result are at " + location);
	}

	/** Progress (202), the result (200), or the end of a job that did not complete. */
	public IBaseResource status(String jobId, RequestDetails request) {
		JobInstance instance = jobs.getInstance(jobId);
		AuditJobParameters job = instance.getParameters(AuditJobParameters.class);
		StatusEnum status = instance.getStatus();
		if (status == StatusEnum.COMPLETED && instance.getReport() != null) {
			return result(instance);
		}
		if (status == StatusEnum.CANCELLED) {
			throw new ResourceGoneException("The audit " + jobId + " was cancelled.");
		}
		if (status == StatusEnum.FAILED) {
			throw new InternalErrorException("The audit " + jobId + " failed: " + instance.getErrorMessage());
		}
		int done = instance.getCombinedRecordsProcessed() == null ? 0 : instance.getCombinedRecordsProcessed();
		String progress = done + " of " + job.drawn.size() + " records checked";
		request.getUserData().put(STATUS_CODE, 202);
		request.getUserData().put(PROGRESS, progress);
		return information("The audit is " + status.name().toLowerCase().replace('_', ' ') + ": " + progress + ".");
	}

	public IBaseResource cancel(String jobId, RequestDetails request) {
		jobs.cancelInstance(jobId);
		request.getUserData().put(STATUS_CODE, 202);
		return information("Cancellation of the audit " + jobId + " was requested.");
	}

	private Bundle result(JobInstance instance) {
		AuditJobData.Result result = ca.uhn.fhir.util.JsonUtil.deserialize(instance.getReport(), AuditJobData.Result.class);
		MeasureReport report = fhir.newJsonParser().parseResource(MeasureReport.class, result.measureReport);
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		bundle.setTimestamp(new Date());
		bundle.addEntry().setResource(report).setFullUrl(report.getIdElement().hasIdPart()
				? "MeasureReport/" + report.getIdElement().getIdPart()
				: "urn:uuid:" + java.util.UUID.randomUUID());
		for (DetectedIssue issue : ResourcesById.read(daos, DetectedIssue.class, result.issues)) {
			bundle.addEntry().setFullUrl("DetectedIssue/" + issue.getIdElement().getIdPart()).setResource(issue);
		}
		return bundle;
	}

	private static OperationOutcome information(String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL)
				.setDiagnostics(message);
		return outcome;
	}
}

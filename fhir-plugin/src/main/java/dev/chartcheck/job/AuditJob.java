package dev.chartcheck.job;

import ca.uhn.fhir.batch2.api.ChunkExecutionDetails;
import ca.uhn.fhir.batch2.api.IJobDataSink;
import ca.uhn.fhir.batch2.api.IReductionStepWorker;
import ca.uhn.fhir.batch2.api.RunOutcome;
import ca.uhn.fhir.batch2.api.StepExecutionDetails;
import ca.uhn.fhir.batch2.api.VoidModel;
import ca.uhn.fhir.batch2.model.ChunkOutcome;
import ca.uhn.fhir.batch2.model.JobDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.AuditTally;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardsCatalog;
import dev.chartcheck.audit.AuditParameters;
import dev.chartcheck.audit.AuditScope;
import dev.chartcheck.check.CheckActivity;
import dev.chartcheck.storage.NoteClones;
import dev.chartcheck.storage.ResourcesById;
import dev.chartcheck.audit.PopulationAudit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;

/**
 * A population audit as a HAPI Batch2 job, for scopes too large for one request: the drawn records are
 * split into chunks that are checked (and reconciled) independently, persisted as they go, shared by
 * every server on the database, and resumed after a restart; a reduction step sums them up in the same
 * summary MeasureReport a synchronous audit gives.
 */
public class AuditJob {

	public static final String JOB_DEFINITION_ID = "CHARTCHECK_AUDIT";
	static final int RECORDS_PER_CHUNK = 10;

	private final PopulationAudit audit;
	private final StandardsCatalog catalog;
	private final DaoRegistry daos;
	private final FhirContext fhir;

	/** How long a chunk waits for the clone index at start-up before it fails (and Batch2 retries it). */
	static final Duration CLONE_INDEX_WAIT = Duration.ofMinutes(30);

	private NoteClones noteClones;
	private CheckActivity activity = new CheckActivity();

	/** Where the records this server checks for background audits, and its failed chunks, are counted. */
	public AuditJob withActivity(CheckActivity activity) {
		this.activity = activity;
		return this;
	}

	/** The clone index a chunk waits for when the audit checks {@code cloned-documentation}; null waits for nothing. */
	public AuditJob withNoteClones(NoteClones clones) {
		this.noteClones = clones;
		return this;
	}

	public AuditJob(PopulationAudit audit, StandardsCatalog catalog, DaoRegistry daos, FhirContext fhir) {
		this.audit = audit;
		this.catalog = catalog;
		this.daos = daos;
		this.fhir = fhir;
	}

	public JobDefinition<AuditJobParameters> definition() {
		return JobDefinition.newBuilder()
				.setJobDefinitionId(JOB_DEFINITION_ID)
				.setJobDescription("Chartcheck population audit")
				.setJobDefinitionVersion(1)
				.setParametersType(AuditJobParameters.class)
				.gatedExecution()
				.addFirstStep("split", "Split the drawn records into chunks", AuditJobData.Records.class, this::split)
				.addIntermediateStep("check", "Check and reconcile the records of a chunk", AuditJobData.Tally.class, this::check)
				.addFinalReducerStep("report", "Sum up in the summary MeasureReport", AuditJobData.Result.class, new Report())
				.build();
	}

	/** The parameters of a job for an audit as it was asked, with its draw and its moment fixed. */
	public static AuditJobParameters parameters(
			AuditScope scope, AuditParameters parameters, PopulationAudit.Draw draw, Instant now) {
		AuditJobParameters job = new AuditJobParameters();
		job.subject = scope.subject();
		job.periodStart = parameters.period().start() == null ? null : parameters.period().start().toString();
		job.periodEnd = parameters.period().end() == null ? null : parameters.period().end().toString();
		job.standards = parameters.standards().stream().map(Standard::code).toList();
		job.persist = parameters.persist();
		job.full = parameters.full();
		job.sampleSize = parameters.sampleSize();
		job.seed = parameters.seed();
		job.population = draw.population();
		job.drawn = draw.drawn();
		job.now = now.toString();
		return job;
	}

	private RunOutcome split(
			StepExecutionDetails<AuditJobParameters, VoidModel> details, IJobDataSink<AuditJobData.Records> sink) {
		List<String> drawn = details.getParameters().drawn;
		for (int from = 0; from < Math.max(drawn.size(), 1); from += RECORDS_PER_CHUNK) {
			AuditJobData.Records records = new AuditJobData.Records();
			records.patients = new ArrayList<>(drawn.subList(Math.min(from, drawn.size()), Math.min(from + RECORDS_PER_CHUNK, drawn.size())));
			sink.accept(records);
		}
		return RunOutcome.SUCCESS;
	}

	private RunOutcome check(
			StepExecutionDetails<AuditJobParameters, AuditJobData.Records> details, IJobDataSink<AuditJobData.Tally> sink) {
		AuditJobParameters job = details.getParameters();
		AuditParameters parameters = parameters(job);
		awaitCloneIndex(parameters.standards());
		AuditTally tally = new AuditTally(job.standards);
		Instant now = Instant.parse(job.now);
		List<String> patients = details.getData().patients;
		List<DetectedIssue> issues;
		try {
			issues = audit.check(patients, parameters, tally, now, new SystemRequestDetails());
		} catch (RuntimeException e) {
			// Batch2 retries the chunk
			activity.failed(CheckActivity.Trigger.BACKGROUND);
			throw e;
		}
		activity.checked(CheckActivity.Trigger.BACKGROUND, parameters.standards(), patients.size());
		AuditJobData.Tally result = new AuditJobData.Tally();
		result.patients = patients;
		result.counts = tally.counts();
		result.records = tally.records();
		result.overdue = PopulationAudit.overdue(issues, now);
		for (DetectedIssue issue : issues) {
			if (issue.getIdElement().hasIdPart()) {
				result.issues.add("DetectedIssue/" + issue.getIdElement().getIdPart());
			}
		}
		sink.accept(result);
		return new RunOutcome(patients.size());
	}

	/**
	 * A job resumed at start-up may run before the clone index is built; its records would then be checked without
	 * {@code cloned-documentation}, and the report would count fewer of them. So the chunk waits for the index.
	 */
	private void awaitCloneIndex(List<Standard> standards) {
		if (noteClones == null || standards.stream().noneMatch(Standard::readsClones)) {
			return;
		}
		try {
			if (!noteClones.awaitReady(CLONE_INDEX_WAIT)) {
				throw new IllegalStateException("The clone index is not built yet; the chunk is retried");
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the clone index", e);
		}
	}

	private AuditParameters parameters(AuditJobParameters job) {
		AuditPeriod period = new AuditPeriod(
				job.periodStart == null ? null : Instant.parse(job.periodStart),
				job.periodEnd == null ? null : Instant.parse(job.periodEnd));
		List<Standard> standards = job.standards.stream().map(code -> catalog.find(code).orElseThrow()).toList();
		return new AuditParameters(period, standards, job.persist, job.sampleSize, job.seed, job.full);
	}

	/** Sums up the chunks; one instance per job run. */
	private final class Report implements IReductionStepWorker<AuditJobParameters, AuditJobData.Tally, AuditJobData.Result> {

		/** By the batch's records: a batch checked again after a crash counts once. */
		private final Map<List<String>, AuditJobData.Tally> chunks = new LinkedHashMap<>();

		@Override
		public ChunkOutcome consume(ChunkExecutionDetails<AuditJobParameters, AuditJobData.Tally> details) {
			AuditJobData.Tally tally = details.getData();
			chunks.put(tally.patients, tally);
			return ChunkOutcome.SUCCESS();
		}

		@Override
		public RunOutcome run(
				StepExecutionDetails<AuditJobParameters, AuditJobData.Tally> details, IJobDataSink<AuditJobData.Result> sink) {
			AuditJobParameters job = details.getParameters();
			AuditTally tally = new AuditTally(job.standards);
			Map<String, Integer> overdue = new HashMap<>();
			List<String> issueIds = new ArrayList<>();
			for (AuditJobData.Tally chunk : chunks.values()) {
				tally.addCounts(chunk.counts, chunk.records);
				chunk.overdue.forEach((standard, count) -> overdue.merge(standard, count, Integer::sum));
				issueIds.addAll(chunk.issues);
			}
			// the report needs the DetectedIssues themselves only to assign remediation Tasks, when persisting
			List<DetectedIssue> issues = job.persist ? ResourcesById.read(daos, DetectedIssue.class, issueIds) : List.of();
			MeasureReport report = audit.report(new AuditScope(job.subject), parameters(job),
					new PopulationAudit.Draw(job.population, job.drawn), tally, overdue, issues, Instant.parse(job.now));
			AuditJobData.Result result = new AuditJobData.Result();
			result.measureReport = fhir.newJsonParser().encodeResourceToString(report);
			result.issues = issueIds;
			sink.accept(result);
			return RunOutcome.SUCCESS;
		}

		@Override
		public IReductionStepWorker<AuditJobParameters, AuditJobData.Tally, AuditJobData.Result> newInstance() {
			return new Report();
		}
	}
}

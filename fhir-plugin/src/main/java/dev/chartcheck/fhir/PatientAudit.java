package dev.chartcheck.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.Windows;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;

/** One patient's review: load the record once, run the standards, reconcile the gaps, report. */
public class PatientAudit {

	/** A patient's record as checked, and the patient's DetectedIssues after reconciliation. */
	public record Outcome(RecordCheck check, List<DetectedIssue> issues) {}

	private final RecordSnapshotLoader loader;
	private final GapReconciler reconciler;
	private final RemediationTasks remediation;
	private final Windows windows;
	private final ClinicalCodes codes;
	private final Clock clock;
	private final PatientLocks locks;

	/**
	 * @param codes the code sets the standards recognise (the published ones, or with an operator's service list)
	 * @param locks what serializes a patient's persisted checks
	 */
	public PatientAudit(
			RecordSnapshotLoader loader,
			GapReconciler reconciler,
			RemediationTasks remediation,
			Windows windows,
			ClinicalCodes codes,
			Clock clock,
			PatientLocks locks) {
		this.locks = locks;
		this.loader = loader;
		this.reconciler = reconciler;
		this.remediation = remediation;
		this.windows = windows;
		this.codes = codes;
		this.clock = clock;
	}

	/** The {@code Patient/[id]/$audit} answer: an individual MeasureReport, then the DetectedIssues. */
	public Bundle audit(IIdType patientId, AuditPeriod period, List<Standard> standards, boolean persist, RequestDetails request) {
		Instant now = clock.instant();
		Outcome outcome = check(patientId, period, standards, persist, now, request);
		return AuditReport.individual(outcome.check(), period, now, outcome.issues());
	}

	/** What {@code standards} find in a record already loaded, stored nowhere. */
	public List<Finding> findings(RecordSnapshot record, List<Standard> standards, Instant now) {
		return RecordCheck.run(record, standards, new EvaluationContext(now, windows, codes)).findings();
	}

	/**
	 * Checks one record and reconciles its gaps (stored only when {@code persist}: then serialized with every other
	 * persisted check of the patient, see {@link PatientLocks}).
	 */
	public Outcome check(
			IIdType patientId, AuditPeriod period, List<Standard> standards, boolean persist, Instant now, RequestDetails request) {
		if (!persist) {
			return checkNow(patientId, period, standards, persist, now, request);
		}
		return locks.serialized(patientId.getIdPart(), () -> checkNow(patientId, period, standards, true, now, request));
	}

	/** A mark taken once a write has committed (see {@link PatientLocks#mark}). */
	public long writeMark() {
		return locks.mark();
	}

	/**
	 * The write-time check: checks the record and reconciles its gaps, unless a check of the patient for at least
	 * these standards began after {@code writtenAt}; its findings then answer (see {@link PatientLocks#serializedAfter}).
	 *
	 * @param ran called when the check runs here (not when another check's findings answer)
	 * @return what the standards find in the record as it stands after the write
	 */
	public List<Finding> checkWritten(IIdType patientId, List<Standard> standards, Instant now, long writtenAt, Runnable ran) {
		Set<String> scope = standards.stream().map(Standard::code).collect(Collectors.toSet());
		return locks.serializedAfter(patientId.getIdPart(), writtenAt, scope, () -> {
			List<Finding> findings = checkNow(patientId, AuditPeriod.ALL, standards, true, now, new SystemRequestDetails()).check().findings();
			ran.run();
			return findings;
		});
	}

	private Outcome checkNow(
			IIdType patientId, AuditPeriod period, List<Standard> standards, boolean persist, Instant now, RequestDetails request) {
		RecordSnapshot record = loader.load(patientId, period, request, standards);
		RecordCheck check = RecordCheck.run(record, standards, new EvaluationContext(now, windows, codes));
		List<DetectedIssue> issues = reconciler.reconcile(check, period, now, persist);
		if (persist) {
			remediation.resolve(issues, now);
		}
		return new Outcome(check, issues);
	}
}

package dev.chartcheck.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.Windows;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;

/** One patient's review: load the record once, run the standards, reconcile the gaps, report. */
public class PatientAudit {

	private final RecordSnapshotLoader loader;
	private final GapReconciler reconciler;
	private final Windows windows;
	private final Clock clock;

	public PatientAudit(RecordSnapshotLoader loader, GapReconciler reconciler, Windows windows, Clock clock) {
		this.loader = loader;
		this.reconciler = reconciler;
		this.windows = windows;
		this.clock = clock;
	}

	public Bundle audit(IIdType patientId, AuditPeriod period, List<Standard> standards, boolean persist, RequestDetails request) {
		Instant now = clock.instant();
		RecordSnapshot record = loader.load(patientId, period, request);
		RecordCheck check = RecordCheck.run(record, standards, new EvaluationContext(now, windows));
		List<DetectedIssue> issues = reconciler.reconcile(check, period, now, persist);
		return AuditReport.individual(check, period, now, issues);
	}
}

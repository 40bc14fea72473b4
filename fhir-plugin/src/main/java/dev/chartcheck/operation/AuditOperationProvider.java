package dev.chartcheck.operation;

import dev.chartcheck.check.StandardModes;
import dev.chartcheck.check.CheckActivity;
import dev.chartcheck.audit.AuditParameters;
import dev.chartcheck.audit.AuditScope;
import dev.chartcheck.audit.PatientAudit;
import dev.chartcheck.audit.PopulationAudit;

import dev.chartcheck.check.ChartcheckCanonicals;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.chartcheck.job.BackgroundAudits;
import dev.chartcheck.engine.StandardsCatalog;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MeasureReport;

/** {@code Patient/[id]/$audit}: a thin adapter from HAPI's operation to {@link PatientAudit}. */
public class AuditOperationProvider {

	private final PatientAudit patientAudit;
	private final PopulationAudit populationAudit;
	private final BackgroundAudits background;
	private final StandardsCatalog catalog;
	private final StandardModes modes;
	private final CheckActivity activity;

	public AuditOperationProvider(
			PatientAudit patientAudit,
			PopulationAudit populationAudit,
			BackgroundAudits background,
			StandardsCatalog catalog,
			StandardModes modes,
			CheckActivity activity) {
		this.patientAudit = patientAudit;
		this.populationAudit = populationAudit;
		this.background = background;
		this.catalog = catalog;
		this.modes = modes;
		this.activity = activity;
	}

	// Parameters arrive as strings whatever FHIR type the caller used (valueDate, valueString…), so that
	// AuditParameters can answer every bad value with a 400 that names the parameter.

	/**
	 * Checks the patient's record against the documentation standards, reconciles the patient's
	 * DetectedIssues, and answers with a collection Bundle: a MeasureReport, then the DetectedIssues.
	 */
	@Operation(
			name = "$audit",
			typeName = "Patient",
			idempotent = true,
			canonicalUrl = ChartcheckCanonicals.AUDIT_OPERATION,
			returnParameters = @OperationParam(name = "return", typeName = "Bundle", min = 1, max = 1))
	public Bundle auditPatient(
			@IdParam IdType patientId,
			@OperationParam(name = "periodStart", min = 0, max = 1) String periodStart,
			@OperationParam(name = "periodEnd", min = 0, max = 1) String periodEnd,
			@OperationParam(name = "standard", min = 0, max = OperationParam.MAX_UNLIMITED) List<String> standard,
			@OperationParam(name = "persist", min = 0, max = 1) String persist,
			RequestDetails request) {
		AuditParameters parameters = AuditParameters.parse(periodStart, periodEnd, standard, persist, catalog, modes);
		return counted(parameters, () -> patientAudit.audit(patientId, parameters.period(), parameters.standards(), parameters.persist()));
	}

	/** {@code Practitioner/[id]/$audit}: the records this practitioner authored, signed, or took part in. */
	@Operation(
			name = "$audit",
			typeName = "Practitioner",
			idempotent = true,
			canonicalUrl = ChartcheckCanonicals.AUDIT_OPERATION,
			returnParameters = @OperationParam(name = "return", typeName = "Bundle", min = 1, max = 1))
	public IBaseResource auditPractitioner(
			@IdParam IdType practitionerId,
			@OperationParam(name = "periodStart", min = 0, max = 1) String periodStart,
			@OperationParam(name = "periodEnd", min = 0, max = 1) String periodEnd,
			@OperationParam(name = "standard", min = 0, max = OperationParam.MAX_UNLIMITED) List<String> standard,
			@OperationParam(name = "sampleSize", min = 0, max = 1) String sampleSize,
			@OperationParam(name = "seed", min = 0, max = 1) String seed,
			@OperationParam(name = "persist", min = 0, max = 1) String persist,
			@OperationParam(name = "full", min = 0, max = 1) String full,
			RequestDetails request) {
		return population("Practitioner/" + practitionerId.getIdPart(),
				periodStart, periodEnd, standard, sampleSize, seed, persist, full, request);
	}

	/** {@code Organization/[id]/$audit}: the organization's practitioners' and patients' records. */
	@Operation(
			name = "$audit",
			typeName = "Organization",
			idempotent = true,
			canonicalUrl = ChartcheckCanonicals.AUDIT_OPERATION,
			returnParameters = @OperationParam(name = "return", typeName = "Bundle", min = 1, max = 1))
	public IBaseResource auditOrganization(
			@IdParam IdType organizationId,
			@OperationParam(name = "periodStart", min = 0, max = 1) String periodStart,
			@OperationParam(name = "periodEnd", min = 0, max = 1) String periodEnd,
			@OperationParam(name = "standard", min = 0, max = OperationParam.MAX_UNLIMITED) List<String> standard,
			@OperationParam(name = "sampleSize", min = 0, max = 1) String sampleSize,
			@OperationParam(name = "seed", min = 0, max = 1) String seed,
			@OperationParam(name = "persist", min = 0, max = 1) String persist,
			@OperationParam(name = "full", min = 0, max = 1) String full,
			RequestDetails request) {
		return population("Organization/" + organizationId.getIdPart(),
				periodStart, periodEnd, standard, sampleSize, seed, persist, full, request);
	}

	/** {@code [base]/$audit}: every record on the server. */
	@Operation(
			name = "$audit",
			idempotent = true,
			canonicalUrl = ChartcheckCanonicals.AUDIT_OPERATION,
			returnParameters = @OperationParam(name = "return", typeName = "Bundle", min = 1, max = 1))
	public IBaseResource auditServer(
			@OperationParam(name = "periodStart", min = 0, max = 1) String periodStart,
			@OperationParam(name = "periodEnd", min = 0, max = 1) String periodEnd,
			@OperationParam(name = "standard", min = 0, max = OperationParam.MAX_UNLIMITED) List<String> standard,
			@OperationParam(name = "sampleSize", min = 0, max = 1) String sampleSize,
			@OperationParam(name = "seed", min = 0, max = 1) String seed,
			@OperationParam(name = "persist", min = 0, max = 1) String persist,
			@OperationParam(name = "full", min = 0, max = 1) String full,
			RequestDetails request) {
		return population(null, periodStart, periodEnd, standard, sampleSize, seed, persist, full, request);
	}

	private IBaseResource population(
			String subject,
			String periodStart,
			String periodEnd,
			List<String> standard,
			String sampleSize,
			String seed,
			String persist,
			String full,
			RequestDetails request) {
		AuditParameters parameters = AuditParameters.parse(
				periodStart, periodEnd, standard, persist, sampleSize, seed, full, catalog, modes);
		AuditScope scope = new AuditScope(subject);
		if (BackgroundAudits.asked(request)) {
			return background.start(scope, parameters, request);
		}
		return counted(parameters, () -> populationAudit.audit(scope, parameters, request));
	}

	/** Runs an audit answered in the request, and counts the records it checked, or its failure (a server error). */
	private Bundle counted(AuditParameters parameters, Supplier<Bundle> audit) {
		Bundle answer;
		try {
			answer = audit.get();
		} catch (BaseServerResponseException e) {
			if (e.getStatusCode() >= 500) {
				activity.failed(CheckActivity.Trigger.AUDIT);
			}
			throw e;
		} catch (RuntimeException e) {
			activity.failed(CheckActivity.Trigger.AUDIT);
			throw e;
		}
		// the MeasureReport comes first: an individual one is one record, a summary names every record checked
		MeasureReport report = (MeasureReport) answer.getEntryFirstRep().getResource();
		int records = report.getType() == MeasureReport.MeasureReportType.INDIVIDUAL ? 1 : report.getEvaluatedResource().size();
		activity.checked(CheckActivity.Trigger.AUDIT, parameters.standards(), records);
		return answer;
	}

	/**
	 * {@code [base]/$audit-status?_jobId=…}: a background audit's progress (202, with {@code X-Progress}),
	 * then its result (200); {@code DELETE} cancels it.
	 */
	@Operation(name = "$audit-status", idempotent = true, deleteEnabled = true)
	public IBaseResource auditStatus(
			@OperationParam(name = "_jobId", min = 1, max = 1) String jobId, RequestDetails request) {
		if (jobId == null || jobId.isBlank()) {
			throw AuditParameters.badParameter("_jobId", "_jobId names the background audit, as given in Content-Location");
		}
		if (request.getRequestType() == RequestTypeEnum.DELETE) {
			return background.cancel(jobId, request);
		}
		return background.status(jobId, request);
	}
}

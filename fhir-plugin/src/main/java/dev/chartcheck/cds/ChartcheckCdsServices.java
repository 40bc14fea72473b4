package dev.chartcheck.cds;

import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.hapi.fhir.cdshooks.api.CdsService;
import ca.uhn.hapi.fhir.cdshooks.api.CdsServiceFeedback;
import ca.uhn.hapi.fhir.cdshooks.api.CdsServicePrefetch;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceFeedbackJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import dev.chartcheck.audittrail.OperationAuditTrail;
import java.util.List;

/**
 * Chartcheck's CDS Hooks services, as HAPI's CDS Hooks module discovers them from the annotations: documentation
 * gaps as cards when a chart is opened ({@code patient-view}) and when an encounter ends
 * ({@code encounter-discharge}), and the feedback endpoint of each. A thin adapter: the work is done by
 * {@link PatientViewCards}, {@link DischargeCards} and {@link GapFeedback}.
 *
 * <p>Missing prefetch is read from this server's DAOs by HAPI's prefetch service before a service runs, so an EHR
 * may send it (and spare the server the queries) or not.
 */
public class ChartcheckCdsServices {

	public static final String PATIENT_VIEW = "chartcheck-patient-view";
	public static final String ENCOUNTER_DISCHARGE = "chartcheck-encounter-discharge";

	private final PatientViewCards patientView;
	private final DischargeCards discharge;
	private final GapFeedback feedback;
	private final OperationAuditTrail trail;

	/** @param trail records each call in the audit trail; null records nothing */
	public ChartcheckCdsServices(PatientViewCards patientView, DischargeCards discharge, GapFeedback feedback,
			OperationAuditTrail trail) {
		this.patientView = patientView;
		this.discharge = discharge;
		this.feedback = feedback;
		this.trail = trail;
	}

	/** Records a call that read a patient's record (before answering it: no unrecorded access). */
	private void audited(String service, CdsServiceRequestJson request) {
		if (trail == null || request.getContext() == null) {
			return;
		}
		String patient = request.getContext().getString("patientId");
		trail.record(null, service, "CDS Hooks " + service, patient == null ? List.of() : List.of("Patient/" + patient));
	}

	@CdsService(
			value = PATIENT_VIEW,
			hook = "patient-view",
			title = "Chartcheck documentation gaps",
			description = "One card per open or prospective documentation gap on the patient's record: the standard,"
					+ " the remediation due date and, where the fix is concrete, a draft resource that makes it.",
			prefetch = {
				@CdsServicePrefetch(value = PatientViewCards.PATIENT, query = "Patient/{{context.patientId}}"),
				@CdsServicePrefetch(
						value = PatientViewCards.GAPS,
						query = "DetectedIssue?patient={{context.patientId}}&gap-status=open-gap,prospective-gap"),
				@CdsServicePrefetch(value = PatientViewCards.CARE_TEAMS, query = "CareTeam?patient={{context.patientId}}")
			})
	public CdsServiceResponseJson patientView(CdsServiceRequestJson request) {
		CdsServiceResponseJson cards = patientView.cards(request);
		audited(PATIENT_VIEW, request);
		return cards;
	}

	@CdsService(
			value = ENCOUNTER_DISCHARGE,
			hook = "encounter-discharge",
			title = "Chartcheck discharge documentation check",
			description = "The documentation gaps this encounter leaves open (no note, an unsigned note, no communication"
					+ " with the primary care physician after an initial evaluation…), checked afresh; nothing is stored.",
			prefetch = {@CdsServicePrefetch(value = DischargeCards.ENCOUNTER, query = "Encounter/{{context.encounterId}}")})
	public CdsServiceResponseJson encounterDischarge(CdsServiceRequestJson request) {
		CdsServiceResponseJson cards = discharge.cards(request);
		audited(ENCOUNTER_DISCHARGE, request);
		return cards;
	}

	@CdsServiceFeedback(PATIENT_VIEW)
	public CdsServiceFeedbackJson patientViewFeedback(CdsServiceFeedbackJson received) {
		return feedback.record(PATIENT_VIEW, received);
	}

	@CdsServiceFeedback(ENCOUNTER_DISCHARGE)
	public CdsServiceFeedbackJson encounterDischargeFeedback(CdsServiceFeedbackJson received) {
		return feedback.record(ENCOUNTER_DISCHARGE, received);
	}
}

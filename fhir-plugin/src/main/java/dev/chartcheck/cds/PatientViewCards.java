package dev.chartcheck.cds;

import dev.chartcheck.engine.RecordSnapshotBuilder;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import dev.chartcheck.check.CheckCore;
import dev.chartcheck.engine.BehavioralHealthCare;
import dev.chartcheck.engine.RecordSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Patient;

/**
 * {@code patient-view}: a card per open or prospective gap on the patient's record, read from the prefetched
 * DetectedIssues only, so that an EHR that sends the prefetch gets its answer without a query of its own here.
 * The Patient and CareTeams prefetched name the PCP that a coordination suggestion writes to.
 */
public class PatientViewCards {

	static final String PATIENT = "patient";
	static final String GAPS = "gaps";
	static final String CARE_TEAMS = "careTeams";

	private final GapCards cards;
	private final CheckCore core;

	public PatientViewCards(GapCards cards, CheckCore core) {
		this.cards = cards;
		this.core = core;
	}

	public CdsServiceResponseJson cards(CdsServiceRequestJson request) {
		HookRequest hook = new HookRequest(request);
		String patientId = "Patient/" + hook.contextId("patientId", "Patient");
		Patient patient = hook.resource(PATIENT, Patient.class);
		if (patient.getIdElement().hasIdPart() && !patientId.equals("Patient/" + patient.getIdElement().getIdPart())) {
			throw new InvalidRequestException("prefetch." + PATIENT + " is Patient/" + patient.getIdElement().getIdPart()
					+ ", not the context's " + patientId);
		}
		// the gaps of this patient still in play; a prefetch may hold others (closed gaps, other patients)
		List<Gap> gaps = hook.entries(GAPS, DetectedIssue.class).stream()
				.map(Gap::of)
				.flatMap(Optional::stream)
				.filter(gap -> patientId.equals(gap.patientId()))
				.toList();
		Instant now = core.now();
		List<CareTeam> careTeams = hook.entries(CARE_TEAMS, CareTeam.class).stream()
				.filter(team -> patientId.equals(team.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue()))
				.toList();
		return cards.response(gaps, primaryCare(patient, patientId, careTeams, now), now);
	}

	/** The PCP as the coordination-of-care standard finds it: the general practitioner, or a CareTeam's PCP. */
	private Optional<String> primaryCare(Patient patient, String patientId, List<CareTeam> careTeams, Instant now) {
		Patient subject = patient.copy();
		subject.setId(patientId);
		RecordSnapshotBuilder record = RecordSnapshot.builder(subject);
		careTeams.forEach(record::careTeam);
		return BehavioralHealthCare.of(record.build(), core.settings().context(now)).primaryCare().stream().findFirst();
	}
}

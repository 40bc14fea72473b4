package dev.chartcheck.cds;

import dev.chartcheck.engine.RecordSnapshotBuilder;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import dev.chartcheck.check.CheckCore;
import dev.chartcheck.check.GapStore;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.BehavioralHealthCare;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.audit.PatientAudit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code encounter-discharge}: the gaps the encounter's documentation leaves open, checked afresh at the moment of
 * discharge. The patient's record is loaded the way {@code $audit} loads it, with the encounter as the EHR sends it
 * (prefetch {@code encounter}: at discharge the EHR's copy is newer than the stored one), and the standards run
 * over it; the findings about this encounter, its notes, its prescriptions and the consents signed during it
 * become cards. Nothing is stored: the next audit or write records the gaps.
 */
public class DischargeCards {

	static final String ENCOUNTER = "encounter";

	private final CheckCore core;
	private final GapStore gaps;
	private final List<Standard> standards;
	private final GapCards cards;

	public DischargeCards(CheckCore core, GapStore gaps, List<Standard> standards, GapCards cards) {
		this.core = core;
		this.gaps = gaps;
		this.standards = List.copyOf(standards);
		this.cards = cards;
	}

	public CdsServiceResponseJson cards(CdsServiceRequestJson request) {
		HookRequest hook = new HookRequest(request);
		String patientId = "Patient/" + hook.contextId("patientId", "Patient");
		String encounterId = "Encounter/" + hook.contextId("encounterId", "Encounter");
		Encounter encounter = hook.resource(ENCOUNTER, Encounter.class).copy();
		if (encounter.getIdElement().hasIdPart() && !encounterId.equals("Encounter/" + encounter.getIdElement().getIdPart())) {
			throw new InvalidRequestException("prefetch." + ENCOUNTER + " is Encounter/" + encounter.getIdElement().getIdPart()
					+ ", not the context's " + encounterId);
		}
		encounter.setId(encounterId);
		if (!encounter.getSubject().hasReference()) {
			encounter.getSubject().setReference(patientId);
		}
		String subject = encounter.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
		if (!patientId.equals(subject)) {
			throw new InvalidRequestException(encounterId + " is not an encounter of " + patientId + " (its subject is "
					+ subject + ")");
		}

		Instant now = core.now();
		RecordSnapshot record = withEncounter(
				PatientAudit.knownPatient(() -> core.load(patientId, AuditPeriod.ALL, standards)), encounter);
		Map<String, DetectedIssue> recorded = gaps.existing(patientId);
		Duration remediationPeriod = core.settings().remediationPeriod();
		List<Gap> found = core.findings(record, standards, now).stream()
				.filter(finding -> finding.status() != GapStatus.CLOSED)
				.filter(finding -> concernsEncounter(record, finding, encounter))
				.map(finding -> Gap.of(finding, patientId, recorded.get(finding.key(patientId).value()), now, remediationPeriod))
				.toList();
		Optional<String> primaryCare =
				BehavioralHealthCare.of(record, core.settings().context(now)).primaryCare().stream().findFirst();
		return cards.response(found, primaryCare, now);
	}

	/**
	 * Whether a finding is about the encounter: the encounter itself (no note, no communication with the PCP after
	 * it…), a note or a prescription written in it, or a consent signed while it took place.
	 */
	static boolean concernsEncounter(RecordSnapshot record, Finding finding, Encounter encounter) {
		String encounterId = RecordSnapshot.idOf(encounter);
		if (finding.subject().equals(encounterId)) {
			return true;
		}
		Optional<Resource> subject = record.resolve(new Reference(finding.subject()));
		if (subject.isEmpty()) {
			return false;
		}
		if (subject.get() instanceof DocumentReference note) {
			return note.getContext().getEncounter().stream().anyMatch(ref -> encounterId.equals(RecordSnapshot.referenceId(ref)));
		}
		if (subject.get() instanceof MedicationRequest prescription) {
			return encounterId.equals(RecordSnapshot.referenceId(prescription.getEncounter()));
		}
		if (subject.get() instanceof Consent consent && consent.hasDateTime() && encounter.getPeriod().hasStart()) {
			Instant signed = consent.getDateTime().toInstant();
			return !signed.isBefore(encounter.getPeriod().getStart().toInstant())
					&& (!encounter.getPeriod().hasEnd() || !signed.isAfter(encounter.getPeriod().getEnd().toInstant()));
		}
		return false;
	}

	/** The stored record with {@code current} in place of the stored copy of that encounter (or added to it). */
	static RecordSnapshot withEncounter(RecordSnapshot stored, Encounter current) {
		String id = RecordSnapshot.idOf(current);
		RecordSnapshotBuilder record = RecordSnapshot.builder(stored.patient())
				.relatedAll(stored.all(Resource.class))
				.contentsFrom(stored);
		stored.encounters().stream().filter(e -> !RecordSnapshot.idOf(e).equals(id)).forEach(record::encounter);
		record.encounter(current);
		stored.notes().forEach(record::note);
		stored.consents().forEach(record::consent);
		stored.communications().forEach(record::communication);
		stored.careTeams().forEach(record::careTeam);
		stored.provenances().forEach(record::provenance);
		stored.medicationRequests().forEach(record::medicationRequest);
		stored.entries(Resource.class).forEach(record::entry);
		return record.build();
	}
}

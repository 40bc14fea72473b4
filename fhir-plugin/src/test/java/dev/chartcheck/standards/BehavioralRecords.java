package dev.chartcheck.standards;

import dev.chartcheck.engine.RecordSnapshotBuilder;
import static dev.chartcheck.standards.Records.at;

import dev.chartcheck.engine.RecordSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A patient in behavioral-health care whose record complies with the four behavioral-health standards,
 * built on {@link Records} (whose primary-care encounter e1 and note n1 stay in the record):
 *
 * <ul>
 *   <li>the patient (an adult) names Practitioner/pcp1 as {@code generalPractitioner};
 *   <li>an initial psychiatric evaluation bh1 (CPT 90791) on 2026-03-02 15:00–16:00Z and a psychotherapy
 *       follow-up bh2 (CPT 90834) on 2026-04-06, both by Practitioner/p1 at Organization/org1;
 *   <li>a note for each, labeled restricted (R);
 *   <li>a Communication to the PCP three days after the evaluation;
 *   <li>an active release-of-information Consent signed at the evaluation, valid one year, naming the PCP
 *       as recipient (IRCP).
 * </ul>
 *
 * Tests change the public resources or lists before taking a {@link #snapshot()}.
 */
public final class BehavioralRecords {

	public static final Instant NOW = Records.NOW;

	public static final String PCP = "Practitioner/pcp1";
	public static final String PCP_ROLE = "PractitionerRole/pcprole1";
	public static final String EVALUATION = "Encounter/bh1";
	public static final String FOLLOW_UP = "Encounter/bh2";
	public static final String EVALUATION_NOTE = "DocumentReference/bhn1";
	public static final String FOLLOW_UP_NOTE = "DocumentReference/bhn2";
	public static final String LETTER = "Communication/c1";
	public static final String CONSENT = "Consent/roi1";

	public static final Instant EVALUATION_START = Instant.parse("2026-03-02T15:00:00Z");
	public static final Instant EVALUATION_END = Instant.parse("2026-03-02T16:00:00Z");
	public static final Instant FOLLOW_UP_START = Instant.parse("2026-04-06T15:00:00Z");
	public static final Instant LETTER_SENT = Instant.parse("2026-03-05T10:00:00Z");
	public static final Instant CONSENT_SIGNED = EVALUATION_END;
	public static final Instant CONSENT_END = Instant.parse("2027-03-02T00:00:00Z");

	public static final String CPT = "http://www.ama-assn.org/go/cpt";
	public static final String SNOMED = "http://snomed.info/sct";
	public static final String LOINC = "http://loinc.org";
	public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	public static final String ATC = "http://www.whocc.no/atc";
	public static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
	public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	public static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
	public static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
	public static final String DOCUMENTATION_ELEMENT = "https://chartcheck.dev/fhir/CodeSystem/documentation-element";

	/** The compliant base record: patient, clinician p1, organization, primary-care encounter e1 and its note n1. */
	public final Records base = new Records();
	public final Practitioner pcp = pcp(PCP);
	public final Encounter evaluation = behavioralEncounter(EVALUATION, EVALUATION_START, EVALUATION_END, cpt("90791"));
	public final Encounter followUp =
			behavioralEncounter(FOLLOW_UP, FOLLOW_UP_START, FOLLOW_UP_START.plus(Duration.ofMinutes(45)), cpt("90834"));
	public final DocumentReference evaluationNote =
			labeled(Records.note(EVALUATION_NOTE, EVALUATION_END, EVALUATION), CONFIDENTIALITY, "R");
	public final DocumentReference followUpNote = labeled(
			Records.note(FOLLOW_UP_NOTE, FOLLOW_UP_START.plus(Duration.ofHours(1)), FOLLOW_UP), CONFIDENTIALITY, "R");
	public final Communication letter = communication(LETTER, PCP, LETTER_SENT);
	public final Consent consent = releaseOfInformation(CONSENT, CONSENT_SIGNED, CONSENT_END, PCP);

	/** Entries in scope; tests add, remove or replace them. */
	public final List<Encounter> encounters = new ArrayList<>(List.of(evaluation, followUp));
	public final List<DocumentReference> notes = new ArrayList<>(List.of(evaluationNote, followUpNote));
	public final List<Communication> communications = new ArrayList<>(List.of(letter));
	public final List<Consent> consents = new ArrayList<>(List.of(consent));
	public final List<MedicationRequest> prescriptions = new ArrayList<>();
	public final List<CareTeam> careTeams = new ArrayList<>();
	/** Resources loaded but not in scope (entries outside the audit period, the PCP, roles…). */
	public final List<Resource> related = new ArrayList<>(List.of(pcp));

	public BehavioralRecords() {
		base.patient.addGeneralPractitioner(new Reference(PCP));
	}

	public RecordSnapshotBuilder builder() {
		RecordSnapshotBuilder builder = base.builder();
		related.forEach(builder::related);
		encounters.forEach(builder::encounter);
		notes.forEach(builder::note);
		communications.forEach(builder::communication);
		consents.forEach(builder::consent);
		prescriptions.forEach(builder::medicationRequest);
		careTeams.forEach(builder::careTeam);
		return builder;
	}

	public RecordSnapshot snapshot() {
		return builder().build();
	}

	/** Removes the patient's {@code generalPractitioner}. */
	public BehavioralRecords withoutGeneralPractitioner() {
		base.patient.getGeneralPractitioner().clear();
		return this;
	}

	public static Practitioner pcp(String id) {
		Practitioner practitioner = Records.clinician(id, "MD");
		practitioner.getNameFirstRep().setFamily("Welby").getGiven().clear();
		practitioner.getNameFirstRep().addGiven("Marcus");
		return practitioner;
	}

	public static CodeableConcept cpt(String code) {
		return new CodeableConcept(new Coding(CPT, code, null));
	}

	public static CodeableConcept snomed(String code) {
		return new CodeableConcept(new Coding(SNOMED, code, null));
	}

	public static CodeableConcept loinc(String code) {
		return new CodeableConcept(new Coding(LOINC, code, null));
	}

	/** A finished encounter of Practitioner/p1 at Organization/org1 with the given type. */
	public static Encounter behavioralEncounter(String id, Instant start, Instant end, CodeableConcept type) {
		Encounter encounter = Records.finishedEncounter(id, start, end);
		encounter.addType(type);
		return encounter;
	}

	public static Encounter behavioralEncounter(String id, Instant start, CodeableConcept type) {
		return behavioralEncounter(id, start, start.plus(Duration.ofHours(1)), type);
	}

	/** Adds {@code hospitalization.dischargeDisposition} (home). */
	public static Encounter discharged(Encounter encounter) {
		encounter.getHospitalization().setDischargeDisposition(new CodeableConcept(
				new Coding("http://terminology.hl7.org/CodeSystem/discharge-disposition", "home", "Home")));
		return encounter;
	}

	public static DocumentReference labeled(DocumentReference note, String system, String code) {
		note.getMeta().addSecurity(system, code, null);
		return note;
	}

	/** A note of Practitioner/p1 with a LOINC type. */
	public static DocumentReference typedNote(String id, Instant date, String encounter, String loincType) {
		DocumentReference note = Records.note(id, date, encounter);
		note.setType(loinc(loincType));
		return note;
	}

	/** A referral note (LOINC 57133-1) addressed to {@code recipient} through {@code context.related}. */
	public static DocumentReference referralNote(String id, Instant date, String encounter, String recipient) {
		DocumentReference note = typedNote(id, date, encounter, "57133-1");
		note.getContext().addRelated(new Reference(recipient));
		return note;
	}

	/** A completed Communication about the patient to {@code recipient}, sent at {@code sent}. */
	public static Communication communication(String id, String recipient, Instant sent) {
		Communication communication = new Communication();
		communication.setId(id);
		communication.setStatus(Communication.CommunicationStatus.COMPLETED);
		communication.setSubject(new Reference(Records.PATIENT));
		communication.setSender(new Reference(Records.CLINICIAN));
		communication.addRecipient(new Reference(recipient));
		if (sent != null) {
			communication.setSent(at(sent));
		}
		return communication;
	}

	/**
	 * An active release-of-information Consent (scope patient-privacy, category LOINC 64292-6) obtained by
	 * Practitioner/p1 for Organization/org1, signed at {@code signed} (null: no dateTime), valid from then
	 * until {@code end} (null: open-ended), naming each of {@code recipients} with role IRCP.
	 */
	public static Consent releaseOfInformation(String id, Instant signed, Instant end, String... recipients) {
		Consent consent = new Consent();
		consent.setId(id);
		consent.setStatus(Consent.ConsentState.ACTIVE);
		consent.setScope(new CodeableConcept(new Coding(CONSENT_SCOPE, "patient-privacy", null)));
		consent.addCategory(loinc("64292-6"));
		consent.setPatient(new Reference(Records.PATIENT));
		consent.addPerformer(new Reference(Records.CLINICIAN));
		consent.addOrganization(new Reference(Records.ORGANIZATION));
		if (signed != null) {
			consent.setDateTime(at(signed));
		}
		Period period = new Period();
		if (signed != null) {
			period.setStart(at(signed));
		}
		if (end != null) {
			period.setEnd(at(end));
		}
		consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT).setPeriod(period);
		for (String recipient : recipients) {
			recipient(consent, recipient, "IRCP");
		}
		return consent;
	}

	public static Consent recipient(Consent consent, String reference, String role) {
		consent.getProvision().addActor()
				.setRole(new CodeableConcept(new Coding(PARTICIPATION_TYPE, role, null)))
				.setReference(new Reference(reference));
		return consent;
	}

	/**
	 * The patient's documented refusal to share with {@code actor}: an active privacy Consent (release of
	 * information) whose top-level provision denies, naming the actor.
	 */
	public static Consent refusal(String id, Instant signed, String actor) {
		Consent consent = releaseOfInformation(id, signed, null);
		consent.getProvision().setType(Consent.ConsentProvisionType.DENY);
		recipient(consent, actor, "IRCP");
		return consent;
	}

	/** An active CareTeam of the patient with one participant in the given SNOMED CT role. */
	public static CareTeam careTeam(String id, String member, String snomedRole) {
		CareTeam team = new CareTeam();
		team.setId(id);
		team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
		team.setSubject(new Reference(Records.PATIENT));
		team.addParticipant().addRole(snomed(snomedRole)).setMember(new Reference(member));
		return team;
	}

	/** An active order by Practitioner/p1 for the patient, authored at {@code authored}. */
	public static MedicationRequest prescription(String id, Instant authored, CodeableConcept medication) {
		MedicationRequest request = new MedicationRequest();
		request.setId(id);
		request.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
		request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		request.setSubject(new Reference(Records.PATIENT));
		request.setRequester(new Reference(Records.CLINICIAN));
		request.setAuthoredOn(at(authored));
		request.setMedication(medication);
		return request;
	}

	/** A medication coded in RxNorm, with the same words as display and text. */
	public static CodeableConcept rxnorm(String code, String name) {
		return new CodeableConcept(new Coding(RXNORM, code, name)).setText(name);
	}

	public static CodeableConcept atc(String code) {
		return new CodeableConcept(new Coding(ATC, code, null));
	}

	/** RxNorm SCD 312941: a product code, not in the ValueSet, that only its words identify as sertraline. */
	public static CodeableConcept sertralineTablet() {
		return rxnorm("312941", "sertraline 100 MG Oral Tablet");
	}

	public static CodeableConcept ibuprofenTablet() {
		return rxnorm("197806", "ibuprofen 600 MG Oral Tablet");
	}

	public static Encounter planned(Encounter encounter) {
		encounter.setStatus(EncounterStatus.PLANNED);
		return encounter;
	}
}

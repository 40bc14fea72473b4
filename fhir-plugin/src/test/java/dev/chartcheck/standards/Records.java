package dev.chartcheck.standards;

import dev.chartcheck.engine.RecordSnapshotBuilder;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Windows;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;

/**
 * A compliant patient record, built by hand for the standards' unit tests: a patient with name, MRN and
 * birth date; a credentialed clinician; a finished encounter four days before {@link #NOW}; and a final,
 * dated, signed note for it. Tests change the public resources before taking a {@link #snapshot()}.
 */
public final class Records {

	public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
	public static final Instant ENCOUNTER_START = Instant.parse("2026-05-28T09:00:00Z");
	public static final Instant ENCOUNTER_END = Instant.parse("2026-05-28T09:30:00Z");
	public static final Instant NOTE_DATE = Instant.parse("2026-05-28T10:00:00Z");
	public static final String BIRTH_DATE = "1980-05-17";

	public static final String PATIENT = "Patient/pat1";
	public static final String CLINICIAN = "Practitioner/p1";
	public static final String ORGANIZATION = "Organization/org1";
	public static final String ENCOUNTER = "Encounter/e1";
	public static final String NOTE = "DocumentReference/n1";

	public final Patient patient = patient(PATIENT);
	public final Practitioner clinician = clinician(CLINICIAN, "MD");
	public final Organization organization = organization(ORGANIZATION);
	public final Encounter encounter = finishedEncounter(ENCOUNTER, ENCOUNTER_START, ENCOUNTER_END);
	public final DocumentReference note = note(NOTE, NOTE_DATE, ENCOUNTER);

	/** The moment every test checks at, with the default 7-day windows and 5-minute clock skew. */
	public static EvaluationContext context() {
		return new EvaluationContext(NOW, Windows.defaults());
	}

	/** A builder already holding the compliant record; add more entries before {@code build()}. */
	public RecordSnapshotBuilder builder() {
		return RecordSnapshot.builder(patient)
				.related(clinician)
				.related(organization)
				.encounter(encounter)
				.note(note);
	}

	public RecordSnapshot snapshot() {
		return builder().build();
	}

	public static Patient patient(String id) {
		Patient patient = new Patient();
		patient.setId(id);
		patient.addName().setFamily("Doe").addGiven("Jane");
		patient.addIdentifier(new Identifier()
				.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", null)))
				.setSystem("urn:oid:1.2.36.146.595.217.0.1")
				.setValue("MRN-1001"));
		patient.setBirthDateElement(new DateType(BIRTH_DATE));
		return patient;
	}

	/** A clinician with a name and one v2-0360 degree code. */
	public static Practitioner clinician(String id, String degree) {
		Practitioner practitioner = new Practitioner();
		practitioner.setId(id);
		practitioner.addName().setFamily("Osler").addGiven("William");
		practitioner.addQualification().setCode(
				new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0360", degree, null)));
		return practitioner;
	}

	/** A clinician with a name but no qualification. */
	public static Practitioner uncredentialed(String id) {
		Practitioner practitioner = new Practitioner();
		practitioner.setId(id);
		practitioner.addName().setFamily("Nobody").addGiven("Nora");
		return practitioner;
	}

	public static PractitionerRole role(String id, String practitioner, String organization) {
		PractitionerRole role = new PractitionerRole();
		role.setId(id);
		role.setPractitioner(new Reference(practitioner));
		if (organization != null) {
			role.setOrganization(new Reference(organization));
		}
		return role;
	}

	public static Organization organization(String id) {
		Organization organization = new Organization();
		organization.setId(id);
		organization.setName("Riverside Clinic");
		return organization;
	}

	public static Encounter finishedEncounter(String id, Instant start, Instant end) {
		return encounter(id, EncounterStatus.FINISHED, start, end);
	}

	/** An encounter of the patient with Practitioner/p1 at Organization/org1; null bounds are left out. */
	public static Encounter encounter(String id, EncounterStatus status, Instant start, Instant end) {
		Encounter encounter = new Encounter();
		encounter.setId(id);
		encounter.setStatus(status);
		encounter.setSubject(new Reference(PATIENT));
		encounter.addParticipant().setIndividual(new Reference(CLINICIAN));
		encounter.setServiceProvider(new Reference(ORGANIZATION));
		Period period = new Period();
		if (start != null) {
			period.setStart(at(start));
		}
		if (end != null) {
			period.setEnd(at(end));
		}
		encounter.setPeriod(period);
		return encounter;
	}

	/** A current, final note about the patient by Practitioner/p1; null date or encounter are left out. */
	public static DocumentReference note(String id, Instant date, String encounter) {
		DocumentReference note = new DocumentReference();
		note.setId(id);
		note.setStatus(DocumentReferenceStatus.CURRENT);
		note.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
		note.setType(new CodeableConcept(new Coding("http://loinc.org", "11506-3", "Progress note")));
		note.setSubject(new Reference(PATIENT));
		if (date != null) {
			note.setDate(at(date));
		}
		note.addAuthor(new Reference(CLINICIAN));
		if (encounter != null) {
			note.getContext().addEncounter(new Reference(encounter));
		}
		return note;
	}

	public static Date at(Instant instant) {
		return Date.from(instant);
	}
}

package dev.chartcheck.server;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Small records for the clone-detection tests, as JSON: patients, clinicians, encounters, notes with text. */
final class ClonedNotes {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private ClonedNotes() {}

	static String patient(String id) {
		Patient patient = new Patient();
		patient.setId(id);
		patient.addName().setFamily("Okafor").addGiven("Ada");
		patient.addIdentifier().setSystem("urn:example:mrn").setValue(id + "-MRN");
		return json(patient);
	}

	static String practitioner(String id) {
		Practitioner practitioner = new Practitioner();
		practitioner.setId(id);
		practitioner.addName(new HumanName().setFamily("Reyes").addGiven("Lena"));
		practitioner.addQualification().setCode(new CodeableConcept(
				new Coding("http://terminology.hl7.org/CodeSystem/v2-0360", "MD", "Doctor of Medicine")));
		return json(practitioner);
	}

	static String encounter(String id, String patient, String author, String day) {
		Encounter encounter = new Encounter();
		encounter.setId(id);
		encounter.setStatus(Encounter.EncounterStatus.FINISHED);
		encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
		encounter.setSubject(new Reference("Patient/" + patient));
		encounter.addParticipant().setIndividual(new Reference("Practitioner/" + author));
		encounter.setPeriod(new Period()
				.setStartElement(new DateTimeType(day + "T09:00:00Z"))
				.setEndElement(new DateTimeType(day + "T09:30:00Z")));
		return json(encounter);
	}

	/** A signed progress note with the text as a text/plain attachment; {@code encounter} may be null. */
	static String note(String id, String patient, String author, String encounter, String date, String text) {
		DocumentReference note = new DocumentReference();
		note.setId(id);
		note.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
		note.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
		note.setType(new CodeableConcept(new Coding("http://loinc.org", "11506-3", "Progress note")));
		note.setSubject(new Reference("Patient/" + patient));
		note.setDateElement(new org.hl7.fhir.r4.model.InstantType(date));
		note.addAuthor(new Reference("Practitioner/" + author));
		note.setAuthenticator(new Reference("Practitioner/" + author));
		note.addContent().setAttachment(new Attachment()
				.setContentType("text/plain; charset=UTF-8")
				.setData(text.getBytes(StandardCharsets.UTF_8)));
		if (encounter != null) {
			note.getContext().addEncounter(new Reference("Encounter/" + encounter));
		}
		return json(note);
	}

	/** A transaction that PUTs each resource at its id. */
	static String transaction(String... resources) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (String json : resources) {
			Resource resource = (Resource) FHIR.newJsonParser().parseResource(json);
			String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
			bundle.addEntry().setFullUrl(url).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
		}
		return json(bundle);
	}

	private static String json(Resource resource) {
		return FHIR.newJsonParser().encodeResourceToString(resource);
	}
}

package dev.chartcheck.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Whose record an entry belongs to, and which clinicians, organizations and medications a record needs beside its
 * entries, so that a finding names who answers for it. The targets are those the searches of a record used to bring
 * along with {@code _include}: the patient's general practitioner and organization, an encounter's participants and
 * service provider, a note's author, authenticator and custodian, a consent's performer, a prescription's medication
 * and requester, a communication's recipients, a care team's members, an observation's performers, a claim's provider
 * and care team; and the practitioner of every PractitionerRole among them.
 */
final class RecordTargets {

	/** Types whose patient is {@code patient}; the others' is {@code subject} (Provenance: {@code target}). */
	private static final Set<String> PATIENT_ELEMENT = Set.of("Consent", "Immunization", "EpisodeOfCare", "Claim");

	private RecordTargets() {}

	/** The {@code Patient/id}s an entry belongs to, as the types' {@code patient} search parameter finds them. */
	static List<String> owners(Resource entry) {
		List<String> owners = new ArrayList<>();
		if (entry instanceof Provenance provenance) {
			provenance.getTarget().forEach(ref -> add(owners, ref));
			owners.removeIf(id -> !id.startsWith("Patient/"));
			return owners;
		}
		Property property = entry.getNamedProperty(PATIENT_ELEMENT.contains(entry.fhirType()) ? "patient" : "subject");
		if (property != null) {
			for (Base value : property.getValues()) {
				if (value instanceof Reference ref) {
					add(owners, ref);
				}
			}
		}
		owners.removeIf(id -> !id.startsWith("Patient/"));
		return owners;
	}

	/** What a record needs beside an entry of it (the {@code Type/id}s, in the entry's order). */
	static List<String> of(Resource entry) {
		List<String> ids = new ArrayList<>();
		if (entry instanceof Patient patient) {
			patient.getGeneralPractitioner().forEach(ref -> add(ids, ref));
			add(ids, patient.getManagingOrganization());
		} else if (entry instanceof Encounter encounter) {
			encounter.getParticipant().forEach(p -> add(ids, p.getIndividual()));
			add(ids, encounter.getServiceProvider());
		} else if (entry instanceof DocumentReference note) {
			note.getAuthor().forEach(ref -> add(ids, ref));
			add(ids, note.getAuthenticator());
			add(ids, note.getCustodian());
		} else if (entry instanceof Consent consent) {
			consent.getPerformer().forEach(ref -> add(ids, ref));
		} else if (entry instanceof MedicationRequest prescription) {
			if (prescription.hasMedicationReference()) {
				add(ids, prescription.getMedicationReference());
			}
			add(ids, prescription.getRequester());
		} else if (entry instanceof Communication communication) {
			communication.getRecipient().forEach(ref -> add(ids, ref));
		} else if (entry instanceof CareTeam careTeam) {
			careTeam.getParticipant().forEach(p -> add(ids, p.getMember()));
		} else if (entry instanceof Observation observation) {
			observation.getPerformer().forEach(ref -> add(ids, ref));
		} else if (entry instanceof Claim claim) {
			add(ids, claim.getProvider());
			claim.getCareTeam().forEach(member -> add(ids, member.getProvider()));
		}
		return ids;
	}

	/** The {@code Practitioner/id} a role is held by. */
	static Optional<String> practitionerOf(PractitionerRole role) {
		List<String> ids = new ArrayList<>(1);
		add(ids, role.getPractitioner());
		return ids.stream().filter(id -> id.startsWith("Practitioner/")).findFirst();
	}

	/** Adds the stored resource a reference points to: a relative literal reference, not a contained or remote one. */
	private static void add(List<String> ids, Reference reference) {
		if (reference == null || !reference.hasReference()) {
			return;
		}
		IIdType id = reference.getReferenceElement();
		if (id.isLocal() || id.isAbsolute() || !id.hasResourceType() || !id.hasIdPart()) {
			return;
		}
		String value = id.getResourceType() + "/" + id.getIdPart();
		if (!ids.contains(value)) {
			ids.add(value);
		}
	}
}

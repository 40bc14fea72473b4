package dev.chartcheck.engine;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Who answers for a gap: the clinician who wrote or signed the entry, or took part in the encounter, and
 * the organization behind them. The reconciler records them on the DetectedIssue so that deficiencies
 * reach the right provider.
 */
public final class ResponsibleParties {

	private ResponsibleParties() {}

	/**
	 * Who answers for a resource of the record: a note's signer, an encounter's first clinician, a
	 * prescription's prescriber, the clinician who obtained a consent, an observation's first performer, a claim's
	 * provider (else its first care-team member); for anything else (or when those name no one) the patient's
	 * general practitioner.
	 */
	public static String practitionerFor(RecordSnapshot record, Resource resource) {
		if (resource instanceof DocumentReference note) {
			return practitionerFor(record, note);
		}
		if (resource instanceof Encounter encounter) {
			return practitionerFor(record, encounter);
		}
		String practitioner = null;
		if (resource instanceof MedicationRequest request) {
			practitioner = practitionerFor(record, request);
		} else if (resource instanceof Consent consent) {
			practitioner = practitionerFor(record, consent);
		} else if (resource instanceof Observation observation) {
			practitioner = firstPractitioner(record, observation.getPerformer());
		} else if (resource instanceof Claim claim) {
			practitioner = record.practitioner(claim.getProvider()).map(RecordSnapshot::idOf)
					.orElseGet(() -> firstPractitioner(record, claim.getCareTeam().stream()
							.map(Claim.CareTeamComponent::getProvider).toList()));
		}
		return practitioner != null ? practitioner : practitionerForPatient(record);
	}

	/** The organization answerable for a resource of the record; see {@link #practitionerFor(RecordSnapshot, Resource)}. */
	public static String organizationFor(RecordSnapshot record, Resource resource) {
		if (resource instanceof DocumentReference note) {
			return organizationFor(record, note);
		}
		if (resource instanceof Encounter encounter) {
			return organizationFor(encounter);
		}
		String organization = resource instanceof Consent consent ? organizationFor(consent) : null;
		if (resource instanceof Claim claim && "Organization".equals(claim.getProvider().getReferenceElement().getResourceType())) {
			organization = RecordSnapshot.referenceId(claim.getProvider());
		}
		return organization != null ? organization : organizationForPatient(record);
	}

	/** The note's signer (authenticator, else its first clinician author), as a Practitioner id. */
	public static String practitionerFor(RecordSnapshot record, DocumentReference note) {
		return signer(note).flatMap(record::practitioner).map(RecordSnapshot::idOf).orElse(null);
	}

	/** The note's custodian, else the signer's PractitionerRole organization. */
	public static String organizationFor(RecordSnapshot record, DocumentReference note) {
		if (note.hasCustodian()) {
			return RecordSnapshot.referenceId(note.getCustodian());
		}
		return signer(note)
				.flatMap(ref -> record.resolve(ref, PractitionerRole.class))
				.filter(PractitionerRole::hasOrganization)
				.map(role -> RecordSnapshot.referenceId(role.getOrganization()))
				.orElse(null);
	}

	/** The first participant of the encounter who resolves to a Practitioner. */
	public static String practitionerFor(RecordSnapshot record, Encounter encounter) {
		for (Encounter.EncounterParticipantComponent participant : encounter.getParticipant()) {
			Optional<Practitioner> practitioner = record.practitioner(participant.getIndividual());
			if (practitioner.isPresent()) {
				return RecordSnapshot.idOf(practitioner.get());
			}
		}
		return null;
	}

	public static String organizationFor(Encounter encounter) {
		return encounter.hasServiceProvider() ? RecordSnapshot.referenceId(encounter.getServiceProvider()) : null;
	}

	/** The clinician who prescribed. */
	public static String practitionerFor(RecordSnapshot record, MedicationRequest request) {
		return record.practitioner(request.getRequester()).map(RecordSnapshot::idOf).orElse(null);
	}

	/** The clinician who obtained the consent (its first clinician performer). */
	public static String practitionerFor(RecordSnapshot record, Consent consent) {
		for (Reference performer : consent.getPerformer()) {
			Optional<Practitioner> practitioner = record.practitioner(performer);
			if (practitioner.isPresent()) {
				return RecordSnapshot.idOf(practitioner.get());
			}
		}
		return null;
	}

	public static String organizationFor(Consent consent) {
		return consent.hasOrganization() ? RecordSnapshot.referenceId(consent.getOrganizationFirstRep()) : null;
	}

	private static String firstPractitioner(RecordSnapshot record, List<Reference> references) {
		for (Reference reference : references) {
			Optional<Practitioner> practitioner = record.practitioner(reference);
			if (practitioner.isPresent()) {
				return RecordSnapshot.idOf(practitioner.get());
			}
		}
		return null;
	}

	/** The patient's general practitioner, when it is a Practitioner. */
	public static String practitionerForPatient(RecordSnapshot record) {
		for (Reference gp : record.patient().getGeneralPractitioner()) {
			Optional<Practitioner> practitioner = record.practitioner(gp);
			if (practitioner.isPresent()) {
				return RecordSnapshot.idOf(practitioner.get());
			}
		}
		return null;
	}

	public static String organizationForPatient(RecordSnapshot record) {
		return record.patient().hasManagingOrganization()
				? RecordSnapshot.referenceId(record.patient().getManagingOrganization())
				: null;
	}

	/**
	 * The reference that signs a note: the authenticator if there is one; otherwise the first author that is
	 * a clinician (Practitioner or PractitionerRole); otherwise the first author of any kind.
	 */
	public static Optional<Reference> signer(DocumentReference note) {
		if (note.hasAuthenticator()) {
			return Optional.of(note.getAuthenticator());
		}
		for (Reference author : note.getAuthor()) {
			String type = author.getReferenceElement().getResourceType();
			if ("Practitioner".equals(type) || "PractitionerRole".equals(type)) {
				return Optional.of(author);
			}
		}
		return note.getAuthor().stream().findFirst();
	}
}

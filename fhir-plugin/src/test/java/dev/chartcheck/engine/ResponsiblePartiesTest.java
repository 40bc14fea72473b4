package dev.chartcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.standards.Records;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ResponsiblePartiesTest {

	private final Records records = new Records();

	@Test
	void theSignerIsTheAuthenticatorWhenThereIsOne() {
		records.note.setAuthenticator(new Reference("Practitioner/p2"));

		assertThat(ResponsibleParties.signer(records.note)).map(Reference::getReference).contains("Practitioner/p2");
	}

	@Test
	void otherwiseTheFirstClinicianAuthorSigns() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference(Records.PATIENT));
		records.note.addAuthor(new Reference("PractitionerRole/r1"));
		records.note.addAuthor(new Reference(Records.CLINICIAN));

		assertThat(ResponsibleParties.signer(records.note)).map(Reference::getReference).contains("PractitionerRole/r1");
	}

	@Test
	void otherwiseTheFirstAuthorOfAnyKindSigns() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference(Records.ORGANIZATION));
		records.note.addAuthor(new Reference(Records.PATIENT));

		assertThat(ResponsibleParties.signer(records.note)).map(Reference::getReference).contains(Records.ORGANIZATION);

		records.note.getAuthor().clear();
		assertThat(ResponsibleParties.signer(records.note)).isEmpty();
	}

	@Test
	void theNoteOrganizationIsItsCustodianElseTheSignersRoleOrganization() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference("PractitionerRole/r1"));
		RecordSnapshot snapshot = records.builder()
				.related(Records.role("PractitionerRole/r1", Records.CLINICIAN, "Organization/role-org"))
				.build();

		assertThat(ResponsibleParties.practitionerFor(snapshot, records.note)).isEqualTo(Records.CLINICIAN);
		assertThat(ResponsibleParties.organizationFor(snapshot, records.note)).isEqualTo("Organization/role-org");

		records.note.setCustodian(new Reference(Records.ORGANIZATION));
		assertThat(ResponsibleParties.organizationFor(snapshot, records.note)).isEqualTo(Records.ORGANIZATION);
	}

	@Test
	void theEncounterPractitionerIsTheFirstParticipantWhoIsOne() {
		Encounter encounter = Records.encounter("Encounter/e2", EncounterStatus.FINISHED, Records.ENCOUNTER_START, null);
		encounter.getParticipant().clear();
		encounter.addParticipant().setIndividual(new Reference("RelatedPerson/rp1"));
		encounter.addParticipant().setIndividual(new Reference("Practitioner/ghost"));
		encounter.addParticipant().setIndividual(new Reference("PractitionerRole/r1"));
		RecordSnapshot snapshot = records.builder()
				.related(Records.role("PractitionerRole/r1", Records.CLINICIAN, null))
				.encounter(encounter)
				.build();

		assertThat(ResponsibleParties.practitionerFor(snapshot, encounter)).isEqualTo(Records.CLINICIAN);
		assertThat(ResponsibleParties.organizationFor(encounter)).isEqualTo(Records.ORGANIZATION);

		encounter.getParticipant().clear();
		encounter.setServiceProviderTarget(null);
		encounter.setServiceProvider(null);
		assertThat(ResponsibleParties.practitionerFor(snapshot, encounter)).isNull();
		assertThat(ResponsibleParties.organizationFor(encounter)).isNull();
	}

	@Test
	void anObservationIsAnsweredForByItsPerformerElseTheGeneralPractitioner() {
		Observation screen = new Observation();
		screen.setId("Observation/o1");
		screen.addPerformer(new Reference(Records.ORGANIZATION));
		screen.addPerformer(new Reference(Records.CLINICIAN));
		records.patient.addGeneralPractitioner(new Reference("Practitioner/gp"));
		RecordSnapshot snapshot = records.builder().related(Records.clinician("Practitioner/gp", "MD")).entry(screen).build();

		assertThat(ResponsibleParties.practitionerFor(snapshot, screen)).isEqualTo(Records.CLINICIAN);

		screen.getPerformer().clear();
		assertThat(ResponsibleParties.practitionerFor(snapshot, screen)).isEqualTo("Practitioner/gp");
	}

	@Test
	void aClaimIsAnsweredForByItsProviderElseItsCareTeam() {
		Claim claim = new Claim();
		claim.setId("Claim/c1");
		claim.setProvider(new Reference(Records.ORGANIZATION));
		claim.addCareTeam().setSequence(1).setProvider(new Reference(Records.CLINICIAN));
		RecordSnapshot snapshot = records.builder().entry(claim).build();

		assertThat(ResponsibleParties.practitionerFor(snapshot, claim)).isEqualTo(Records.CLINICIAN);
		assertThat(ResponsibleParties.organizationFor(snapshot, claim)).isEqualTo(Records.ORGANIZATION);

		claim.setProvider(new Reference(Records.CLINICIAN));
		claim.getCareTeam().clear();
		assertThat(ResponsibleParties.practitionerFor(snapshot, claim)).isEqualTo(Records.CLINICIAN);
	}
}

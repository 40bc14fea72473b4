package dev.chartcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.standards.Records;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class RecordSnapshotTest {

	private final Records records = new Records();

	@Test
	void idsAreTypeSlashIdWithoutVersionOrBase() {
		Practitioner practitioner = Records.clinician("http://example.org/fhir/Practitioner/p7/_history/3", "MD");

		assertThat(RecordSnapshot.idOf(practitioner)).isEqualTo("Practitioner/p7");
		assertThat(RecordSnapshot.referenceId(new Reference("http://example.org/fhir/Encounter/e1/_history/2")))
				.isEqualTo("Encounter/e1");
		assertThat(RecordSnapshot.referenceId(new Reference().setDisplay("Dr. Who"))).isNull();
		assertThat(RecordSnapshot.referenceId(null)).isNull();
	}

	@Test
	void entriesEnteredInErrorAreLeftOutButStayResolvable() {
		DocumentReference wrongNote = Records.note("DocumentReference/n2", Records.NOTE_DATE, Records.ENCOUNTER);
		wrongNote.setStatus(DocumentReferenceStatus.ENTEREDINERROR);
		Encounter wrongEncounter = Records.finishedEncounter("Encounter/e2", Records.ENCOUNTER_START, null);
		wrongEncounter.setStatus(EncounterStatus.ENTEREDINERROR);

		RecordSnapshot snapshot = records.builder().note(wrongNote).encounter(wrongEncounter).build();

		assertThat(snapshot.patientId()).isEqualTo(Records.PATIENT);
		assertThat(snapshot.notes()).containsExactly(records.note);
		assertThat(snapshot.encounters()).containsExactly(records.encounter);
		assertThat(snapshot.resolve(new Reference("DocumentReference/n2"))).containsSame(wrongNote);
		assertThat(snapshot.resolve(new Reference("Encounter/e2"), Encounter.class)).containsSame(wrongEncounter);
	}

	@Test
	void resolveFindsLoadedResourcesOfTheRightTypeOnly() {
		RecordSnapshot snapshot = records.snapshot();

		assertThat(snapshot.resolve(new Reference(Records.CLINICIAN), Practitioner.class))
				.containsSame(records.clinician);
		assertThat(snapshot.resolve(new Reference(Records.CLINICIAN), Organization.class)).isEmpty();
		assertThat(snapshot.resolve(new Reference("Practitioner/ghost"))).isEmpty();
		assertThat(snapshot.resolve(new Reference().setDisplay("Dr. Who"))).isEmpty();
	}

	@Test
	void practitionerResolvesDirectlyOrThroughARole() {
		RecordSnapshot snapshot = records.builder()
				.related(Records.role("PractitionerRole/r1", Records.CLINICIAN, Records.ORGANIZATION))
				.related(Records.role("PractitionerRole/r2", "Practitioner/ghost", null))
				.build();

		assertThat(snapshot.practitioner(new Reference(Records.CLINICIAN))).containsSame(records.clinician);
		assertThat(snapshot.practitioner(new Reference("PractitionerRole/r1"))).containsSame(records.clinician);
		assertThat(snapshot.practitioner(new Reference("PractitionerRole/r2"))).isEmpty();
		assertThat(snapshot.practitioner(new Reference(Records.ORGANIZATION))).isEmpty();
	}

	@Test
	void notesForAnEncounterIncludeThoseOutOfScopeButNotThoseEnteredInError() {
		DocumentReference outOfScope = Records.note("DocumentReference/n2", Records.NOW, Records.ENCOUNTER);
		DocumentReference wrong = Records.note("DocumentReference/n3", Records.NOW, Records.ENCOUNTER);
		wrong.setStatus(DocumentReferenceStatus.ENTEREDINERROR);
		DocumentReference other = Records.note("DocumentReference/n4", Records.NOW, "Encounter/e9");

		RecordSnapshot snapshot = records.builder().related(outOfScope).note(wrong).note(other).build();

		assertThat(snapshot.notesFor(Records.ENCOUNTER)).containsExactlyInAnyOrder(records.note, outOfScope);
		assertThat(snapshot.notesFor("Encounter/e9")).containsExactly(other);
		assertThat(snapshot.notesFor("Encounter/none")).isEmpty();
	}

	@Test
	void furtherEntriesAreInScopeByTypeAndResolvableWhileRelatedOnesAreOnlyResolvable() {
		Observation inScope = new Observation();
		inScope.setId("Observation/o1");
		Observation outOfScope = new Observation();
		outOfScope.setId("Observation/o2");
		Claim claim = new Claim();
		claim.setId("Claim/c1");

		RecordSnapshot snapshot = records.builder().entry(inScope).entry(claim).related(outOfScope).build();

		assertThat(snapshot.entries(Observation.class)).containsExactly(inScope);
		assertThat(snapshot.entries(Claim.class)).containsExactly(claim);
		assertThat(snapshot.all(Observation.class)).containsExactlyInAnyOrder(inScope, outOfScope);
		assertThat(snapshot.resolve(new Reference("Claim/c1"))).containsSame(claim);
		assertThat(records.snapshot().entries(Observation.class)).isEmpty();
	}
}

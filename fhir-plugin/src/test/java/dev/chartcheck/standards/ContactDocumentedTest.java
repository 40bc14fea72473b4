package dev.chartcheck.standards;

import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ContactDocumentedTest {

	private static final String CODE = "contact-documented";
	private static final String E2 = "Encounter/e2";
	private static final Duration WINDOW = Duration.ofDays(7);

	private final ContactDocumented standard = new ContactDocumented();
	private final Records records = new Records();

	private StandardResult evaluate(RecordSnapshot snapshot) {
		return standard.evaluate(snapshot, Records.context());
	}

	private StandardResult evaluate() {
		return evaluate(records.snapshot());
	}

	/** The compliant record plus an encounter e2 that no note points to. */
	private StandardResult withUndocumented(Encounter encounter) {
		return evaluate(records.builder().encounter(encounter).build());
	}

	private static Encounter endedAt(Instant end) {
		return Records.finishedEncounter(E2, end.minus(Duration.ofMinutes(30)), end);
	}

	@Test
	void encounterWithANoteComplies() {
		StandardResult result = evaluate();

		assertThat(standard.code()).isEqualTo(CODE);
		assertThat(result.standard()).isEqualTo(CODE);
		assertThat(result.examined()).containsExactly(Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void encounterEndedLongAgoWithoutANoteIsAnOpenGap() {
		StandardResult result = withUndocumented(endedAt(Records.NOW.minus(Duration.ofDays(30))));

		Finding gap = assertGap(onlyGap(result), CODE, E2, GapStatus.OPEN, "moderate",
				"This encounter has no note documenting it.");
		assertThat(gap.expression()).isEqualTo("Encounter");
		assertThat(gap.responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
		assertThat(gap.responsibleOrganization()).isEqualTo(Records.ORGANIZATION);
		assertThat(result.examined()).containsExactly(Records.ENCOUNTER, E2);
		assertThat(result.compliant()).containsExactly(Records.ENCOUNTER);
	}

	@Test
	void encounterEndedExactlyAWindowAgoIsStillProspective() {
		StandardResult result = withUndocumented(endedAt(Records.NOW.minus(WINDOW)));

		assertGap(onlyGap(result), CODE, E2, GapStatus.PROSPECTIVE, "moderate",
				"This encounter has no note yet; one is due within the documentation window.");
	}

	@Test
	void encounterEndedJustMoreThanAWindowAgoIsOpen() {
		StandardResult result = withUndocumented(endedAt(Records.NOW.minus(WINDOW).minusSeconds(1)));

		assertGap(onlyGap(result), CODE, E2, GapStatus.OPEN, "moderate", "has no note documenting it");
	}

	@Test
	void encounterEndedInsideTheWindowIsAProspectiveGapThatStillComplies() {
		StandardResult result = withUndocumented(endedAt(Records.NOW.minus(Duration.ofDays(2))));

		assertGap(onlyGap(result), CODE, E2, GapStatus.PROSPECTIVE, "moderate", "has no note yet");
		assertThat(result.compliant()).containsExactly(Records.ENCOUNTER, E2);
	}

	@Test
	void encounterUnderWaySinceAnHourIsAProspectiveGap() {
		Encounter ongoing = Records.finishedEncounter(E2, Records.NOW.minus(Duration.ofHours(1)),
				Records.NOW.plus(Duration.ofHours(1)));

		StandardResult result = withUndocumented(ongoing);

		assertThat(result.examined()).containsExactly(Records.ENCOUNTER, E2);
		assertGap(onlyGap(result), CODE, E2, GapStatus.PROSPECTIVE, "moderate", "no note yet");
	}

	@Test
	void inProgressEncounterThatBeganLongAgoIsAnOpenGap() {
		Encounter ongoing = Records.encounter(E2, EncounterStatus.INPROGRESS,
				Records.NOW.minus(Duration.ofDays(10)), null);

		assertGap(onlyGap(withUndocumented(ongoing)), CODE, E2, GapStatus.OPEN, "moderate",
				"has no note documenting it");
	}

	@Test
	void inProgressEncounterThatBeganRecentlyIsAProspectiveGap() {
		Encounter ongoing = Records.encounter(E2, EncounterStatus.INPROGRESS,
				Records.NOW.minus(Duration.ofDays(2)), null);

		assertGap(onlyGap(withUndocumented(ongoing)), CODE, E2, GapStatus.PROSPECTIVE, "moderate",
				"has no note yet");
	}

	@Test
	void encounterStartingInTheFutureIsNotExamined() {
		Encounter booked = Records.encounter(E2, EncounterStatus.ARRIVED, Records.NOW.plus(Duration.ofDays(1)), null);

		StandardResult result = withUndocumented(booked);

		assertThat(result.examined()).containsExactly(Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void plannedAndCancelledEncountersAreNotContacts() {
		Instant longAgo = Records.NOW.minus(Duration.ofDays(30));
		Encounter planned = Records.encounter(E2, EncounterStatus.PLANNED, longAgo, longAgo.plusSeconds(1800));
		Encounter cancelled =
				Records.encounter("Encounter/e3", EncounterStatus.CANCELLED, longAgo, longAgo.plusSeconds(1800));

		StandardResult result = evaluate(records.builder().encounter(planned).encounter(cancelled).build());

		assertThat(result.examined()).containsExactly(Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void enteredInErrorEncountersAreIgnored() {
		Encounter wrong = endedAt(Records.NOW.minus(Duration.ofDays(30)));
		wrong.setStatus(EncounterStatus.ENTEREDINERROR);

		StandardResult result = withUndocumented(wrong);

		assertThat(result.examined()).containsExactly(Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void encounterWithoutPeriodIsLeftToTheDatedStandard() {
		Encounter undated = Records.finishedEncounter(E2, null, null);

		StandardResult result = withUndocumented(undated);

		assertThat(result.examined()).containsExactly(Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void aNoteOutOfScopeStillDocumentsItsEncounter() {
		Encounter old = endedAt(Records.NOW.minus(Duration.ofDays(30)));
		DocumentReference lateNote = Records.note("DocumentReference/n2", Records.NOW, E2);

		StandardResult result = evaluate(records.builder().encounter(old).related(lateNote).build());

		assertThat(result.examined()).containsExactly(Records.ENCOUNTER, E2);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void aNoteReferencingAVersionOfTheEncounterDocumentsIt() {
		records.note.getContext().getEncounter().clear();
		records.note.getContext().addEncounter(new Reference("Encounter/e1/_history/3"));

		assertThat(evaluate().findings()).isEmpty();
	}

	@Test
	void aNoteForAnotherEncounterDoesNotDocumentThisOne() {
		Encounter old = endedAt(Records.NOW.minus(Duration.ofDays(30)));

		StandardResult result = evaluate(records.builder().encounter(old).build());

		assertGap(onlyGap(result), CODE, E2, GapStatus.OPEN, "moderate", "has no note documenting it");
	}

	@Test
	void aNoteEnteredInErrorDoesNotDocumentTheEncounter() {
		records.note.setStatus(DocumentReferenceStatus.ENTEREDINERROR);

		StandardResult result = evaluate();

		// The encounter ended four days before NOW: inside the window, so the gap is prospective.
		assertGap(onlyGap(result), CODE, Records.ENCOUNTER, GapStatus.PROSPECTIVE, "moderate", "has no note yet");
	}

	@Test
	void aNoteEnteredInErrorOutOfScopeDoesNotDocumentTheEncounter() {
		Encounter old = endedAt(Records.NOW.minus(Duration.ofDays(30)));
		DocumentReference wrong = Records.note("DocumentReference/n2", Records.NOW, E2);
		wrong.setStatus(DocumentReferenceStatus.ENTEREDINERROR);

		StandardResult result = evaluate(records.builder().encounter(old).related(wrong).build());

		assertGap(onlyGap(result), CODE, E2, GapStatus.OPEN, "moderate", "has no note documenting it");
	}

	@Test
	void inProgressEncounterThatBeganLongAgoWithAPlannedEndIsAnOpenGap() {
		Encounter admitted = Records.encounter(E2, EncounterStatus.INPROGRESS,
				Records.NOW.minus(Duration.ofDays(30)), Records.NOW.plus(Duration.ofDays(5)));

		StandardResult result = withUndocumented(admitted);

		assertThat(result.examined()).contains(E2);
		assertGap(onlyGap(result), CODE, E2, GapStatus.OPEN, "moderate", "has no note documenting it");
	}
}

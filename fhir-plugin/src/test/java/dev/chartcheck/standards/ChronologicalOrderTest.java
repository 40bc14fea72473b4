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
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.DocumentReference.DocumentRelationshipType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ChronologicalOrderTest {

	private static final String CODE = "chronological-order";
	private static final String N2 = "DocumentReference/n2";
	private static final String E2 = "Encounter/e2";
	/** An encounter a month before NOW, for late entries that are not also in the future. */
	private static final Instant OLD_START = Instant.parse("2026-05-01T09:00:00Z");
	private static final Instant OLD_END = Instant.parse("2026-05-01T09:30:00Z");
	private static final Instant NOTE_DATE_PLUS_HOUR = Records.NOTE_DATE.plus(Duration.ofHours(1));

	private final ChronologicalOrder standard = new ChronologicalOrder();
	private final Records records = new Records();

	private StandardResult evaluate(RecordSnapshot snapshot) {
		return standard.evaluate(snapshot, Records.context());
	}

	private StandardResult evaluate() {
		return evaluate(records.snapshot());
	}

	/** The compliant record plus one more note, by the same clinician. */
	private StandardResult withNote(DocumentReference note) {
		return evaluate(records.builder().note(note).build());
	}

	/** The compliant record plus an older finished encounter e2 and a note n2 for it. */
	private StandardResult withOldEncounterNote(Instant noteDate) {
		return evaluate(records.builder()
				.encounter(Records.finishedEncounter(E2, OLD_START, OLD_END))
				.note(Records.note(N2, noteDate, E2))
				.build());
	}

	@Test
	void entriesInOrderComply() {
		StandardResult result = evaluate();

		assertThat(standard.code()).isEqualTo(CODE);
		assertThat(result.standard()).isEqualTo(CODE);
		assertThat(result.examined()).containsExactly(Records.NOTE, Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void noteWithinTheClockSkewIsNotInTheFuture() {
		assertThat(withNote(Records.note(N2, Records.NOW.plus(Duration.ofMinutes(5)), Records.ENCOUNTER))
						.findings())
				.isEmpty();
	}

	@Test
	void noteJustPastTheClockSkewIsDatedInTheFuture() {
		StandardResult result =
				withNote(Records.note(N2, Records.NOW.plus(Duration.ofMinutes(5)).plusSeconds(1), Records.ENCOUNTER));

		Finding gap = assertGap(onlyGap(result), CODE, N2, GapStatus.OPEN, "moderate",
				"This note is out of chronological order: it is dated in the future.");
		assertThat(gap.expression()).isEqualTo("DocumentReference.date");
		assertThat(gap.evidence()).isEmpty();
		assertThat(gap.responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
		assertThat(result.compliant()).containsExactly(Records.NOTE, Records.ENCOUNTER);
	}

	@Test
	void noteDatedTheDayBeforeBirthIsAGap() {
		StandardResult result = withNote(Records.note(N2, Instant.parse("1980-05-16T23:59:59Z"), null));

		assertGap(onlyGap(result), CODE, N2, GapStatus.OPEN, "moderate", "it is dated before the patient's birth");
	}

	@Test
	void noteDatedAtTheStartOfTheBirthDayIsNotAGap() {
		StandardResult result = withNote(Records.note(N2, Instant.parse("1980-05-17T00:00:00Z"), null));

		assertThat(result.examined()).contains(N2);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void birthDateWithYearOnlyPrecisionCountsFromTheFirstOfJanuary() {
		records.patient.setBirthDateElement(new DateType("1980"));

		assertThat(withNote(Records.note(N2, Instant.parse("1980-01-01T00:00:00Z"), null)).findings()).isEmpty();
		assertThat(withNote(Records.note(N2, Instant.parse("1980-03-01T00:00:00Z"), null)).findings()).isEmpty();
		assertGap(onlyGap(withNote(Records.note(N2, Instant.parse("1979-12-31T23:59:59Z"), null))),
				CODE, N2, GapStatus.OPEN, "moderate", "before the patient's birth");
	}

	@Test
	void birthDateWithMonthPrecisionCountsFromTheFirstOfTheMonth() {
		records.patient.setBirthDateElement(new DateType("1980-05"));

		assertThat(withNote(Records.note(N2, Instant.parse("1980-05-01T00:00:00Z"), null)).findings()).isEmpty();
		assertGap(onlyGap(withNote(Records.note(N2, Instant.parse("1980-04-30T23:59:59Z"), null))),
				CODE, N2, GapStatus.OPEN, "moderate", "before the patient's birth");
	}

	@Test
	void withoutBirthDateNoEntryIsBeforeBirth() {
		records.patient.setBirthDateElement(null);

		assertThat(withNote(Records.note(N2, Instant.parse("1900-01-01T00:00:00Z"), null)).findings()).isEmpty();
	}

	@Test
	void noteExactlyAtTheEncounterStartIsInOrder() {
		records.note.setDate(Records.at(Records.ENCOUNTER_START));

		assertThat(evaluate().findings()).isEmpty();
	}

	@Test
	void noteJustBeforeItsEncounterBeganIsAGap() {
		records.note.setDate(Records.at(Records.ENCOUNTER_START.minusSeconds(1)));

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"it is dated before its encounter began");
		assertThat(gap.evidence()).containsExactly(Records.ENCOUNTER);
	}

	@Test
	void anEncounterOutOfScopeStillOrdersItsNote() {
		Encounter earlier = Records.finishedEncounter(E2, OLD_START, OLD_END);
		DocumentReference note = Records.note(N2, OLD_START.minus(Duration.ofHours(1)), E2);

		StandardResult result = evaluate(records.builder().related(earlier).note(note).build());

		Finding gap = assertGap(onlyGap(result), CODE, N2, GapStatus.OPEN, "moderate",
				"dated before its encounter began");
		assertThat(gap.evidence()).containsExactly(E2);
		assertThat(result.examined()).containsExactly(Records.NOTE, N2, Records.ENCOUNTER);
	}

	@Test
	void noteExactlyAtTheEndOfTheLateEntryWindowIsNotLate() {
		assertThat(withOldEncounterNote(OLD_END.plus(Duration.ofDays(7))).findings()).isEmpty();
	}

	@Test
	void noteJustPastTheLateEntryWindowIsALateEntryOfLowSeverity() {
		Finding gap = assertGap(onlyGap(withOldEncounterNote(OLD_END.plus(Duration.ofDays(7)).plusSeconds(1))),
				CODE, N2, GapStatus.OPEN, "low", "it is a late entry, written 7 days after its encounter ended");
		assertThat(gap.evidence()).containsExactly(E2);
		assertThat(gap.expression()).isEqualTo("DocumentReference.date");
	}

	@Test
	void lateEntrySaysHowLate() {
		assertGap(onlyGap(withOldEncounterNote(OLD_END.plus(Duration.ofDays(20)))),
				CODE, N2, GapStatus.OPEN, "low", "written 20 days after its encounter ended");
	}

	@Test
	void aLateEntryAlsoInTheFutureIsModerate() {
		Finding gap = assertGap(onlyGap(withOldEncounterNote(Records.NOW.plus(Duration.ofDays(1)))),
				CODE, N2, GapStatus.OPEN, "moderate", "it is dated in the future; it is a late entry");
		assertThat(gap.evidence()).containsExactly(E2);
	}

	@Test
	void noteWhoseEncounterIsMissingIsJudgedOnItsDateAlone() {
		StandardResult result = withNote(Records.note(N2, OLD_END, "Encounter/ghost"));

		assertThat(result.examined()).contains(N2);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void addendumDatedBeforeTheNoteItAppendsToIsAGap() {
		DocumentReference addendum = Records.note(N2, Records.NOTE_DATE.minusSeconds(60), Records.ENCOUNTER);
		addendum.addRelatesTo().setCode(DocumentRelationshipType.APPENDS).setTarget(new Reference(Records.NOTE));

		Finding gap = assertGap(onlyGap(withNote(addendum)), CODE, N2, GapStatus.OPEN, "moderate",
				"it amends a note that is dated after it");
		assertThat(gap.evidence()).containsExactly(Records.NOTE);
	}

	@Test
	void replacementDatedBeforeTheNoteItReplacesIsAGap() {
		DocumentReference replacement = Records.note(N2, Records.NOTE_DATE.minusSeconds(60), Records.ENCOUNTER);
		replacement.addRelatesTo().setCode(DocumentRelationshipType.REPLACES).setTarget(new Reference(Records.NOTE));

		assertGap(onlyGap(withNote(replacement)), CODE, N2, GapStatus.OPEN, "moderate",
				"it amends a note that is dated after it");
	}

	@Test
	void addendumDatedAtOrAfterTheOriginalIsInOrder() {
		DocumentReference same = Records.note(N2, Records.NOTE_DATE, Records.ENCOUNTER);
		same.addRelatesTo().setCode(DocumentRelationshipType.APPENDS).setTarget(new Reference(Records.NOTE));
		DocumentReference later = Records.note("DocumentReference/n3", Records.NOTE_DATE.plusSeconds(60), Records.ENCOUNTER);
		later.addRelatesTo().setCode(DocumentRelationshipType.APPENDS).setTarget(new Reference(Records.NOTE));

		assertThat(evaluate(records.builder().note(same).note(later).build()).findings()).isEmpty();
	}

	@Test
	void otherRelationsAreNotAmendments() {
		DocumentReference transform = Records.note(N2, Records.NOTE_DATE.minusSeconds(60), Records.ENCOUNTER);
		transform.addRelatesTo().setCode(DocumentRelationshipType.TRANSFORMS).setTarget(new Reference(Records.NOTE));
		DocumentReference signs = Records.note("DocumentReference/n3", Records.NOTE_DATE.minusSeconds(60), Records.ENCOUNTER);
		signs.addRelatesTo().setCode(DocumentRelationshipType.SIGNS).setTarget(new Reference(Records.NOTE));

		assertThat(evaluate(records.builder().note(transform).note(signs).build()).findings()).isEmpty();
	}

	@Test
	void anOriginalOutOfScopeStillOrdersItsAddendum() {
		DocumentReference original = Records.note("DocumentReference/orig", NOTE_DATE_PLUS_HOUR, Records.ENCOUNTER);
		DocumentReference addendum = Records.note(N2, Records.NOTE_DATE, Records.ENCOUNTER);
		addendum.addRelatesTo().setCode(DocumentRelationshipType.APPENDS)
				.setTarget(new Reference("DocumentReference/orig"));

		StandardResult result = evaluate(records.builder().related(original).note(addendum).build());

		assertThat(result.examined()).doesNotContain("DocumentReference/orig");
		Finding gap = assertGap(onlyGap(result), CODE, N2, GapStatus.OPEN, "moderate",
				"it amends a note that is dated after it");
		assertThat(gap.evidence()).containsExactly("DocumentReference/orig");
	}

	@Test
	void addendumToANoteNotInTheRecordIsNotJudged() {
		DocumentReference addendum = Records.note(N2, Records.NOTE_DATE, Records.ENCOUNTER);
		addendum.addRelatesTo().setCode(DocumentRelationshipType.APPENDS)
				.setTarget(new Reference("DocumentReference/ghost"));

		assertThat(withNote(addendum).findings()).isEmpty();
	}

	@Test
	void undatedNotesAreLeftToTheDatedStandard() {
		StandardResult result = withNote(Records.note(N2, null, Records.ENCOUNTER));

		assertThat(result.examined()).containsExactly(Records.NOTE, Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void enteredInErrorNotesAreIgnored() {
		DocumentReference wrong = Records.note(N2, Records.NOW.plus(Duration.ofDays(30)), Records.ENCOUNTER);
		wrong.setStatus(DocumentReferenceStatus.ENTEREDINERROR);

		StandardResult result = withNote(wrong);

		assertThat(result.examined()).containsExactly(Records.NOTE, Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void encounterBeganBeforeBirthIsAGap() {
		Encounter early = Records.finishedEncounter(E2, Instant.parse("1979-06-01T09:00:00Z"),
				Instant.parse("1979-06-01T09:30:00Z"));

		Finding gap = assertGap(onlyGap(evaluate(records.builder().encounter(early).build())),
				CODE, E2, GapStatus.OPEN, "moderate",
				"This encounter is out of chronological order: it began before the patient's birth.");
		assertThat(gap.expression()).isEqualTo("Encounter.period.start");
		assertThat(gap.responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
		assertThat(gap.responsibleOrganization()).isEqualTo(Records.ORGANIZATION);
	}

	@Test
	void finishedEncounterStartingInTheFutureIsAGap() {
		Encounter future = Records.finishedEncounter(E2, Records.NOW.plus(Duration.ofHours(1)),
				Records.NOW.plus(Duration.ofHours(2)));

		assertGap(onlyGap(evaluate(records.builder().encounter(future).build())),
				CODE, E2, GapStatus.OPEN, "moderate", "it is finished but dated in the future");
	}

	@Test
	void finishedEncounterStartingWithinTheClockSkewIsNotAGap() {
		Encounter soon = Records.finishedEncounter(E2, Records.NOW.plus(Duration.ofMinutes(5)), null);

		assertThat(evaluate(records.builder().encounter(soon).build()).findings()).isEmpty();
	}

	@Test
	void plannedEncounterInTheFutureIsInOrder() {
		Encounter planned = Records.encounter(E2, EncounterStatus.PLANNED, Records.NOW.plus(Duration.ofDays(3)), null);

		StandardResult result = evaluate(records.builder().encounter(planned).build());

		assertThat(result.examined()).contains(E2);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void encounterWithoutStartIsNotExamined() {
		Encounter undated = Records.finishedEncounter(E2, null, Records.ENCOUNTER_END);

		StandardResult result = evaluate(records.builder().encounter(undated).build());

		assertThat(result.examined()).containsExactly(Records.NOTE, Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}
}

package dev.chartcheck.standards;

import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.junit.jupiter.api.Test;

class DatedTest {

	private static final String CODE = "dated";

	private final Dated standard = new Dated();
	private final Records records = new Records();

	private StandardResult evaluate(RecordSnapshot snapshot) {
		return standard.evaluate(snapshot, Records.context());
	}

	private StandardResult evaluate() {
		return evaluate(records.snapshot());
	}

	@Test
	void datedNoteAndFinishedEncounterWithStartComply() {
		StandardResult result = evaluate();

		assertThat(standard.code()).isEqualTo(CODE);
		assertThat(result.standard()).isEqualTo(CODE);
		assertThat(result.examined()).containsExactly(Records.NOTE, Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
		assertThat(result.compliant()).containsExactly(Records.NOTE, Records.ENCOUNTER);
	}

	@Test
	void noteWithoutDateIsAGap() {
		records.note.setDateElement(null);

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"This note has no date.");
		assertThat(gap.expression()).isEqualTo("DocumentReference.date");
		assertThat(gap.responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
		assertThat(evaluate().compliant()).containsExactly(Records.ENCOUNTER);
	}

	@Test
	void undatedNoteTakesItsCustodianAsResponsibleOrganization() {
		records.note.setDateElement(null);
		records.note.setCustodian(new org.hl7.fhir.r4.model.Reference("Organization/custodian"));

		assertThat(onlyGap(evaluate()).responsibleOrganization()).isEqualTo("Organization/custodian");
	}

	@Test
	void finishedEncounterWithoutStartIsAGap() {
		records.encounter.getPeriod().setStartElement(null);

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.ENCOUNTER, GapStatus.OPEN, "moderate",
				"This finished encounter has no start date.");
		assertThat(gap.expression()).isEqualTo("Encounter.period.start");
		assertThat(gap.responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
		assertThat(gap.responsibleOrganization()).isEqualTo(Records.ORGANIZATION);
	}

	@Test
	void finishedEncounterWithoutAnyPeriodIsAGap() {
		records.encounter.setPeriod(null);

		assertGap(onlyGap(evaluate()), CODE, Records.ENCOUNTER, GapStatus.OPEN, "moderate",
				"has no start date");
	}

	@Test
	void unfinishedEncountersAreNotExamined() {
		Encounter inProgress = Records.encounter("Encounter/e2", EncounterStatus.INPROGRESS, null, null);
		Encounter planned = Records.encounter("Encounter/e3", EncounterStatus.PLANNED, null, null);
		Encounter cancelled = Records.encounter("Encounter/e4", EncounterStatus.CANCELLED, null, null);

		StandardResult result =
				evaluate(records.builder().encounter(inProgress).encounter(planned).encounter(cancelled).build());

		assertThat(result.examined()).containsExactly(Records.NOTE, Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void enteredInErrorEntriesAreIgnored() {
		DocumentReference wrongNote = Records.note("DocumentReference/n2", null, Records.ENCOUNTER);
		wrongNote.setStatus(DocumentReferenceStatus.ENTEREDINERROR);
		Encounter wrongEncounter = Records.finishedEncounter("Encounter/e2", null, Records.ENCOUNTER_END);
		wrongEncounter.setStatus(EncounterStatus.ENTEREDINERROR);

		StandardResult result = evaluate(records.builder().note(wrongNote).encounter(wrongEncounter).build());

		assertThat(result.examined()).containsExactly(Records.NOTE, Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void entriesOutOfScopeAreNotExamined() {
		StandardResult result = evaluate(records.builder()
				.related(Records.note("DocumentReference/old", null, Records.ENCOUNTER))
				.related(Records.finishedEncounter("Encounter/old", null, null))
				.build());

		assertThat(result.examined()).containsExactly(Records.NOTE, Records.ENCOUNTER);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void eachUndatedEntryIsItsOwnGap() {
		records.note.setDateElement(null);
		records.encounter.getPeriod().setStartElement(null);

		StandardResult result = evaluate();

		assertThat(result.findings()).extracting(Finding::subject).containsExactly(Records.NOTE, Records.ENCOUNTER);
		assertThat(result.compliant()).isEmpty();
	}
}

package dev.chartcheck.standards;

import static dev.chartcheck.standards.BehavioralRecords.ACT_CODE;
import static dev.chartcheck.standards.BehavioralRecords.CONFIDENTIALITY;
import static dev.chartcheck.standards.BehavioralRecords.EVALUATION_NOTE;
import static dev.chartcheck.standards.BehavioralRecords.FOLLOW_UP_NOTE;
import static dev.chartcheck.standards.BehavioralRecords.behavioralEncounter;
import static dev.chartcheck.standards.BehavioralRecords.labeled;
import static dev.chartcheck.standards.BehavioralRecords.snomed;
import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.StandardResult;
import java.time.Instant;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.junit.jupiter.api.Test;

class ConfidentialityTest {

	private static final String CODE = "confidentiality";
	private static final String UNLABELED = "carries no confidentiality label (R or V), so access to it cannot be restricted.";
	private static final String NOT_PART_2 = "This substance-use treatment note is not labeled 42CFRPart2";
	private static final String SU_ENCOUNTER = "Encounter/su1";
	private static final String SU_NOTE = "DocumentReference/sun1";
	private static final Instant SU_START = Instant.parse("2026-04-20T15:00:00Z");

	private final Confidentiality standard = new Confidentiality();
	private final BehavioralRecords records = new BehavioralRecords();

	private StandardResult evaluate() {
		return standard.evaluate(records.snapshot(), Records.context());
	}

	/** The evaluation note carries only the given labels. */
	private StandardResult evaluationNoteLabeled(String... systemCodePairs) {
		records.evaluationNote.getMeta().getSecurity().clear();
		for (int i = 0; i < systemCodePairs.length; i += 2) {
			labeled(records.evaluationNote, systemCodePairs[i], systemCodePairs[i + 1]);
		}
		return evaluate();
	}

	/** Adds a substance-use encounter of the given SNOMED CT type and a note for it with the given labels. */
	private StandardResult substanceUseNoteLabeled(Encounter encounter, String... systemCodePairs) {
		records.encounters.add(encounter);
		DocumentReference note = Records.note(SU_NOTE, SU_START.plusSeconds(3600), SU_ENCOUNTER);
		for (int i = 0; i < systemCodePairs.length; i += 2) {
			labeled(note, systemCodePairs[i], systemCodePairs[i + 1]);
		}
		records.notes.add(note);
		return evaluate();
	}

	private static Encounter substanceUse(String snomedType) {
		return behavioralEncounter(SU_ENCOUNTER, SU_START, snomed(snomedType));
	}

	@Test
	void restrictedBehavioralHealthNotesComplyAndOtherNotesAreNotExamined() {
		StandardResult result = evaluate();

		assertThat(standard.code()).isEqualTo(CODE);
		assertThat(result.standard()).isEqualTo(CODE);
		assertThat(result.examined()).as("the primary-care note n1 is not examined")
				.containsExactly(EVALUATION_NOTE, FOLLOW_UP_NOTE);
		assertThat(result.findings()).isEmpty();
		assertThat(result.compliant()).containsExactly(EVALUATION_NOTE, FOLLOW_UP_NOTE);
	}

	@Test
	void anUnlabeledBehavioralHealthNoteIsAHighSeverityOpenGap() {
		StandardResult result = evaluationNoteLabeled();

		Finding gap = assertGap(onlyGap(result), CODE, EVALUATION_NOTE, GapStatus.OPEN, "high",
				"This behavioral-health note " + UNLABELED);
		assertThat(gap.expression()).isEqualTo("DocumentReference.meta.security");
		assertThat(gap.evidence()).isEmpty();
		assertThat(gap.responsiblePractitioner()).as("the note's author").isEqualTo(Records.CLINICIAN);
		assertThat(result.compliant()).containsExactly(FOLLOW_UP_NOTE);
	}

	@Test
	void aVeryRestrictedLabelComplies() {
		assertThat(evaluationNoteLabeled(CONFIDENTIALITY, "V").findings()).isEmpty();
	}

	@Test
	void the42CfrPart2LabelAloneComplies() {
		assertThat(evaluationNoteLabeled(ACT_CODE, "42CFRPart2").findings()).isEmpty();
	}

	@Test
	void aNormalLabelOrARestrictedCodeFromAnotherSystemIsNoConfidentialityLabel() {
		assertGap(onlyGap(evaluationNoteLabeled(CONFIDENTIALITY, "N")), CODE, EVALUATION_NOTE, GapStatus.OPEN, "high",
				UNLABELED);
		assertGap(onlyGap(evaluationNoteLabeled("http://example.org/labels", "R")), CODE, EVALUATION_NOTE,
				GapStatus.OPEN, "high", UNLABELED);
		assertGap(onlyGap(evaluationNoteLabeled(CONFIDENTIALITY, "42CFRPart2")), CODE, EVALUATION_NOTE,
				GapStatus.OPEN, "high", UNLABELED);
	}

	@Test
	void aSubstanceUseNoteLabeledOnlyRestrictedIsOpen() {
		StandardResult result = substanceUseNoteLabeled(substanceUse("20093000"), CONFIDENTIALITY, "R");

		Finding gap = assertGap(onlyGap(result), CODE, SU_NOTE, GapStatus.OPEN, "high",
				NOT_PART_2 + ", so its special protection under 42 CFR Part 2 cannot be enforced.");
		assertThat(gap.expression()).isEqualTo("DocumentReference.meta.security");
		assertThat(result.examined()).containsExactly(EVALUATION_NOTE, FOLLOW_UP_NOTE, SU_NOTE);
	}

	@Test
	void anUnlabeledSubstanceUseNoteIsToldToCarry42CfrPart2() {
		assertGap(onlyGap(substanceUseNoteLabeled(substanceUse("313071005"))), CODE, SU_NOTE, GapStatus.OPEN, "high",
				NOT_PART_2);
	}

	@Test
	void aSubstanceUseNoteLabeled42CfrPart2Complies() {
		assertThat(substanceUseNoteLabeled(substanceUse("20093000"), CONFIDENTIALITY, "R", ACT_CODE, "42CFRPart2")
				.findings()).isEmpty();
		records.notes.removeIf(n -> n.getIdPart().equals("sun1"));
		records.encounters.removeIf(e -> e.getIdPart().equals("su1"));
		assertThat(substanceUseNoteLabeled(substanceUse("313071005"), ACT_CODE, "42CFRPart2").findings()).isEmpty();
	}

	@Test
	void aSubstanceUseServiceTypeAlsoRequires42CfrPart2() {
		Encounter encounter = Records.finishedEncounter(SU_ENCOUNTER, SU_START, SU_START.plusSeconds(3600));
		encounter.setServiceType(snomed("313071005"));

		assertGap(onlyGap(substanceUseNoteLabeled(encounter, CONFIDENTIALITY, "V")), CODE, SU_NOTE, GapStatus.OPEN,
				"high", NOT_PART_2);
	}

	@Test
	void notesOfNonBehavioralHealthEncountersAreNotExamined() {
		// the primary-care note n1 has no label at all
		assertThat(records.base.note.getMeta().getSecurity()).isEmpty();

		StandardResult result = evaluate();

		assertThat(result.examined()).doesNotContain(Records.NOTE);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void aNoteWithoutEncounterIsNotExamined() {
		records.notes.add(Records.note("DocumentReference/loose", Instant.parse("2026-04-01T10:00:00Z"), null));

		assertThat(evaluate().examined()).containsExactly(EVALUATION_NOTE, FOLLOW_UP_NOTE);
	}

	@Test
	void aNoteOutsideTheAuditScopeIsNotExamined() {
		records.notes.remove(records.evaluationNote);
		records.related.add(records.evaluationNote);
		records.evaluationNote.getMeta().getSecurity().clear();

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(FOLLOW_UP_NOTE);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void aNoteOfAPlannedBehavioralHealthEncounterIsNotExamined() {
		Encounter planned = BehavioralRecords.planned(behavioralEncounter("Encounter/plan", SU_START, snomed("75516001")));
		records.encounters.add(planned);
		records.notes.add(Records.note("DocumentReference/plan-note", SU_START, "Encounter/plan"));

		assertThat(evaluate().examined()).containsExactly(EVALUATION_NOTE, FOLLOW_UP_NOTE);
	}

	@Test
	void aNoteOfABehavioralHealthEncounterWithoutStartIsStillExamined() {
		records.encounters.clear();
		records.notes.clear();
		Encounter undated = behavioralEncounter("Encounter/undated", SU_START, snomed("75516001"));
		undated.getPeriod().setStartElement(null);
		undated.setStatus(EncounterStatus.FINISHED);
		records.encounters.add(undated);
		records.notes.add(Records.note("DocumentReference/undated-note", SU_START, "Encounter/undated"));

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly("DocumentReference/undated-note");
		assertGap(onlyGap(result), CODE, "DocumentReference/undated-note", GapStatus.OPEN, "high", UNLABELED);
	}
}

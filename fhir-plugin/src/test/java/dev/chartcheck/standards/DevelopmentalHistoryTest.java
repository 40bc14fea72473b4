package dev.chartcheck.standards;

import static dev.chartcheck.standards.BehavioralRecords.DOCUMENTATION_ELEMENT;
import static dev.chartcheck.standards.BehavioralRecords.EVALUATION;
import static dev.chartcheck.standards.BehavioralRecords.behavioralEncounter;
import static dev.chartcheck.standards.BehavioralRecords.cpt;
import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.StandardResult;
import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.Test;

class DevelopmentalHistoryTest {

	private static final String CODE = "developmental-history";
	private static final String HISTORY = "DocumentReference/dev";

	private final DevelopmentalHistory standard = new DevelopmentalHistory();
	private final BehavioralRecords records = new BehavioralRecords();

	/** The evaluation of 2026-03-02 finds the patient 14. */
	DevelopmentalHistoryTest() {
		bornOn("2012-01-10");
	}

	private void bornOn(String date) {
		records.base.patient.setBirthDateElement(new DateType(date));
	}

	private StandardResult evaluate() {
		return standard.evaluate(records.snapshot(), Records.context());
	}

	private static DocumentReference history(String system, String code) {
		DocumentReference note = Records.note(HISTORY, Instant.parse("2026-03-02T17:00:00Z"), EVALUATION);
		note.addCategory(new CodeableConcept(new Coding(system, code, "Developmental history")));
		return note;
	}

	@Test
	void aMinorWithoutDevelopmentalHistoryIsAnOpenGapOnTheInitialEvaluation() {
		StandardResult result = evaluate();

		assertThat(standard.code()).isEqualTo(CODE);
		assertThat(result.standard()).isEqualTo(CODE);
		assertThat(result.examined()).as("only the initial evaluation, not the follow-up").containsExactly(EVALUATION);
		Finding gap = assertGap(onlyGap(result), CODE, EVALUATION, GapStatus.OPEN, "moderate",
				"The patient was 14 at this initial behavioral-health evaluation and no developmental history is"
						+ " documented.");
		assertThat(gap.responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
		assertThat(gap.responsibleOrganization()).isEqualTo(Records.ORGANIZATION);
		assertThat(result.compliant()).isEmpty();
	}

	@Test
	void aNoteCategorisedAsDevelopmentalHistorySatisfiesIt() {
		records.notes.add(history(DOCUMENTATION_ELEMENT, "developmental-history"));

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(EVALUATION);
		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy()).containsExactly(org.assertj.core.api.Assertions.entry(EVALUATION, HISTORY));
		assertThat(result.compliant()).containsExactly(EVALUATION);
	}

	@Test
	void aDevelopmentalHistoryWrittenOutsideTheAuditScopeStillCounts() {
		records.related.add(history(DOCUMENTATION_ELEMENT, "developmental-history"));

		assertThat(evaluate().satisfiedBy()).containsEntry(EVALUATION, HISTORY);
	}

	@Test
	void theCategoryMustComeFromTheDocumentationElementCodeSystem() {
		records.notes.add(history("http://example.org/local-categories", "developmental-history"));
		DocumentReference preventive = history(DOCUMENTATION_ELEMENT, "preventive-services");
		preventive.setId("DocumentReference/prev");
		records.notes.add(preventive);

		assertGap(onlyGap(evaluate()), CODE, EVALUATION, GapStatus.OPEN, "moderate", "no developmental history");
	}

	@Test
	void anErroneousDevelopmentalHistoryDoesNotCount() {
		DocumentReference note = history(DOCUMENTATION_ELEMENT, "developmental-history");
		note.setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.ENTEREDINERROR);
		records.notes.add(note);

		assertGap(onlyGap(evaluate()), CODE, EVALUATION, GapStatus.OPEN, "moderate", "no developmental history");
	}

	@Test
	void withinTheDocumentationWindowTheGapIsProspective() {
		Instant recent = Records.NOW.minus(Duration.ofDays(4));
		records.evaluation.getPeriod().setStart(Records.at(recent)).setEnd(Records.at(recent.plus(Duration.ofHours(1))));
		records.encounters.remove(records.followUp);

		StandardResult result = evaluate();

		assertGap(onlyGap(result), CODE, EVALUATION, GapStatus.PROSPECTIVE, "moderate",
				"The patient was 14 at this initial behavioral-health evaluation");
		assertThat(result.compliant()).containsExactly(EVALUATION);
	}

	@Test
	void theDocumentationWindowRunsSevenDaysFromTheEvaluationStart() {
		Instant start = Records.NOW.minus(Duration.ofDays(7));
		records.evaluation.getPeriod().setStart(Records.at(start)).setEnd(Records.at(start.plus(Duration.ofHours(1))));
		records.encounters.remove(records.followUp);

		assertThat(onlyGap(evaluate()).status()).isEqualTo(GapStatus.PROSPECTIVE);

		records.evaluation.getPeriod().setStart(Records.at(start.minusSeconds(1)));
		assertThat(onlyGap(evaluate()).status()).isEqualTo(GapStatus.OPEN);
	}

	@Test
	void seventeenAtTheEvaluationAndEighteenNowStillNeedsIt() {
		bornOn("2008-03-03"); // turns 18 the day after the evaluation

		assertGap(onlyGap(evaluate()), CODE, EVALUATION, GapStatus.OPEN, "moderate",
				"The patient was 17 at this initial behavioral-health evaluation");
	}

	@Test
	void eighteenOnTheDayOfTheEvaluationIsNotRequired() {
		bornOn("2008-03-02");

		StandardResult result = evaluate();

		assertThat(result.examined()).isEmpty();
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void anAdultIsNotExamined() {
		bornOn(Records.BIRTH_DATE);

		assertThat(evaluate().examined()).isEmpty();
	}

	@Test
	void withoutBirthDateNothingIsExamined() {
		records.base.patient.setBirthDateElement(null);

		StandardResult result = evaluate();

		assertThat(result.examined()).isEmpty();
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void aYearOnlyBirthDateCountsFromTheFirstOfJanuary() {
		bornOn("2008"); // 18 on 2026-01-01, before the evaluation

		assertThat(evaluate().examined()).isEmpty();
	}

	@Test
	void eachEpisodeIsJudgedByTheAgeAtItsOwnEvaluation() {
		bornOn("2008-01-01");
		// an earlier episode at 17, more than 180 days before the compliant record's evaluation at 18
		records.encounters.add(behavioralEncounter("Encounter/teen", Instant.parse("2025-06-02T15:00:00Z"), cpt("90791")));

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly("Encounter/teen");
		assertGap(onlyGap(result), CODE, "Encounter/teen", GapStatus.OPEN, "moderate", "The patient was 17");
	}

	@Test
	void theInitialEvaluationOfEveryMinorEpisodeIsExamined() {
		records.encounters.add(behavioralEncounter("Encounter/earlier", Instant.parse("2025-06-02T15:00:00Z"), cpt("90791")));

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly("Encounter/earlier", EVALUATION);
		assertThat(result.findings()).extracting(Finding::subject).containsExactly("Encounter/earlier", EVALUATION);
		assertThat(result.findings()).extracting(Finding::detail).containsExactly(
				"The patient was 13 at this initial behavioral-health evaluation and no developmental history is documented.",
				"The patient was 14 at this initial behavioral-health evaluation and no developmental history is documented.");
	}

	@Test
	void anInitialEvaluationOutsideTheAuditScopeIsNotExamined() {
		records.encounters.remove(records.evaluation);
		records.related.add(records.evaluation);

		StandardResult result = evaluate();

		assertThat(result.examined()).as("the follow-up is no initial evaluation").isEmpty();
		assertThat(result.findings()).isEmpty();
	}
}

package dev.chartcheck.standards;

import static dev.chartcheck.standards.BehavioralRecords.EVALUATION;
import static dev.chartcheck.standards.BehavioralRecords.EVALUATION_START;
import static dev.chartcheck.standards.BehavioralRecords.FOLLOW_UP;
import static dev.chartcheck.standards.BehavioralRecords.LETTER;
import static dev.chartcheck.standards.BehavioralRecords.PCP;
import static dev.chartcheck.standards.BehavioralRecords.atc;
import static dev.chartcheck.standards.BehavioralRecords.behavioralEncounter;
import static dev.chartcheck.standards.BehavioralRecords.communication;
import static dev.chartcheck.standards.BehavioralRecords.cpt;
import static dev.chartcheck.standards.BehavioralRecords.discharged;
import static dev.chartcheck.standards.BehavioralRecords.ibuprofenTablet;
import static dev.chartcheck.standards.BehavioralRecords.prescription;
import static dev.chartcheck.standards.BehavioralRecords.rxnorm;
import static dev.chartcheck.standards.BehavioralRecords.sertralineTablet;
import static dev.chartcheck.standards.BehavioralRecords.typedNote;
import static dev.chartcheck.standards.CoordinationOfCareFixture.CODE;
import static dev.chartcheck.standards.CoordinationOfCareFixture.MR;
import static dev.chartcheck.standards.CoordinationOfCareFixture.PRESCRIBED;
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
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * The significant points of the coordination-of-care standard besides the initial evaluation: the initial evaluation
 * of a new episode, a new psychotropic prescription and a discharge, each of which the primary care physician must hear
 * of within 30 days.
 */
class CoordinationOfCareSignificantPointsTest {

	private final CoordinationOfCare standard = new CoordinationOfCare();
	private final BehavioralRecords records = new BehavioralRecords();

	private StandardResult evaluate() {
		return standard.evaluate(records.snapshot(), Records.context());
	}

	// --- episodes ------------------------------------------------------------------------------------

	@Test
	void theInitialEvaluationOfASecondEpisodeIsANewPoint() {
		// a first episode in 2025, coordinated; the compliant record's evaluation is > 180 days later
		Instant earlier = Instant.parse("2025-06-02T15:00:00Z");
		records.encounters.add(behavioralEncounter("Encounter/old", earlier, cpt("90791")));
		records.encounters.add(behavioralEncounter("Encounter/old2", Instant.parse("2025-07-01T15:00:00Z"), cpt("90834")));
		records.communications.clear();
		records.communications.add(communication("Communication/old", PCP, earlier.plus(Duration.ofDays(2))));

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(Records.PATIENT, "Encounter/old", EVALUATION);
		assertThat(result.satisfiedBy()).containsEntry("Encounter/old", "Communication/old").doesNotContainKey(EVALUATION);
		assertGap(onlyGap(result), CODE, EVALUATION, GapStatus.OPEN, "moderate",
				"after the initial evaluation on 2026-03-02.");
		assertThat(result.compliant()).containsExactly(Records.PATIENT, "Encounter/old");
	}

	@Test
	void aFollowUpWithinTheGapIsNotANewPoint() {
		// a later follow-up of the same episode, never reported to the PCP: no point, so no gap
		records.encounters.add(behavioralEncounter("Encounter/bh3", Instant.parse("2026-05-25T15:00:00Z"), cpt("90834")));

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(Records.PATIENT, EVALUATION);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void encountersOutsideTheAuditScopeFormEpisodesButAreNotPoints() {
		records.encounters.remove(records.evaluation);
		records.related.add(records.evaluation);
		records.communications.clear();

		StandardResult result = evaluate();

		assertThat(result.examined()).as("the in-scope follow-up belongs to the out-of-scope evaluation's episode")
				.containsExactly(Records.PATIENT);
		assertThat(result.findings()).isEmpty();
	}

	// --- new psychotropic medication -----------------------------------------------------------------

	@Test
	void aNewPsychotropicNamedOnlyByItsProductTextIsAPoint() {
		MedicationRequest request = prescription(MR, PRESCRIBED, sertralineTablet());
		records.prescriptions.add(request);

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(Records.PATIENT, EVALUATION, MR);
		Finding gap = assertGap(onlyGap(result), CODE, MR, GapStatus.OPEN, "moderate",
				"No communication with the primary care physician is documented within 30 days after the new"
						+ " psychotropic prescription of 2026-04-10.");
		assertThat(gap.responsiblePractitioner()).as("the prescriber").isEqualTo(Records.CLINICIAN);
		assertThat(gap.evidence()).containsExactly(PCP);
	}

	@Test
	void aNewPsychotropicCodedInAtcIsAPointThatACommunicationSatisfies() {
		records.prescriptions.add(prescription(MR, PRESCRIBED, atc("N06AB06")));
		records.communications.add(communication("Communication/med", PCP, PRESCRIBED.plus(Duration.ofDays(3))));

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(Records.PATIENT, EVALUATION, MR);
		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy()).containsEntry(MR, "Communication/med").containsEntry(EVALUATION, LETTER);
	}

	@Test
	void aPsychotropicReferencedThroughAMedicationResourceIsAPoint() {
		Medication medication = new Medication();
		medication.setId("Medication/sert");
		medication.setCode(sertralineTablet());
		MedicationRequest request = prescription(MR, PRESCRIBED, sertralineTablet());
		request.setMedication(new Reference("Medication/sert"));
		records.related.add(medication);
		records.prescriptions.add(request);

		assertGap(onlyGap(evaluate()), CODE, MR, GapStatus.OPEN, "moderate", "new psychotropic prescription");
	}

	@Test
	void aRePrescriptionOfTheSameDrugWithin180DaysIsNotNew() {
		// the first prescription, just inside the 180 days before, was written outside the audit scope
		records.related.add(prescription("MedicationRequest/mr0", PRESCRIBED.minus(Duration.ofDays(180)), sertralineTablet()));
		records.prescriptions.add(prescription(MR, PRESCRIBED, sertralineTablet()));

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(Records.PATIENT, EVALUATION);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void aPrescriptionOfTheSameDrugMoreThan180DaysLaterIsNewAgain() {
		records.related.add(prescription("MedicationRequest/mr0",
				PRESCRIBED.minus(Duration.ofDays(180)).minusSeconds(1), sertralineTablet()));
		records.prescriptions.add(prescription(MR, PRESCRIBED, sertralineTablet()));

		assertThat(evaluate().examined()).containsExactly(Records.PATIENT, EVALUATION, MR);
	}

	@Test
	void anotherPsychotropicWithin180DaysIsNew() {
		records.prescriptions.add(prescription("MedicationRequest/mr0", Instant.parse("2026-03-03T11:00:00Z"),
				sertralineTablet()));
		records.prescriptions.add(prescription(MR, PRESCRIBED, rxnorm("51272", "quetiapine")));

		assertThat(evaluate().examined())
				.containsExactly(Records.PATIENT, EVALUATION, "MedicationRequest/mr0", MR);
	}

	@Test
	void aCancelledEarlierPrescriptionDoesNotMakeTheNextOneARenewal() {
		MedicationRequest cancelled = prescription("MedicationRequest/mr0", Instant.parse("2026-03-20T11:00:00Z"),
				sertralineTablet());
		cancelled.setStatus(MedicationRequest.MedicationRequestStatus.CANCELLED);
		records.prescriptions.add(cancelled);
		records.prescriptions.add(prescription(MR, PRESCRIBED, sertralineTablet()));

		assertThat(evaluate().examined()).containsExactly(Records.PATIENT, EVALUATION, MR);
	}

	@Test
	void aRePrescriptionWithTheSameTextButAnotherProductCodeIsNotNew() {
		CodeableConcept first = sertralineTablet();
		CodeableConcept refill = new CodeableConcept(
				new Coding("http://hl7.org/fhir/sid/ndc", "16714-0612-01", null)).setText("sertraline 100 MG Oral Tablet");
		records.related.add(prescription("MedicationRequest/mr0", PRESCRIBED.minus(Duration.ofDays(30)), first));
		records.prescriptions.add(prescription(MR, PRESCRIBED, refill));

		assertThat(evaluate().examined()).containsExactly(Records.PATIENT, EVALUATION);
	}

	@Test
	void aNonPsychotropicDrugIsNotAPoint() {
		records.prescriptions.add(prescription(MR, PRESCRIBED, ibuprofenTablet()));
		records.prescriptions.add(prescription("MedicationRequest/mr2", PRESCRIBED, atc("M01AE01")));

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(Records.PATIENT, EVALUATION);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void aPsychotropicPrescribedOutsideAnyEpisodeIsNotAPoint() {
		records.prescriptions.add(prescription(MR, EVALUATION_START.minus(Duration.ofDays(1)), sertralineTablet()));

		assertThat(evaluate().examined()).containsExactly(Records.PATIENT, EVALUATION);
	}

	// --- discharge -----------------------------------------------------------------------------------

	@Test
	void aDischargeByDispositionIsAPointAtTheEncounterEnd() {
		discharged(records.followUp);

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(Records.PATIENT, EVALUATION, FOLLOW_UP);
		assertGap(onlyGap(result), CODE, FOLLOW_UP, GapStatus.OPEN, "moderate",
				"No communication with the primary care physician is documented within 30 days after the discharge on"
						+ " 2026-04-06.");
	}

	@Test
	void anInitialEvaluationThatIsAlsoADischargeIsOnePointAtItsEnd() {
		discharged(records.evaluation);
		records.letter.setSent(Records.at(Instant.parse("2026-04-01T15:30:00Z"))); // within 30 days of the end only

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(Records.PATIENT, EVALUATION);
		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy()).containsEntry(EVALUATION, LETTER);
	}

	@Test
	void aDischargeSummaryOfAnEpisodeEncounterIsAPointAtItsDate() {
		records.notes.add(typedNote("DocumentReference/ds", Instant.parse("2026-04-07T10:00:00Z"), FOLLOW_UP, "18842-5"));

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(Records.PATIENT, EVALUATION, "DocumentReference/ds");
		Finding gap = assertGap(onlyGap(result), CODE, "DocumentReference/ds", GapStatus.OPEN, "moderate",
				"within 30 days after the discharge summary of 2026-04-07.");
		assertThat(gap.responsiblePractitioner()).as("the summary's signer").isEqualTo(Records.CLINICIAN);
	}

	@Test
	void aDischargeSummaryOfAPrimaryCareEncounterIsNotAPoint() {
		records.notes.add(typedNote("DocumentReference/ds", Instant.parse("2026-05-28T10:00:00Z"), Records.ENCOUNTER,
				"18842-5"));

		assertThat(evaluate().examined()).containsExactly(Records.PATIENT, EVALUATION);
	}

	@Test
	void aDischargeOutsideTheAuditScopeIsNotAPoint() {
		Encounter stay = discharged(behavioralEncounter("Encounter/stay", Instant.parse("2026-04-20T08:00:00Z"),
				Instant.parse("2026-04-25T08:00:00Z"), cpt("90834")));
		records.related.add(stay);

		assertThat(evaluate().examined()).containsExactly(Records.PATIENT, EVALUATION);
	}
}

package dev.chartcheck.standards;

import static dev.chartcheck.standards.BehavioralRecords.EVALUATION;
import static dev.chartcheck.standards.BehavioralRecords.EVALUATION_END;
import static dev.chartcheck.standards.BehavioralRecords.EVALUATION_START;
import static dev.chartcheck.standards.BehavioralRecords.LETTER;
import static dev.chartcheck.standards.BehavioralRecords.PCP;
import static dev.chartcheck.standards.BehavioralRecords.PCP_ROLE;
import static dev.chartcheck.standards.BehavioralRecords.careTeam;
import static dev.chartcheck.standards.BehavioralRecords.prescription;
import static dev.chartcheck.standards.BehavioralRecords.referralNote;
import static dev.chartcheck.standards.BehavioralRecords.refusal;
import static dev.chartcheck.standards.BehavioralRecords.sertralineTablet;
import static dev.chartcheck.standards.BehavioralRecords.typedNote;
import static dev.chartcheck.standards.CoordinationOfCareFixture.CODE;
import static dev.chartcheck.standards.CoordinationOfCareFixture.MR;
import static dev.chartcheck.standards.CoordinationOfCareFixture.PRESCRIBED;
import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * The coordination-of-care standard on the compliant record's initial evaluation: who the primary care physician is,
 * the 30-day window for communicating with them, and the patient's refusal to share. The other significant points
 * (episodes, new psychotropic prescriptions, discharges) are in {@link CoordinationOfCareSignificantPointsTest}.
 */
class CoordinationOfCareTest {

	private final CoordinationOfCare standard = new CoordinationOfCare();
	private final BehavioralRecords records = new BehavioralRecords();

	private StandardResult evaluate() {
		return evaluate(records.snapshot());
	}

	private StandardResult evaluate(RecordSnapshot snapshot) {
		return standard.evaluate(snapshot, Records.context());
	}

	/** The compliant record, with the PCP hearing of the evaluation only at {@code sent}. */
	private StandardResult withLetterAt(Instant sent) {
		records.letter.setSent(Records.at(sent));
		return evaluate();
	}

	private void assertEvaluationCoordinated(StandardResult result) {
		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy()).containsEntry(EVALUATION, LETTER);
		assertThat(result.compliant()).containsExactly(Records.PATIENT, EVALUATION);
	}

	private Finding assertEvaluationUncoordinated(StandardResult result) {
		Finding gap = assertGap(onlyGap(result), CODE, EVALUATION, GapStatus.OPEN, "moderate",
				"No communication with the primary care physician is documented within 30 days after the initial"
						+ " evaluation on 2026-03-02.");
		assertThat(result.satisfiedBy()).doesNotContainKey(EVALUATION);
		assertThat(result.compliant()).containsExactly(Records.PATIENT);
		return gap;
	}

	// --- the compliant record ------------------------------------------------------------------------

	@Test
	void theInitialEvaluationReportedToThePcpComplies() {
		StandardResult result = evaluate();

		assertThat(standard.code()).isEqualTo(CODE);
		assertThat(result.standard()).isEqualTo(CODE);
		assertThat(result.examined()).as("the patient and the one significant point; follow-ups are not points")
				.containsExactly(Records.PATIENT, EVALUATION);
		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy()).containsOnly(entry(Records.PATIENT, PCP), entry(EVALUATION, LETTER));
	}

	@Test
	void aPatientNotInBehavioralHealthCareIsNotExamined() {
		StandardResult result = evaluate(new Records().snapshot());

		assertThat(result.examined()).isEmpty();
		assertThat(result.findings()).isEmpty();
	}

	// --- no PCP --------------------------------------------------------------------------------------

	@Test
	void withoutPcpThereIsOneOpenGapOnThePatientAndNoPointIsExamined() {
		records.withoutGeneralPractitioner();

		StandardResult result = evaluate();

		Finding gap = assertGap(onlyGap(result), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"No primary care physician is documented");
		assertThat(gap.expression()).isEqualTo("Patient.generalPractitioner");
		assertThat(gap.evidence()).isEmpty();
		assertThat(gap.responsiblePractitioner()).as("the patient has no GP to answer for it").isNull();
		assertThat(result.examined()).containsExactly(Records.PATIENT);
		assertThat(result.compliant()).isEmpty();
		assertThat(result.satisfiedBy()).isEmpty();
	}

	// --- the coordination window ---------------------------------------------------------------------

	@Test
	void withoutAnyCommunicationTheEvaluationIsAnOpenGapImplicatingIt() {
		records.communications.clear();

		Finding gap = assertEvaluationUncoordinated(evaluate());

		assertThat(gap.evidence()).containsExactly(PCP);
		assertThat(gap.expression()).isNull();
		assertThat(gap.responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
		assertThat(gap.responsibleOrganization()).isEqualTo(Records.ORGANIZATION);
	}

	@Test
	void aCommunicationOnTheDayOfTheEvaluationButEarlierInTheDayCounts() {
		assertEvaluationCoordinated(withLetterAt(Instant.parse("2026-03-02T08:00:00Z")));
	}

	@Test
	void aCommunicationTheDayBeforeTheEvaluationDoesNotCount() {
		assertEvaluationUncoordinated(withLetterAt(Instant.parse("2026-03-01T23:59:59Z")));
	}

	@Test
	void aCommunicationOnDayThirtyCounts() {
		assertEvaluationCoordinated(withLetterAt(Instant.parse("2026-04-01T09:00:00Z")));
	}

	@Test
	void aCommunicationExactlyThirtyDaysAfterTheEvaluationCounts() {
		assertEvaluationCoordinated(withLetterAt(EVALUATION_START.plus(Duration.ofDays(30))));
	}

	@Test
	void aCommunicationOnDayThirtyOneDoesNotCount() {
		assertEvaluationUncoordinated(withLetterAt(Instant.parse("2026-04-02T09:00:00Z")));
	}

	@Test
	void aCommunicationToSomeoneElseDoesNotCount() {
		records.letter.getRecipient().clear();
		records.letter.addRecipient(new Reference(Records.CLINICIAN));

		assertEvaluationUncoordinated(evaluate());
	}

	@Test
	void aCommunicationNotDoneDoesNotCount() {
		records.letter.setStatus(Communication.CommunicationStatus.NOTDONE);

		assertEvaluationUncoordinated(evaluate());
	}

	@Test
	void whileTheWindowRunsTheGapIsProspective() {
		Instant recent = Records.NOW.minus(Duration.ofDays(12));
		records.evaluation.getPeriod().setStart(Records.at(recent)).setEnd(Records.at(recent.plus(Duration.ofHours(1))));
		records.encounters.remove(records.followUp);
		records.communications.clear();

		StandardResult result = evaluate();

		Finding gap = assertGap(onlyGap(result), CODE, EVALUATION, GapStatus.PROSPECTIVE, "moderate",
				"The primary care physician has not yet been informed; communication is due within 30 days after the"
						+ " initial evaluation on 2026-05-20.");
		assertThat(gap.evidence()).containsExactly(PCP);
		assertThat(result.compliant()).as("a prospective gap does not make a point non-compliant")
				.containsExactly(Records.PATIENT, EVALUATION);
	}

	@Test
	void theWindowIsOverAtTheEndOfTheThirtiethDayAfterThePoint() {
		// NOW is 2026-06-01T12:00Z: a point on 2026-05-02 has its window running through 2026-06-01
		Instant start = Instant.parse("2026-05-02T23:00:00Z");
		records.evaluation.getPeriod().setStart(Records.at(start)).setEnd(Records.at(start.plus(Duration.ofMinutes(30))));
		records.encounters.remove(records.followUp);
		records.communications.clear();

		assertThat(onlyGap(evaluate()).status()).as("the 30th day is today").isEqualTo(GapStatus.PROSPECTIVE);

		records.evaluation.getPeriod().setStart(Records.at(Instant.parse("2026-05-01T23:00:00Z")))
				.setEnd(Records.at(Instant.parse("2026-05-01T23:30:00Z")));
		assertThat(onlyGap(evaluate()).status()).as("the 30th day was yesterday").isEqualTo(GapStatus.OPEN);
	}

	// --- refusal -------------------------------------------------------------------------------------

	@Test
	void aRefusalClosesEveryPointWithTheRefusalAsEvidenceAndRaisesNoOpenGap() {
		records.communications.clear();
		records.consents.add(refusal("Consent/refused", EVALUATION_END, PCP));
		records.prescriptions.add(prescription(MR, PRESCRIBED, sertralineTablet()));

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactly(Records.PATIENT, EVALUATION, MR);
		assertThat(result.findings()).hasSize(2);
		assertThat(result.findings()).noneMatch(f -> f.status() != GapStatus.CLOSED);
		assertGap(result.findings().get(0), CODE, EVALUATION, GapStatus.CLOSED, "moderate",
				"The patient declined sharing information with their primary care physician (Consent/refused), so no"
						+ " coordination is required after the initial evaluation on 2026-03-02.");
		assertGap(result.findings().get(1), CODE, MR, GapStatus.CLOSED, "moderate",
				"so no coordination is required after the new psychotropic prescription of 2026-04-10.");
		assertThat(result.findings()).allSatisfy(f -> assertThat(f.evidence()).containsExactly("Consent/refused"));
		assertThat(result.compliant()).containsExactly(Records.PATIENT, EVALUATION, MR);
	}

	@Test
	void aRevokedRefusalNoLongerExcusesThePoint() {
		records.communications.clear();
		records.consents.add(refusal("Consent/refused", EVALUATION_END, PCP)
				.setStatus(org.hl7.fhir.r4.model.Consent.ConsentState.INACTIVE));

		assertEvaluationUncoordinated(evaluate());
	}

	// --- who the PCP is ------------------------------------------------------------------------------

	@Test
	void aPcpNamedOnlyByTheCareTeamIsCoordinatedWith() {
		records.withoutGeneralPractitioner();
		records.careTeams.add(careTeam("CareTeam/t1", PCP, "446050000"));

		StandardResult result = evaluate();

		assertEvaluationCoordinated(result);
		assertThat(result.satisfiedBy()).containsEntry(Records.PATIENT, PCP);
	}

	@Test
	void aCareTeamMemberInAnotherRoleIsNoPcp() {
		records.withoutGeneralPractitioner();
		records.careTeams.add(careTeam("CareTeam/t1", PCP, "309343006")); // physician, not PCP

		assertGap(onlyGap(evaluate()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"No primary care physician is documented");
	}

	@Test
	void aPcpNamedByPractitionerRoleIsReachedThroughItsPractitioner() {
		records.base.patient.getGeneralPractitioner().clear();
		records.base.patient.addGeneralPractitioner(new Reference(PCP_ROLE));
		records.related.add(Records.role(PCP_ROLE, PCP, null));

		assertEvaluationCoordinated(evaluate());
	}

	@Test
	void aPcpNamedByPractitionerIsReachedThroughItsPractitionerRole() {
		records.related.add(Records.role(PCP_ROLE, PCP, null));
		records.letter.getRecipient().clear();
		records.letter.addRecipient(new Reference(PCP_ROLE));

		assertEvaluationCoordinated(evaluate());
	}

	@Test
	void thePcpIsNamedInTheOrderOfTheRecordWhateverTheRun() {
		records.related.add(Records.role(PCP_ROLE, PCP, null));
		records.communications.clear();

		StandardResult result = evaluate();

		assertThat(result.satisfiedBy()).containsEntry(Records.PATIENT, PCP);
		assertThat(onlyGap(result).evidence()).containsExactly(PCP, PCP_ROLE);
	}

	@Test
	void aReferralNoteAddressedToThePcpCoordinates() {
		records.communications.clear();
		records.notes.add(referralNote("DocumentReference/ref", Instant.parse("2026-03-10T09:00:00Z"), EVALUATION, PCP));

		StandardResult result = evaluate();

		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy()).containsEntry(EVALUATION, "DocumentReference/ref");
	}

	@Test
	void aProgressNoteNamingThePcpDoesNotCoordinate() {
		records.communications.clear();
		org.hl7.fhir.r4.model.DocumentReference progress =
				typedNote("DocumentReference/prog", Instant.parse("2026-03-10T09:00:00Z"), EVALUATION, "11506-3");
		progress.getContext().addRelated(new Reference(PCP));
		records.notes.add(progress);

		assertEvaluationUncoordinated(evaluate());
	}

}

package dev.chartcheck.standards;

import dev.chartcheck.engine.RecordSnapshotBuilder;
import static dev.chartcheck.standards.ClinicalEntries.AUDIT_C;
import static dev.chartcheck.standards.ClinicalEntries.PHQ2;
import static dev.chartcheck.standards.ClinicalEntries.PHQ9;
import static dev.chartcheck.standards.ClinicalEntries.screen;
import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.ScreeningCutOffs;
import dev.chartcheck.engine.StandardResult;
import dev.chartcheck.engine.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

class ScreeningFollowUpTest {

	private static final String CODE = ScreeningFollowUp.CODE;
	/** A positive PHQ-9 taken 2026-03-02 15:00Z: its follow-up window runs through 2026-04-01 (UTC). */
	private static final Instant SCREENED = Instant.parse("2026-03-02T15:00:00Z");

	private final Records records = new Records();
	/** In case management since January, with a negative PHQ-9 and AUDIT-C in February. */
	private final List<Resource> entries = new ArrayList<>(List.of(
			ClinicalEntries.caseManagementEpisode("EpisodeOfCare/cm1", Instant.parse("2026-01-05T09:00:00Z")),
			screen("Observation/phq9", PHQ9, 4, Instant.parse("2026-02-10T10:00:00Z")),
			screen("Observation/auditc", AUDIT_C, 1, Instant.parse("2026-02-10T10:05:00Z"))));
	private final List<DocumentReference> notes = new ArrayList<>();

	private StandardResult check() {
		return check(Records.context());
	}

	private StandardResult check(EvaluationContext context) {
		RecordSnapshotBuilder builder = records.builder();
		entries.forEach(builder::entry);
		notes.forEach(builder::note);
		return new ScreeningFollowUp().evaluate(builder.build(), context);
	}

	@Test
	void aScreenedPatientInCaseManagementComplies() {
		StandardResult result = check();

		assertThat(result.examined()).containsExactly(Records.PATIENT);
		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy()).containsEntry(Records.PATIENT, "Observation/auditc");
	}

	@Test
	void aPatientNeitherInBehavioralHealthCareNorInCaseManagementIsNotExamined() {
		entries.remove(0);
		entries.add(screen("Observation/pos", PHQ9, 20, SCREENED));

		assertThat(check().examined()).isEmpty();
		assertThat(check().findings()).isEmpty();
	}

	@Test
	void anEpisodeEnteredInErrorOrOfAnotherKindDoesNotCount() {
		EpisodeOfCare episode = (EpisodeOfCare) entries.get(0);
		episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR);
		assertThat(check().examined()).isEmpty();

		episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
		episode.getType().clear();
		episode.addType(new CodeableConcept(new Coding(ClinicalEntries.SNOMED, "737481003", "Inpatient care management")));
		assertThat(check().examined()).isEmpty();
	}

	@Test
	void caseManagementThatEndedBeforeTheLookBackNoLongerCounts() {
		EpisodeOfCare episode = (EpisodeOfCare) entries.get(0);
		episode.getPeriod().setStart(Records.at(Instant.parse("2024-02-01T09:00:00Z")));
		episode.getPeriod().setEnd(Records.at(Instant.parse("2025-05-30T09:00:00Z")));
		episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
		assertThat(check().examined()).isEmpty();

		episode.getPeriod().setEnd(Records.at(Instant.parse("2025-06-02T09:00:00Z")));
		assertThat(check().examined()).containsExactly(Records.PATIENT);
	}

	@Test
	void behavioralHealthCareCountsWhileItsEpisodeRunsIntoTheLookBack() {
		BehavioralRecords behavioral = new BehavioralRecords();
		behavioral.encounters.clear();
		behavioral.notes.clear();
		// one evaluation on 2024-12-01: its episode runs 180 days after it, to 2025-05-30, before the look-back
		behavioral.encounters.add(BehavioralRecords.behavioralEncounter("Encounter/old", Instant.parse("2024-12-01T15:00:00Z"),
				Instant.parse("2024-12-01T16:00:00Z"), BehavioralRecords.cpt("90791")));
		assertThat(new ScreeningFollowUp().evaluate(behavioral.snapshot(), Records.context()).examined()).isEmpty();

		behavioral.encounters.set(0, BehavioralRecords.behavioralEncounter("Encounter/old",
				Instant.parse("2024-12-06T15:00:00Z"), Instant.parse("2024-12-06T16:00:00Z"), BehavioralRecords.cpt("90791")));
		assertThat(new ScreeningFollowUp().evaluate(behavioral.snapshot(), Records.context()).examined())
				.containsExactly(Records.PATIENT);
	}

	@Test
	void aCasemanagementCarePlanBringsThePatientIn() {
		entries.set(0, ClinicalEntries.caseManagementPlan("CarePlan/cm1", Instant.parse("2026-01-05T09:00:00Z")));
		entries.remove(2);

		assertGap(onlyGap(check()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"has no alcohol-use screen (AUDIT-C) documented since 2025-06-01");
	}

	@Test
	void aPatientInBehavioralHealthCareWithoutScreensHasBothMissing() {
		BehavioralRecords behavioral = new BehavioralRecords();

		StandardResult result = new ScreeningFollowUp().evaluate(behavioral.snapshot(), Records.context());

		assertGap(onlyGap(result), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"has no depression screen (PHQ-2 or PHQ-9) and no alcohol-use screen (AUDIT-C) documented since 2025-06-01");
	}

	@Test
	void theLookBackStartsOnTheSameDayTwelveMonthsAgo() {
		entries.set(1, screen("Observation/phq9", PHQ9, 4, Instant.parse("2025-06-01T00:00:00Z")));
		assertThat(check().findings()).isEmpty();

		entries.set(1, screen("Observation/phq9", PHQ9, 4, Instant.parse("2025-05-31T23:59:00Z")));
		assertGap(onlyGap(check()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate", "no depression screen");
	}

	@Test
	void aPhq2IsADepressionScreenAndAScoreInValueIntegerCounts() {
		Observation phq2 = ClinicalEntries.observation("Observation/phq9", PHQ2, Instant.parse("2026-02-10T10:00:00Z"));
		phq2.setValue(new IntegerType(1));
		entries.set(1, phq2);

		assertThat(check().findings()).isEmpty();
	}

	@Test
	void aScreenWithoutAScoreOrEnteredInErrorIsNoScreen() {
		((Observation) entries.get(1)).setValue(null);
		assertGap(onlyGap(check()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate", "no depression screen");

		entries.set(1, screen("Observation/phq9", PHQ9, 4, Instant.parse("2026-02-10T10:00:00Z"))
				.setStatus(Observation.ObservationStatus.ENTEREDINERROR));
		assertGap(onlyGap(check()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate", "no depression screen");
	}

	@Test
	void phqCutOffsAreThreeAndTen() {
		entries.add(screen("Observation/phq2-2", PHQ2, 2, SCREENED));
		entries.add(screen("Observation/phq2-3", PHQ2, 3, SCREENED.plusSeconds(1)));
		entries.add(screen("Observation/phq9-9", PHQ9, 9, SCREENED.plusSeconds(2)));
		entries.add(screen("Observation/phq9-10", PHQ9, 10, SCREENED.plusSeconds(3)));

		StandardResult result = check();

		// the positive PHQ-2 is followed up by the PHQ-9s taken after it; the positive PHQ-9 is not
		assertThat(result.examined()).containsExactly(Records.PATIENT, "Observation/phq2-3", "Observation/phq9-10");
		assertThat(result.satisfiedBy()).containsEntry("Observation/phq2-3", "Observation/phq9-9");
		assertGap(onlyGap(result), CODE, "Observation/phq9-10", GapStatus.OPEN, "moderate",
				"A positive PHQ-9 (score 10, 2026-03-02) has no documented assessment or referral within 30 days");
		assertThat(onlyGap(result).expression()).isEqualTo("Observation.value");
	}

	@Test
	void auditCCutOffIsFourForMenAndThreeForWomen() {
		entries.add(screen("Observation/audit3", AUDIT_C, 3, SCREENED));
		entries.add(screen("Observation/audit4", AUDIT_C, 4, SCREENED));

		records.patient.setGender(AdministrativeGender.MALE);
		assertThat(check().findings()).extracting(Finding::subject).containsExactly("Observation/audit4");

		records.patient.setGender(AdministrativeGender.FEMALE);
		assertThat(check().findings()).extracting(Finding::subject).containsExactly("Observation/audit3", "Observation/audit4");

		// a sex not recorded as male gets the lower cut-off
		records.patient.setGender(AdministrativeGender.UNKNOWN);
		assertThat(check().findings()).hasSize(2);
		records.patient.setGender(null);
		assertThat(check().findings()).hasSize(2);
	}

	@Test
	void theCutOffsAreConfiguration() {
		entries.add(screen("Observation/pos", PHQ9, 14, SCREENED));
		EvaluationContext strict = new EvaluationContext(Records.NOW,
				Windows.defaults().withScreeningCutOffs(new ScreeningCutOffs(3, 15, 4, 3)));

		assertThat(check().findings()).hasSize(1);
		assertThat(check(strict).findings()).isEmpty();
	}

	@Test
	void aReferralOnTheThirtiethDayIsInTimeAndOnTheThirtyFirstItIsLate() {
		entries.add(screen("Observation/pos", PHQ9, 14, SCREENED));
		entries.add(ClinicalEntries.referral("ServiceRequest/ref", "183524004", Instant.parse("2026-04-01T23:30:00Z")));
		StandardResult inTime = check();
		assertThat(inTime.findings()).isEmpty();
		assertThat(inTime.satisfiedBy()).containsEntry("Observation/pos", "ServiceRequest/ref");

		entries.set(entries.size() - 1,
				ClinicalEntries.referral("ServiceRequest/ref", "183524004", Instant.parse("2026-04-02T00:30:00Z")));
		assertGap(onlyGap(check()), CODE, "Observation/pos", GapStatus.OPEN, "moderate", "within 30 days");
	}

	@Test
	void aDraftReferralOrOneForAnotherServiceIsNoFollowUp() {
		entries.add(screen("Observation/pos", PHQ9, 14, SCREENED));
		ServiceRequest draft = ClinicalEntries.referral("ServiceRequest/ref", "183524004", SCREENED.plusSeconds(3600));
		draft.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
		entries.add(draft);
		assertThat(check().findings()).hasSize(1);

		entries.set(entries.size() - 1, ClinicalEntries.referral("ServiceRequest/ref", "103699006", SCREENED.plusSeconds(3600)));
		assertThat(check().findings()).hasSize(1);
	}

	@Test
	void aBehavioralHealthEncounterFollowsUp() {
		BehavioralRecords behavioral = new BehavioralRecords();
		behavioral.related.add(screen("Observation/auditc", AUDIT_C, 1, SCREENED));
		RecordSnapshotBuilder builder = behavioral.builder();
		// positive at the evaluation itself (2026-03-02), and again ten days before the follow-up visit of 2026-04-06
		builder.entry(screen("Observation/pos", PHQ9, 16, BehavioralRecords.EVALUATION_START));
		builder.entry(screen("Observation/pos2", PHQ9, 12, Instant.parse("2026-03-27T10:00:00Z")));

		StandardResult result = new ScreeningFollowUp().evaluate(builder.build(), Records.context());

		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy())
				.containsEntry("Observation/pos", BehavioralRecords.EVALUATION)
				.containsEntry("Observation/pos2", BehavioralRecords.FOLLOW_UP);
	}

	@Test
	void aReferralNoteToPsychiatryOrAnAssessmentNoteFollowsUp() {
		entries.add(screen("Observation/pos", AUDIT_C, 6, SCREENED));
		DocumentReference referral = Records.note("DocumentReference/ref", SCREENED.plusSeconds(86_400 * 3), null);
		referral.setType(new CodeableConcept(new Coding(ClinicalEntries.LOINC, "57133-1", "Referral note")));
		notes.add(referral);
		assertThat(check().findings()).as("a referral note to no behavioral-health service").hasSize(1);

		referral.getContext().setPracticeSetting(new CodeableConcept(new Coding(ClinicalEntries.SNOMED, "394587001", "Psychiatry")));
		assertThat(check().satisfiedBy()).containsEntry("Observation/pos", "DocumentReference/ref");

		notes.clear();
		DocumentReference assessment = Records.note("DocumentReference/assess", SCREENED.plusSeconds(86_400 * 10), null);
		assessment.addCategory(new CodeableConcept(new Coding(BehavioralRecords.DOCUMENTATION_ELEMENT, "assessment", null)));
		notes.add(assessment);
		assertThat(check().satisfiedBy()).containsEntry("Observation/pos", "DocumentReference/assess");
	}

	@Test
	void aPositiveScreenWhoseWindowStillRunsIsAProspectiveGap() {
		entries.add(screen("Observation/pos", PHQ9, 11, Instant.parse("2026-05-20T09:00:00Z")));

		assertGap(onlyGap(check()), CODE, "Observation/pos", GapStatus.PROSPECTIVE, "moderate",
				"has no assessment or referral yet; one is due by 2026-06-19");
	}

	@Test
	void aPositiveScreenOutsideTheAuditPeriodIsNotExamined() {
		RecordSnapshotBuilder builder = records.builder();
		entries.forEach(builder::entry);
		builder.related(screen("Observation/old", PHQ9, 20, Instant.parse("2025-01-10T09:00:00Z")));

		StandardResult result = new ScreeningFollowUp().evaluate(builder.build(), Records.context());

		assertThat(result.examined()).containsExactly(Records.PATIENT);
		assertThat(result.findings()).isEmpty();
	}
}

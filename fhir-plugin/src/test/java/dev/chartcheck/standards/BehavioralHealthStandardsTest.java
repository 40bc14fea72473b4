package dev.chartcheck.standards;

import dev.chartcheck.engine.RecordSnapshotBuilder;
import static dev.chartcheck.standards.BehavioralRecords.behavioralEncounter;
import static dev.chartcheck.standards.BehavioralRecords.cpt;
import static dev.chartcheck.standards.BehavioralRecords.prescription;
import static dev.chartcheck.standards.BehavioralRecords.sertralineTablet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.DateType;
import org.junit.jupiter.api.Test;

/** The four behavioral-health standards together: who they examine at all. */
class BehavioralHealthStandardsTest {

	private static final List<Standard> BEHAVIORAL = List.of(
			new CoordinationOfCare(), new ConsentRenewal(), new DevelopmentalHistory(), new Confidentiality());

	/**
	 * A minor in primary care only, with no PCP, no consent, an unlabeled note and a psychotropic prescription:
	 * everything the behavioral-health standards would flag, were the patient in behavioral-health care.
	 */
	private static RecordSnapshotBuilder primaryCareOnly(Records records) {
		records.patient.setBirthDateElement(new DateType("2012-01-10"));
		return records.builder()
				.medicationRequest(prescription("MedicationRequest/mr1", Instant.parse("2026-05-28T09:15:00Z"),
						sertralineTablet()));
	}

	@Test
	void aPatientNotInBehavioralHealthCareIsExaminedByNoneOfTheFour() {
		RecordCheck check = RecordCheck.run(primaryCareOnly(new Records()).build(), BEHAVIORAL, Records.context());

		assertThat(check.results()).extracting(StandardResult::standard).containsExactly(
				"coordination-of-care", "consent-renewal", "developmental-history", "confidentiality");
		assertThat(check.results()).allSatisfy(r -> {
			assertThat(r.examined()).as(r.standard()).isEmpty();
			assertThat(r.findings()).as(r.standard()).isEmpty();
			assertThat(r.satisfiedBy()).as(r.standard()).isEmpty();
		});
	}

	@Test
	void aPlannedBehavioralHealthEncounterDoesNotPutThePatientInCare() {
		RecordSnapshot snapshot = primaryCareOnly(new Records())
				.encounter(BehavioralRecords.planned(behavioralEncounter("Encounter/later",
						Instant.parse("2026-06-15T15:00:00Z"), cpt("90791"))))
				.build();

		RecordCheck check = RecordCheck.run(snapshot, BEHAVIORAL, Records.context());

		assertThat(check.results()).allSatisfy(r -> assertThat(r.examined()).as(r.standard()).isEmpty());
	}

	@Test
	void oneBehavioralHealthEncounterBringsAllFourToTheRecord() {
		RecordSnapshot snapshot = primaryCareOnly(new Records())
				.encounter(behavioralEncounter("Encounter/bh", Instant.parse("2026-03-02T15:00:00Z"), cpt("90791")))
				.note(Records.note("DocumentReference/bhn", Instant.parse("2026-03-02T16:30:00Z"), "Encounter/bh"))
				.build();

		RecordCheck check = RecordCheck.run(snapshot, BEHAVIORAL, Records.context());

		assertThat(check.results()).extracting(StandardResult::examined).containsExactly(
				List.of(Records.PATIENT),
				List.of(Records.PATIENT),
				List.of("Encounter/bh"),
				List.of("DocumentReference/bhn"));
		assertThat(check.findings()).extracting(f -> f.standard() + " " + f.subject()).containsExactly(
				"coordination-of-care Patient/pat1",
				"consent-renewal Patient/pat1",
				"developmental-history Encounter/bh",
				"confidentiality DocumentReference/bhn");
	}
}

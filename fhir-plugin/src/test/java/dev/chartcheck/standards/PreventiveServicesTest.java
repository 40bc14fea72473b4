package dev.chartcheck.standards;

import dev.chartcheck.engine.RecordSnapshotBuilder;
import static dev.chartcheck.standards.ClinicalEntries.immunization;
import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class PreventiveServicesTest {

	private static final String CODE = PreventiveServices.CODE;
	private static final String CPT = "http://www.ama-assn.org/go/cpt";
	private static final String WEIGHT = "29463-7";

	/** The adult of {@link Records} (born 1980), checked on 2026-06-01: the look-back starts 2024-06-01. */
	private final Records records = new Records();
	private final List<Resource> entries = new ArrayList<>();
	private final List<Encounter> encounters = new ArrayList<>();
	private final List<DocumentReference> notes = new ArrayList<>();

	private StandardResult check() {
		RecordSnapshotBuilder builder = records.builder();
		entries.forEach(builder::entry);
		encounters.forEach(builder::encounter);
		notes.forEach(builder::note);
		return new PreventiveServices().evaluate(builder.build(), Records.context());
	}

	private static Encounter visit(String id, String system, String code, Instant start) {
		Encounter encounter = Records.finishedEncounter(id, start, start.plusSeconds(1800));
		encounter.addType(new CodeableConcept(new Coding(system, code, null)));
		return encounter;
	}

	@Test
	void aRecordWithoutStructuredClinicalDataIsNotExamined() {
		StandardResult result = check();

		assertThat(result.examined()).isEmpty();
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void anImmunizationWithinTheLookBackComplies() {
		entries.add(immunization("Immunization/flu", Instant.parse("2025-10-14T10:00:00Z")));

		StandardResult result = check();

		assertThat(result.examined()).containsExactly(Records.PATIENT);
		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy()).containsEntry(Records.PATIENT, "Immunization/flu");
	}

	@Test
	void theLookBackStartsOnTheSameDayTwentyFourMonthsAgo() {
		entries.add(immunization("Immunization/flu", Instant.parse("2024-06-01T00:00:00Z")));
		assertThat(check().findings()).isEmpty();

		entries.set(0, immunization("Immunization/flu", Instant.parse("2024-05-31T23:00:00Z")));
		assertGap(onlyGap(check()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"No preventive health service (a preventive visit, an immunization or an age-appropriate screening) is"
						+ " documented since 2024-06-01.");
	}

	@Test
	void anImmunizationNotGivenOrEnteredInErrorDoesNotCount() {
		entries.add(immunization("Immunization/flu", Instant.parse("2025-10-14T10:00:00Z"))
				.setStatus(Immunization.ImmunizationStatus.NOTDONE));
		assertGap(onlyGap(check()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate", "No preventive health service");

		((Immunization) entries.get(0)).setStatus(Immunization.ImmunizationStatus.ENTEREDINERROR);
		assertThat(check().examined()).as("nothing but an entry in error: no clinical data").isEmpty();
	}

	@Test
	void aPreventiveVisitComplies() {
		entries.add(ClinicalEntries.observation("Observation/weight", WEIGHT, Instant.parse("2025-03-11T09:05:00Z")));
		assertGap(onlyGap(check()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate", "No preventive health service");

		encounters.add(visit("Encounter/annual", CPT, "99396", Instant.parse("2025-03-11T09:00:00Z")));
		assertThat(check().satisfiedBy()).containsEntry(Records.PATIENT, "Encounter/annual");
	}

	@Test
	void aPlannedOrCancelledPreventiveVisitDoesNot() {
		entries.add(ClinicalEntries.observation("Observation/weight", WEIGHT, Instant.parse("2025-03-11T09:05:00Z")));
		Encounter planned = visit("Encounter/annual", CPT, "99396", Instant.parse("2026-06-20T09:00:00Z"));
		planned.setStatus(EncounterStatus.PLANNED);
		encounters.add(planned);
		Encounter cancelled = visit("Encounter/annual2", CPT, "99396", Instant.parse("2026-04-20T09:00:00Z"));
		cancelled.setStatus(EncounterStatus.CANCELLED);
		encounters.add(cancelled);

		assertThat(check().findings()).hasSize(1);
	}

	@Test
	void aScreeningProcedureOrObservationComplies() {
		entries.add(ClinicalEntries.procedure("Procedure/medrec", "430193006", Instant.parse("2025-09-01T10:00:00Z")));
		assertThat(check().findings()).as("a medication reconciliation is no screening").hasSize(1);

		entries.add(ClinicalEntries.procedure("Procedure/mammo", "24623002", Instant.parse("2025-09-01T10:00:00Z")));
		assertThat(check().satisfiedBy()).containsEntry(Records.PATIENT, "Procedure/mammo");

		entries.remove(1);
		entries.add(ClinicalEntries.screen("Observation/auditc", ClinicalEntries.AUDIT_C, 1, Instant.parse("2025-09-01T10:00:00Z")));
		assertThat(check().satisfiedBy()).containsEntry(Records.PATIENT, "Observation/auditc");
	}

	@Test
	void aNoteDocumentingPreventiveServicesComplies() {
		entries.add(ClinicalEntries.observation("Observation/weight", WEIGHT, Instant.parse("2025-03-11T09:05:00Z")));
		records.note.addCategory(new CodeableConcept(
				new Coding(BehavioralRecords.DOCUMENTATION_ELEMENT, "preventive-services", "Preventive services")));

		assertThat(check().satisfiedBy()).containsEntry(Records.PATIENT, Records.NOTE);
	}

	@Test
	void aChildNeedsAWellChildVisitWithinTwelveMonthsAndAnImmunizationIsNotOne() {
		records.patient.setBirthDateElement(new DateType("2017-03-10"));
		entries.add(immunization("Immunization/flu", Instant.parse("2025-10-14T10:00:00Z")));
		encounters.add(visit("Encounter/wcv", ClinicalEntries.SNOMED, "410620009", Instant.parse("2025-04-15T09:00:00Z")));

		assertGap(onlyGap(check()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"No well-child visit is documented since 2025-06-01; a patient under 18 needs one every 12 months.");

		encounters.add(visit("Encounter/wcv2", CPT, "99393", Instant.parse("2025-06-01T08:00:00Z")));
		assertThat(check().satisfiedBy()).as("the first day of the window").containsEntry(Records.PATIENT, "Encounter/wcv2");
	}

	@Test
	void theDayBeforeTheEighteenthBirthdayTheChildsWindowAppliesAndOnItTheAdults() {
		entries.add(immunization("Immunization/flu", Instant.parse("2025-10-14T10:00:00Z")));

		records.patient.setBirthDateElement(new DateType("2008-06-02"));
		assertGap(onlyGap(check()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate", "No well-child visit");

		records.patient.setBirthDateElement(new DateType("2008-06-01"));
		assertThat(check().findings()).isEmpty();
	}

	@Test
	void withoutABirthDateTheAdultsRuleApplies() {
		records.patient.setBirthDate(null);
		entries.add(immunization("Immunization/flu", Instant.parse("2025-10-14T10:00:00Z")));

		assertThat(check().findings()).isEmpty();
	}
}

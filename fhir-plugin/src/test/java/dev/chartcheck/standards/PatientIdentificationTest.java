package dev.chartcheck.standards;

import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.StandardResult;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class PatientIdentificationTest {

	private static final String CODE = "patient-identification";

	private final PatientIdentification standard = new PatientIdentification();
	private final Records records = new Records();

	private StandardResult evaluate() {
		return standard.evaluate(records.snapshot(), Records.context());
	}

	@Test
	void patientWithNameAndMrnComplies() {
		StandardResult result = evaluate();

		assertThat(standard.code()).isEqualTo(CODE);
		assertThat(result.standard()).isEqualTo(CODE);
		assertThat(result.examined()).containsExactly(Records.PATIENT);
		assertThat(result.findings()).isEmpty();
		assertThat(result.compliant()).containsExactly(Records.PATIENT);
	}

	@Test
	void theRecordIsExaminedOnceWhateverTheNumberOfNotes() {
		StandardResult result = standard.evaluate(
				records.builder()
						.note(Records.note("DocumentReference/n2", Records.NOTE_DATE, Records.ENCOUNTER))
						.build(),
				Records.context());

		assertThat(result.examined()).containsExactly(Records.PATIENT);
	}

	@Test
	void patientWithoutNameIsAGap() {
		records.patient.getName().clear();

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"The patient's record has no name, so the pages");
		assertThat(gap.detail()).doesNotContain("identification number");
		assertThat(gap.expression()).isEqualTo("Patient.name");
		assertThat(evaluate().compliant()).isEmpty();
	}

	@Test
	void blankFamilyAndGivenNamesAreNoName() {
		records.patient.getName().clear();
		records.patient.addName().setFamily("   ").addGiven(" ");

		assertGap(onlyGap(evaluate()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate", "has no name");
	}

	@Test
	void aGivenNameAloneIsAName() {
		records.patient.getName().clear();
		records.patient.addName().addGiven("Jane");

		assertThat(evaluate().findings()).isEmpty();
	}

	@Test
	void aFamilyNameAloneIsAName() {
		records.patient.getName().clear();
		records.patient.addName().setFamily("Doe");

		assertThat(evaluate().findings()).isEmpty();
	}

	@Test
	void patientWithoutIdentifierIsAGap() {
		records.patient.getIdentifier().clear();

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"has no identification number");
		assertThat(gap.detail()).doesNotContain("no name");
		assertThat(gap.expression()).isEqualTo("Patient.identifier");
	}

	@Test
	void anIdentifierWithoutValueIsNoIdentificationNumber() {
		records.patient.getIdentifier().clear();
		records.patient.addIdentifier().setSystem("urn:oid:1.2.36.146.595.217.0.1");
		records.patient.addIdentifier().setSystem("urn:oid:1.2.36.146.595.217.0.1").setValue("  ");

		assertGap(onlyGap(evaluate()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"has no identification number");
	}

	@Test
	void patientWithNeitherNameNorIdentifierHasOneGapNamingBoth() {
		records.patient.getName().clear();
		records.patient.getIdentifier().clear();

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"has no name and no identification number");
		assertThat(gap.expression()).isEqualTo("Patient.name");
	}

	@Test
	void theGapGoesToThePatientsGeneralPractitionerAndManagingOrganization() {
		records.patient.getName().clear();
		records.patient.addGeneralPractitioner(new Reference("PractitionerRole/r1"));
		records.patient.setManagingOrganization(new Reference(Records.ORGANIZATION));

		Finding gap = onlyGap(standard.evaluate(
				records.builder().related(Records.role("PractitionerRole/r1", Records.CLINICIAN, null)).build(),
				Records.context()));

		assertThat(gap.responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
		assertThat(gap.responsibleOrganization()).isEqualTo(Records.ORGANIZATION);
	}

	@Test
	void withoutGeneralPractitionerNoOneIsResponsible() {
		records.patient.getIdentifier().clear();

		Finding gap = onlyGap(evaluate());

		assertThat(gap.responsiblePractitioner()).isNull();
		assertThat(gap.responsibleOrganization()).isNull();
	}
}

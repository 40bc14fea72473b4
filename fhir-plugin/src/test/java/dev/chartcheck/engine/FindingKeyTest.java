package dev.chartcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FindingKeyTest {

	@Test
	void valueJoinsStandardPatientAndSubject() {
		FindingKey key = new FindingKey("dated", "Patient/5", "DocumentReference/7");

		assertThat(key.value()).isEqualTo("dated/Patient/5/DocumentReference/7");
		assertThat(key.value()).doesNotContain("|");
		assertThat(FindingKey.SYSTEM).isEqualTo("https://chartcheck.dev/fhir/finding-key");
	}

	@Test
	void parseReadsBackWhatValueWrote() {
		FindingKey key = new FindingKey("contact-documented", "Patient/pat-1", "Encounter/a.b-9");

		FindingKey parsed = FindingKey.parse(key.value());

		assertThat(parsed).isEqualTo(key);
		assertThat(parsed.standard()).isEqualTo("contact-documented");
		assertThat(parsed.patientId()).isEqualTo("Patient/pat-1");
		assertThat(parsed.subject()).isEqualTo("Encounter/a.b-9");
	}

	@Test
	void aKeyWhoseSubjectIsThePatientRoundTrips() {
		FindingKey key = new FindingKey("patient-identification", "Patient/5", "Patient/5");

		assertThat(FindingKey.parse("patient-identification/Patient/5/Patient/5")).isEqualTo(key);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = {
		"dated",
		"dated/Patient/5",
		"dated/Patient/5/DocumentReference",
		"dated/Patient/5/DocumentReference/7/_history/2",
		"urn:uuid:5b1c3e9a-7f6d-4e2a-9c1b-2d3e4f5a6b7c",
		"MRN-1001"
	})
	void parseRejectsValuesThatAreNotFindingKeys(String value) {
		assertThat(FindingKey.parse(value)).isNull();
	}

	@Test
	void aFindingsKeyIsBuiltFromItsStandardAndSubject() {
		Finding finding = new Finding("dated", "DocumentReference/7", GapStatus.OPEN, "moderate",
				"This note has no date.", "DocumentReference.date", null, null, null);

		assertThat(finding.key("Patient/5")).isEqualTo(new FindingKey("dated", "Patient/5", "DocumentReference/7"));
		assertThat(finding.key("Patient/5").value()).isEqualTo("dated/Patient/5/DocumentReference/7");
	}

	@Test
	void aFindingNeedsStandardSubjectStatusAndDetail() {
		assertThatThrownBy(() -> new Finding(null, "Encounter/1", GapStatus.OPEN, "low", "d", null, null, null, null))
				.isInstanceOf(NullPointerException.class).hasMessageContaining("standard");
		assertThatThrownBy(() -> new Finding("dated", null, GapStatus.OPEN, "low", "d", null, null, null, null))
				.isInstanceOf(NullPointerException.class).hasMessageContaining("subject");
		assertThatThrownBy(() -> new Finding("dated", "Encounter/1", null, "low", "d", null, null, null, null))
				.isInstanceOf(NullPointerException.class).hasMessageContaining("status");
		assertThatThrownBy(() -> new Finding("dated", "Encounter/1", GapStatus.OPEN, "low", null, null, null, null, null))
				.isInstanceOf(NullPointerException.class).hasMessageContaining("detail");
	}

	@Test
	void aFindingsEvidenceIsNeverNullAndIsACopy() {
		List<String> evidence = new ArrayList<>(List.of("Encounter/1"));
		Finding finding = new Finding("dated", "DocumentReference/7", GapStatus.OPEN, "low", "d", null,
				evidence, null, null);
		evidence.add("Encounter/2");

		assertThat(finding.evidence()).containsExactly("Encounter/1");
		assertThat(new Finding("dated", "DocumentReference/7", GapStatus.OPEN, "low", "d", null, null, null, null)
						.evidence())
				.isEmpty();
	}

	@Test
	void gapStatusCodesAreTheDeqmOnes() {
		assertThat(GapStatus.OPEN.code()).isEqualTo("open-gap");
		assertThat(GapStatus.PROSPECTIVE.code()).isEqualTo("prospective-gap");
		assertThat(GapStatus.CLOSED.code()).isEqualTo("closed-gap");
		assertThat(GapStatus.fromCode("prospective-gap")).isEqualTo(GapStatus.PROSPECTIVE);
		assertThat(GapStatus.fromCode("OPEN")).isNull();
		assertThat(GapStatus.fromCode(null)).isNull();
	}
}

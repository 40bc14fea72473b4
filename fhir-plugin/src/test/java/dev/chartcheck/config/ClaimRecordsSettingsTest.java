package dev.chartcheck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartcheck.engine.ClinicalCodes;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;

class ClaimRecordsSettingsTest {

	private static final String CPT = "http://www.ama-assn.org/go/cpt";
	private final ClaimRecordsSettings settings = new ClaimRecordsSettings();

	private static CodeableConcept cpt(String code) {
		return new CodeableConcept(new Coding(CPT, code, null));
	}

	@Test
	void unsetTheExampleSetOfThePackageApplies() {
		ClinicalCodes codes = settings.applyTo(ClinicalCodes.published());

		assertThat(codes.get(ClinicalCodes.CLAIM_RECORDS_SERVICE).contains(cpt("90867"))).isTrue();
	}

	@Test
	void aConfiguredValueSetReplacesTheExampleSet() {
		settings.setValueSet(new ByteArrayResource(("{\"resourceType\":\"ValueSet\",\"id\":\"plan\",\"status\":\"active\","
				+ "\"compose\":{\"include\":[{\"system\":\"" + CPT + "\",\"concept\":[{\"code\":\"95810\"}]}]}}")
				.getBytes(StandardCharsets.UTF_8)));

		ClinicalCodes codes = settings.applyTo(ClinicalCodes.published());

		assertThat(codes.get(ClinicalCodes.CLAIM_RECORDS_SERVICE).contains(cpt("95810"))).isTrue();
		assertThat(codes.get(ClinicalCodes.CLAIM_RECORDS_SERVICE).contains(cpt("90867"))).isFalse();
		assertThat(codes.get(ClinicalCodes.BEHAVIORAL_HEALTH_ENCOUNTER).contains(cpt("90791"))).as("the others stay").isTrue();
	}

	@Test
	void aValueSetThatCannotBeReadStopsTheStart() {
		settings.setValueSet(new ByteArrayResource("not json".getBytes(StandardCharsets.UTF_8), "a broken file"));
		assertThatThrownBy(() -> settings.applyTo(ClinicalCodes.published()))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("chartcheck.claim-records.value-set")
				.hasMessageContaining("not a readable ValueSet");

		settings.setValueSet(new ByteArrayResource("{\"resourceType\":\"ValueSet\",\"status\":\"active\"}"
				.getBytes(StandardCharsets.UTF_8), "an empty set"));
		assertThatThrownBy(() -> settings.applyTo(ClinicalCodes.published())).hasMessageContaining("includes no codes");
	}
}

package dev.chartcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

class ClinicalCodesTest {

	private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	private static final String ATC = "http://www.whocc.no/atc";

	private final ClinicalCodes codes = ClinicalCodes.published();

	private static CodeableConcept concept(String system, String code) {
		return new CodeableConcept(new Coding(system, code, null));
	}

	private static CodeableConcept text(String text) {
		return new CodeableConcept().setText(text);
	}

	@Test
	void thePublishedCodeSetsAreReadOnceFromTheProfilesJar() {
		assertThat(ClinicalCodes.published()).isSameAs(codes);
		for (String id : ClinicalCodes.VALUE_SETS) {
			assertThat(codes.get(id).id()).isEqualTo(id);
		}
	}

	@Test
	void anUnknownCodeSetIsAnError() {
		assertThatThrownBy(() -> codes.get("no-such-set"))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("No code set no-such-set");
	}

	@Test
	void withoutTheProfilesJarLoadingFailsAndSaysWhy() {
		ClassLoader empty = new URLClassLoader(new URL[0], null);

		assertThatThrownBy(() -> ClinicalCodes.load(empty))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("dev/chartcheck/profiles/ValueSet-behavioral-health-encounter.json")
				.hasMessageContaining("is the profiles jar missing?");
	}

	@Test
	void behavioralHealthEncounterCodesMatchBySystemAndCode() {
		CodeSet set = codes.get(ClinicalCodes.BEHAVIORAL_HEALTH_ENCOUNTER);

		assertThat(set.contains(concept("http://www.ama-assn.org/go/cpt", "90791"))).isTrue();
		assertThat(set.contains(concept("http://www.ama-assn.org/go/cpt", "90853"))).isTrue();
		assertThat(set.contains(concept("http://snomed.info/sct", "313071005"))).isTrue();
		assertThat(set.contains(concept("http://www.ama-assn.org/go/cpt", "99213"))).as("office visit").isFalse();
		assertThat(set.contains(concept("http://snomed.info/sct", "90791"))).as("wrong system").isFalse();
		assertThat(set.contains((Coding) null)).isFalse();
		assertThat(set.contains(new Coding(null, null, "Psychotherapy"))).as("no code").isFalse();
	}

	@Test
	void psychotropicAtcCodesMatchByPrefixOfTheFilteredClasses() {
		CodeSet set = codes.get(ClinicalCodes.PSYCHOTROPIC_MEDICATION);

		assertThat(set.contains(concept(ATC, "N06AB06"))).as("sertraline").isTrue();
		assertThat(set.contains(concept(ATC, "N05AH04"))).as("quetiapine").isTrue();
		assertThat(set.contains(concept(ATC, "N07BC02"))).as("methadone").isTrue();
		assertThat(set.contains(concept(ATC, "N06"))).as("broader than the filter").isFalse();
		assertThat(set.contains(concept(ATC, "N02BE01"))).as("paracetamol").isFalse();
		assertThat(set.contains(concept("http://example.org/not-atc", "N06AB06"))).isFalse();
	}

	@Test
	void psychotropicIngredientsMatchByCodeOrByNameInTextOrDisplay() {
		CodeSet set = codes.get(ClinicalCodes.PSYCHOTROPIC_MEDICATION);

		assertThat(set.contains(concept(RXNORM, "36437"))).as("sertraline ingredient").isTrue();
		assertThat(set.contains(concept(RXNORM, "312941"))).as("sertraline SCD is a product code").isFalse();
		assertThat(set.containsOrNames(text("sertraline 100 MG Oral Tablet"))).isTrue();
		assertThat(set.containsOrNames(text("Sertraline HCl 50 mg"))).as("case-insensitive").isTrue();
		assertThat(set.containsOrNames(new CodeableConcept(new Coding(RXNORM, "312941", "sertraline 100 MG Oral Tablet"))))
				.as("display").isTrue();
		assertThat(set.containsOrNames(text("ibuprofen 600 MG Oral Tablet"))).isFalse();
		assertThat(set.containsOrNames(text("desertralinex"))).as("whole words only").isFalse();
		assertThat(set.containsOrNames(new CodeableConcept())).isFalse();
	}

	@Test
	void codeSetsAreBuiltFromEnumeratedConceptsAndAtcIsAFiltersOnly() {
		ValueSet valueSet = new ValueSet();
		valueSet.setId("ValueSet/sample");
		valueSet.getCompose().addInclude().setSystem("http://example.org/a").addConcept().setCode("x").setDisplay("Xylo");
		valueSet.getCompose().addInclude().setSystem(ATC).addFilter()
				.setProperty("concept").setOp(ValueSet.FilterOperator.ISA).setValue("N05B");
		valueSet.getCompose().addInclude().setSystem(ATC).addFilter()
				.setProperty("concept").setOp(ValueSet.FilterOperator.REGEX).setValue("A.*");
		valueSet.getCompose().addInclude().setSystem("http://example.org/b").addFilter()
				.setProperty("concept").setOp(ValueSet.FilterOperator.ISA).setValue("N06");

		CodeSet set = CodeSet.from(valueSet);

		assertThat(set.id()).isEqualTo("sample");
		assertThat(set.contains(new Coding("http://example.org/a", "x", null))).isTrue();
		assertThat(set.contains(new Coding("http://example.org/b", "x", null))).isFalse();
		assertThat(set.contains(new Coding(ATC, "N05BA01", null))).isTrue();
		assertThat(set.contains(new Coding(ATC, "A10BA02", null))).as("only is-a filters apply").isFalse();
		assertThat(set.contains(new Coding(ATC, "N06AB06", null))).as("is-a on another system").isFalse();
		assertThat(set.containsOrNames(text("xylo 5 mg"))).isTrue();
		assertThat(set.containsAny(java.util.List.of(text("none"), concept("http://example.org/a", "x")))).isTrue();
		assertThat(set.containsAny(java.util.List.of())).isFalse();
	}

	@Test
	void theOtherPublishedSetsHoldTheCodesTheReadmeNames() {
		assertThat(codes.get(ClinicalCodes.PRIMARY_CARE_PHYSICIAN_ROLE).contains(concept("http://snomed.info/sct", "446050000"))).isTrue();
		assertThat(codes.get(ClinicalCodes.PCP_COMMUNICATION_NOTE).contains(concept("http://loinc.org", "57133-1"))).isTrue();
		assertThat(codes.get(ClinicalCodes.PCP_COMMUNICATION_NOTE).contains(concept("http://loinc.org", "11488-4"))).isTrue();
		assertThat(codes.get(ClinicalCodes.PCP_COMMUNICATION_NOTE).contains(concept("http://loinc.org", "11506-3"))).isFalse();
		assertThat(codes.get(ClinicalCodes.DISCHARGE_NOTE).contains(concept("http://loinc.org", "18842-5"))).isTrue();
		assertThat(codes.get(ClinicalCodes.RELEASE_OF_INFORMATION_CATEGORY).contains(concept("http://loinc.org", "64292-6"))).isTrue();
		assertThat(codes.get(ClinicalCodes.RELEASE_OF_INFORMATION_CATEGORY).contains(concept("http://loinc.org", "59284-0"))).isTrue();
		assertThat(codes.get(ClinicalCodes.DEVELOPMENTAL_HISTORY_NOTE).contains(concept(
				"https://chartcheck.dev/fhir/CodeSystem/documentation-element", "developmental-history"))).isTrue();
		assertThat(codes.get(ClinicalCodes.SUBSTANCE_USE_ENCOUNTER).contains(concept("http://snomed.info/sct", "20093000"))).isTrue();
		assertThat(codes.get(ClinicalCodes.SUBSTANCE_USE_ENCOUNTER).contains(concept("http://snomed.info/sct", "75516001")))
				.as("psychotherapy is not substance-use treatment").isFalse();
	}
}

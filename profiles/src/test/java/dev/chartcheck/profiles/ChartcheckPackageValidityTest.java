package dev.chartcheck.profiles;

import static dev.chartcheck.profiles.ChartcheckPackageFixture.CTX;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.assertNoErrors;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.chain;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.hapi.converters.canonical.VersionCanonicalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.validator.ProfileKnowledgeWorkerR5;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks that every resource of the FHIR package built into the jar is valid FHIR R4, that every profile's snapshot
 * generates, and that the ValueSets enumerate only codes their code systems define, with those codes' displays.
 */
class ChartcheckPackageValidityTest {

	@Test
	void valueSetsIncludeOnlyExistingCodesOfTheShippedCodeSystems() {
		// The instance validator does not check ValueSet.compose concepts without a terminology server,
		// so check those of the code systems this package ships (CPT and SNOMED CT are not available offline).
		Map<String, CodeSystem> shipped = resources().values().stream()
				.filter(CodeSystem.class::isInstance)
				.map(CodeSystem.class::cast)
				.collect(Collectors.toMap(CodeSystem::getUrl, cs -> cs));
		resources().values().stream().filter(ValueSet.class::isInstance).map(ValueSet.class::cast).forEach(vs -> {
			for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
				CodeSystem cs = shipped.get(include.getSystem());
				if (cs == null) {
					continue;
				}
				for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
					CodeSystem.ConceptDefinitionComponent def = cs.getConcept().stream()
							.filter(c -> c.getCode().equals(concept.getCode()))
							.findFirst()
							.orElse(null);
					assertNotNull(def, vs.getUrl() + ": " + include.getSystem() + "#" + concept.getCode() + " is not defined");
					if (concept.hasDisplay()) {
						assertEquals(def.getDisplay(), concept.getDisplay(), vs.getUrl() + ": display of " + concept.getCode());
					}
				}
			}
		});
	}

	@Test
	void valueSetsIncludeOnlyExistingCodesOfTheHl7CodeSystemsTheValidatorKnows() {
		// HL7 code systems shipped with the FHIR core definitions (v3-Confidentiality, v3-ActCode…): check the
		// enumerated codes and displays against them, nested concepts included
		resources().values().stream().filter(ValueSet.class::isInstance).map(ValueSet.class::cast).forEach(vs -> {
			for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
				if (!include.getSystem().startsWith("http://terminology.hl7.org/CodeSystem/")) {
					continue;
				}
				CodeSystem cs = (CodeSystem) chain.fetchCodeSystem(include.getSystem());
				assertNotNull(cs, vs.getUrl() + ": unknown code system " + include.getSystem());
				for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
					CodeSystem.ConceptDefinitionComponent def = find(cs.getConcept(), concept.getCode());
					assertNotNull(def, vs.getUrl() + ": " + include.getSystem() + "#" + concept.getCode() + " is not defined");
					if (concept.hasDisplay()) {
						assertEquals(def.getDisplay(), concept.getDisplay(), vs.getUrl() + ": display of " + concept.getCode());
					}
				}
			}
		});
	}

	private static CodeSystem.ConceptDefinitionComponent find(List<CodeSystem.ConceptDefinitionComponent> concepts, String code) {
		for (CodeSystem.ConceptDefinitionComponent c : concepts) {
			if (c.getCode().equals(code)) {
				return c;
			}
			CodeSystem.ConceptDefinitionComponent nested = find(c.getConcept(), code);
			if (nested != null) {
				return nested;
			}
		}
		return null;
	}

	@TestFactory
	Stream<DynamicTest> everyResourceIsValid() {
		return resources().entrySet().stream()
				.map(e -> DynamicTest.dynamicTest(e.getKey(), () -> assertNoErrors(e.getKey(), e.getValue())));
	}

	@TestFactory
	Stream<DynamicTest> everyProfileSnapshotGenerates() {
		return resources().entrySet().stream()
				.filter(e -> e.getValue() instanceof StructureDefinition)
				.map(e -> DynamicTest.dynamicTest(
						e.getKey(), () -> assertSnapshotGenerates((StructureDefinition) e.getValue())));
	}

	private static void assertSnapshotGenerates(StructureDefinition sd) {
		assertTrue(sd.hasDifferential() && !sd.hasSnapshot(), sd.getUrl() + " must be differential-only");
		assertEquals(StructureDefinition.TypeDerivationRule.CONSTRAINT, sd.getDerivation(), sd.getUrl());

		// The chain's snapshot, as the validator and the server produce it
		StructureDefinition generated = (StructureDefinition) chain.generateSnapshot(
				new ValidationSupportContext(chain), sd, sd.getUrl(), null, sd.getName());
		assertNotNull(generated, sd.getUrl());
		assertFalse(generated.getSnapshot().getElement().isEmpty(), sd.getUrl() + " has an empty snapshot");

		// The same generation with its messages, which the chain does not report
		IWorkerContext worker = new WorkerContextValidationSupportAdapter(chain);
		org.hl7.fhir.r5.model.StructureDefinition canonical =
				new VersionCanonicalizer(CTX).structureDefinitionToCanonical(sd.copy());
		org.hl7.fhir.r5.model.StructureDefinition base =
				worker.fetchResource(org.hl7.fhir.r5.model.StructureDefinition.class, canonical.getBaseDefinition());
		assertNotNull(base, "unknown base " + canonical.getBaseDefinition());
		List<ValidationMessage> messages = new ArrayList<>();
		new ProfileUtilities(worker, messages, new ProfileKnowledgeWorkerR5(CTX))
				.generateSnapshot(base, canonical, sd.getUrl(), null, sd.getName());
		List<String> errors = messages.stream()
				.filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.ERROR
						|| m.getLevel() == ValidationMessage.IssueSeverity.FATAL)
				.map(m -> m.getLocation() + ": " + m.getMessage())
				.toList();
		assertTrue(errors.isEmpty(), sd.getUrl() + " snapshot errors:\n" + String.join("\n", errors));
		assertFalse(canonical.getSnapshot().getElement().isEmpty(), sd.getUrl());
	}
}

package dev.chartcheck.profiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import ca.uhn.hapi.converters.canonical.VersionCanonicalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.ProfileKnowledgeWorkerR5;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the FHIR package built into the jar: that it is a proper NPM package the server's installer reads, that every
 * resource in it is valid FHIR R4, that every profile's snapshot generates, that the ValueSets the engine reads hold
 * the codes of the conventions and are also plain classpath resources, and that the clinical-note and
 * release-of-information profiles tell conforming resources from non-conforming ones.
 */
class ChartcheckPackageTest {

	private static final String PACKAGE = "chartcheck-profiles.tgz";
	private static final String BASE = "https://chartcheck.dev/fhir/";
	private static final String CLINICAL_NOTE = BASE + "StructureDefinition/chartcheck-clinical-note";
	private static final String ROI_CONSENT = BASE + "StructureDefinition/chartcheck-roi-consent";
	/** Where the jar also keeps the package's own JSON files (not the examples), for reading without unpacking. */
	private static final String RAW_RESOURCES = "dev/chartcheck/profiles/";
	/** The ValueSets the engine reads (by id): each must be in the package and on the classpath as plain JSON. */
	private static final List<String> ENGINE_VALUE_SETS = List.of(
			"behavioral-health-encounter",
			"substance-use-encounter",
			"psychotropic-medication",
			"primary-care-physician-role",
			"pcp-communication-note",
			"developmental-history-note",
			"release-of-information-category",
			"discharge-note",
			"confidentiality-label");
	/** The resource types the server's package installer installs from the package folder. */
	private static final List<String> INSTALLED_TYPES = List.of(
			"CodeSystem", "ValueSet", "StructureDefinition", "SearchParameter", "OperationDefinition", "Measure");

	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static final Map<String, byte[]> ENTRIES = new TreeMap<>();
	private static ValidationSupportChain chain;
	private static FhirValidator validator;

	@BeforeAll
	static void loadPackage() throws IOException {
		try (InputStream in = ChartcheckPackageTest.class.getClassLoader().getResourceAsStream(PACKAGE)) {
			assertNotNull(in, PACKAGE + " is not on the classpath");
			try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
				TarArchiveEntry entry;
				while ((entry = tar.getNextEntry()) != null) {
					if (!entry.isDirectory()) {
						ENTRIES.put(entry.getName(), tar.readAllBytes());
					}
				}
			}
		}

		NpmPackageValidationSupport npm = new NpmPackageValidationSupport(CTX);
		npm.loadPackageFromClasspath("classpath:" + PACKAGE);
		chain = new ValidationSupportChain(
				npm,
				new DefaultProfileValidationSupport(CTX),
				new CommonCodeSystemsTerminologyService(CTX),
				new InMemoryTerminologyServerValidationSupport(CTX),
				new SnapshotGeneratingValidationSupport(CTX));
		validator = CTX.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
	}

	@Test
	void isAnNpmPackage() throws IOException {
		assertTrue(ENTRIES.containsKey("package/package.json"), "package/package.json missing: " + ENTRIES.keySet());
		ENTRIES.keySet().forEach(name -> assertTrue(name.startsWith("package/"), name));

		NpmPackage pkg = NpmPackage.fromPackage(new ByteArrayInputStream(tgz()));
		assertEquals("dev.chartcheck.fhir", pkg.name());
		assertEquals("0.1.0", pkg.version());
		assertEquals("4.0.1", pkg.fhirVersion());
		assertEquals("https://chartcheck.dev/fhir", pkg.canonical());
		assertEquals("4.0.1", pkg.dependencies().stream()
				.filter(d -> d.startsWith("hl7.fhir.r4.core#")).findFirst().map(d -> d.substring(17)).orElse(null));
		assertEquals(FhirVersionEnum.R4, FhirVersionEnum.forVersionString(pkg.fhirVersion()));
		// what HAPI's JPA package installer reads: the resources of the "package" folder, by type
		assertEquals(
				Set.of("CodeSystem", "ValueSet", "StructureDefinition", "SearchParameter", "OperationDefinition", "Measure"),
				pkg.getFolders().get("package").getTypes().keySet());
	}

	@Test
	void filesAreNamedAfterTheirResourcesAndAreActive() {
		resources().forEach((name, resource) -> {
			String expected = resource.fhirType() + "-" + resource.getIdElement().getIdPart() + ".json";
			assertEquals(expected, name.substring(name.lastIndexOf('/') + 1), name);
			if (!name.startsWith("package/example/")) {
				assertEquals("active", CTX.newTerser().getSinglePrimitiveValueOrNull(resource, "status"), name);
				assertEquals("0.1.0", CTX.newTerser().getSinglePrimitiveValueOrNull(resource, "version"), name);
				assertEquals("Chartcheck", CTX.newTerser().getSinglePrimitiveValueOrNull(resource, "publisher"), name);
			}
		});
	}

	@Test
	void shipsTheCanonicalUrlsOtherModulesDependOn() {
		Set<String> urls = resources().entrySet().stream()
				.filter(e -> !e.getKey().startsWith("package/example/"))
				.map(Map.Entry::getValue)
				.map(r -> CTX.newTerser().getSinglePrimitiveValueOrNull(r, "url"))
				.filter(u -> u != null)
				.collect(Collectors.toCollection(TreeSet::new));
		String deqm = "http://hl7.org/fhir/us/davinci-deqm/";
		Stream.of(
						BASE + "CodeSystem/documentation-standard",
						BASE + "ValueSet/documentation-standard",
						BASE + "CodeSystem/documentation-element",
						BASE + "ValueSet/documentation-element",
						BASE + "CodeSystem/care-setting",
						BASE + "ValueSet/behavioral-health-encounter",
						BASE + "ValueSet/substance-use-encounter",
						BASE + "ValueSet/psychotropic-medication",
						BASE + "ValueSet/primary-care-physician-role",
						BASE + "ValueSet/pcp-communication-note",
						BASE + "ValueSet/developmental-history-note",
						BASE + "ValueSet/release-of-information-category",
						BASE + "ValueSet/discharge-note",
						BASE + "ValueSet/confidentiality-label",
						BASE + "StructureDefinition/chartcheck-clinical-note",
						BASE + "StructureDefinition/chartcheck-documented-encounter",
						BASE + "StructureDefinition/chartcheck-roi-consent",
						BASE + "StructureDefinition/chartcheck-credentialed-practitioner",
						BASE + "StructureDefinition/chartcheck-detected-issue",
						BASE + "StructureDefinition/gap-due-date",
						BASE + "StructureDefinition/responsible-practitioner",
						BASE + "StructureDefinition/responsible-organization",
						BASE + "SearchParameter/detectedissue-gap-status",
						BASE + "SearchParameter/detectedissue-status",
						BASE + "SearchParameter/detectedissue-due-date",
						BASE + "SearchParameter/detectedissue-responsible",
						BASE + "SearchParameter/detectedissue-organization",
						BASE + "OperationDefinition/audit",
						BASE + "Measure/documentation-standards-audit",
						deqm + "StructureDefinition/extension-gapStatus",
						deqm + "CodeSystem/gaps-status",
						deqm + "ValueSet/gaps-status")
				.forEach(url -> assertTrue(urls.contains(url), "missing " + url));
	}

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

	@Test
	void shipsTheValueSetsTheEngineReads() {
		for (String id : ENGINE_VALUE_SETS) {
			ValueSet vs = valueSet(id);
			assertEquals(BASE + "ValueSet/" + id, vs.getUrl());
			assertFalse(vs.getCompose().getInclude().isEmpty(), id + " includes nothing");
			for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
				assertTrue(include.hasSystem(), id + ": include without a system");
				assertTrue(include.hasConcept() || include.hasFilter(), id + ": include of a whole code system " + include.getSystem());
				include.getConcept().forEach(c -> assertTrue(c.hasDisplay(), id + ": " + c.getCode() + " has no display"));
			}
		}
	}

	@Test
	void substanceUseEncounterIsASubsetOfBehavioralHealthEncounter() {
		Set<String> behavioral = codes(valueSet("behavioral-health-encounter"));
		Set<String> substanceUse = codes(valueSet("substance-use-encounter"));
		assertFalse(substanceUse.isEmpty());
		assertTrue(behavioral.containsAll(substanceUse), "not in behavioral-health-encounter: "
				+ substanceUse.stream().filter(c -> !behavioral.contains(c)).toList());
		// and with the same displays
		Map<String, String> displays = displays(valueSet("behavioral-health-encounter"));
		displays(valueSet("substance-use-encounter")).forEach((code, display) -> assertEquals(displays.get(code), display, code));
	}

	@Test
	void psychotropicMedicationHasOneIncludePerAtcGroupAndRxNormIngredientNames() {
		ValueSet vs = valueSet("psychotropic-medication");
		List<String> atc = new ArrayList<>();
		for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
			if ("http://www.whocc.no/atc".equals(include.getSystem())) {
				// filters in one include are ANDed: one include per group
				assertEquals(1, include.getFilter().size(), "one filter per ATC include");
				assertFalse(include.hasConcept());
				ValueSet.ConceptSetFilterComponent filter = include.getFilterFirstRep();
				assertEquals("concept", filter.getProperty());
				assertEquals(ValueSet.FilterOperator.ISA, filter.getOp());
				atc.add(filter.getValue());
			} else {
				assertEquals("http://www.nlm.nih.gov/research/umls/rxnorm", include.getSystem());
				assertFalse(include.hasFilter());
				for (ValueSet.ConceptReferenceComponent c : include.getConcept()) {
					assertTrue(c.getCode().matches("\\d+"), c.getCode());
					// the engine finds these names as words in the medication's text or display
					assertTrue(c.getDisplay().matches("[a-z]+"), c.getCode() + " display " + c.getDisplay());
				}
			}
		}
		assertEquals(List.of("N05A", "N05B", "N05C", "N06A", "N06B", "N07B"), atc);
		Map<String, String> rxnorm = displays(vs);
		assertEquals(21, rxnorm.size());
		assertEquals("sertraline", rxnorm.get("http://www.nlm.nih.gov/research/umls/rxnorm|36437"));
		assertEquals("lithium", rxnorm.get("http://www.nlm.nih.gov/research/umls/rxnorm|6448"));
	}

	@Test
	void valueSetsHoldTheCodesOfTheConventions() {
		String sct = "http://snomed.info/sct|";
		String loinc = "http://loinc.org|";
		assertEquals(Set.of(sct + "446050000"), codes(valueSet("primary-care-physician-role")));
		assertEquals(Set.of(loinc + "57133-1", loinc + "11488-4"), codes(valueSet("pcp-communication-note")));
		assertEquals(Set.of(BASE + "CodeSystem/documentation-element|developmental-history"),
				codes(valueSet("developmental-history-note")));
		assertEquals(Set.of(loinc + "64292-6", loinc + "59284-0"), codes(valueSet("release-of-information-category")));
		assertEquals(Set.of(loinc + "18842-5"), codes(valueSet("discharge-note")));
		assertEquals(Set.of(
						"http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R",
						"http://terminology.hl7.org/CodeSystem/v3-Confidentiality|V",
						"http://terminology.hl7.org/CodeSystem/v3-ActCode|42CFRPart2"),
				codes(valueSet("confidentiality-label")));
	}

	@Test
	void theServersPackageInstallerReadsEveryConformanceResource() throws IOException {
		// What HAPI's JPA package installer does with the package: for each installed type, the files the NPM index
		// lists in the "package" folder, parsed with a default (lenient) parser; it skips a resource whose status is
		// not active, and the terminology service rejects a ValueSet without url or a second one with the same url.
		NpmPackage pkg = NpmPackage.fromPackage(new ByteArrayInputStream(tgz()));
		NpmPackage.NpmPackageFolder folder = pkg.getFolders().get("package");
		Set<String> installed = new TreeSet<>();
		for (String type : INSTALLED_TYPES) {
			List<String> files = folder.getTypes().get(type);
			assertNotNull(files, "no " + type + " in the package folder");
			Set<String> urls = new TreeSet<>();
			for (String file : files) {
				IBaseResource resource = CTX.newJsonParser().parseResource(new String(folder.fetchFile(file), StandardCharsets.UTF_8));
				assertEquals(type, resource.fhirType(), file);
				assertEquals("active", CTX.newTerser().getSinglePrimitiveValueOrNull(resource, "status"), file);
				String url = CTX.newTerser().getSinglePrimitiveValueOrNull(resource, "url");
				assertNotNull(url, file + " has no url");
				assertTrue(urls.add(url), "two " + type + "s with url " + url);
				installed.add(file);
			}
		}
		ENGINE_VALUE_SETS.forEach(id -> assertTrue(installed.contains("ValueSet-" + id + ".json"), id + " is not installed"));
	}

	@Test
	void packageFilesAreAlsoPlainClasspathResources() throws IOException {
		ClassLoader loader = ChartcheckPackageTest.class.getClassLoader();
		try (InputStream in = loader.getResourceAsStream(RAW_RESOURCES + "ValueSet-psychotropic-medication.json")) {
			assertNotNull(in, RAW_RESOURCES + "ValueSet-psychotropic-medication.json is not on the classpath");
			ValueSet vs = CTX.newJsonParser().parseResource(ValueSet.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
			assertEquals(BASE + "ValueSet/psychotropic-medication", vs.getUrl());
		}
		// every file of the package folder, byte for byte; the examples are not among them
		for (Map.Entry<String, byte[]> entry : ENTRIES.entrySet()) {
			String name = entry.getKey().substring("package/".length());
			try (InputStream in = loader.getResourceAsStream(RAW_RESOURCES + name)) {
				if (name.contains("/")) {
					assertNull(in, RAW_RESOURCES + name + " should not be on the classpath");
				} else {
					assertNotNull(in, RAW_RESOURCES + name + " is not on the classpath");
					assertArrayEquals(entry.getValue(), in.readAllBytes(), RAW_RESOURCES + name + " differs");
				}
			}
		}
	}

	@Test
	void roiConsentExampleConformsAndNamesThePcpAsRecipient() {
		Consent roi = (Consent) resources().get("package/example/Consent-example-roi.json");
		assertNotNull(roi);
		assertTrue(roi.getMeta().hasProfile(ROI_CONSENT));
		assertNoErrors("ROI consent", roi);
		assertEquals(Consent.ConsentProvisionType.PERMIT, roi.getProvision().getType());
		assertTrue(roi.getProvision().getActor().stream().anyMatch(a -> a.getRole().hasCoding(
				"http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP")
				&& "Practitioner/example-pcp".equals(a.getReference().getReference())));
	}

	@Test
	void roiConsentProfileRejectsARefusalAndAConsentWithoutRecipient() {
		Consent refusal = ((Consent) resources().get("package/example/Consent-example-roi.json")).copy();
		refusal.getProvision().setType(Consent.ConsentProvisionType.DENY);
		List<String> errors = errors(validator.validateWithResult(refusal));
		assertTrue(errors.stream().anyMatch(m -> m.contains("Consent.provision.type")), String.join("\n", errors));

		Consent noRecipient = ((Consent) resources().get("package/example/Consent-example-roi.json")).copy();
		noRecipient.getProvision().getActorFirstRep().getRole().getCodingFirstRep().setCode("AUT").setDisplay(null);
		errors = errors(validator.validateWithResult(noRecipient));
		assertTrue(errors.stream().anyMatch(m -> m.contains("recipient")), String.join("\n", errors));

		Consent withAnotherActor = ((Consent) resources().get("package/example/Consent-example-roi.json")).copy();
		withAnotherActor.getProvision().addActor()
				.setRole(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
						"http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "AUT", "author (originator)")))
				.setReference(new Reference("Organization/example"));
		assertNoErrors("ROI consent with another actor besides the recipient", withAnotherActor);
	}

	@Test
	void examplesShowTheConventions() {
		Map<String, IBaseResource> examples = resources();
		Communication communication = (Communication) examples.get("package/example/Communication-example-pcp-communication.json");
		assertEquals("Patient/example-patient", communication.getSubject().getReference());
		assertEquals("Practitioner/example-pcp", communication.getRecipientFirstRep().getReference());
		assertTrue(communication.hasSent() && communication.getPayloadFirstRep().hasContentStringType());

		Consent refusal = (Consent) examples.get("package/example/Consent-example-pcp-refusal.json");
		assertEquals(Consent.ConsentProvisionType.DENY, refusal.getProvision().getType());
		assertEquals("Practitioner/example-pcp", refusal.getProvision().getActorFirstRep().getReference().getReference());

		CareTeam team = (CareTeam) examples.get("package/example/CareTeam-example-care-team.json");
		assertTrue(team.getParticipant().stream().anyMatch(p -> p.getRole().stream()
				.anyMatch(r -> r.hasCoding("http://snomed.info/sct", "446050000"))));

		MedicationRequest prescription = (MedicationRequest) examples.get("package/example/MedicationRequest-example-sertraline.json");
		assertTrue(prescription.getMedicationCodeableConcept().hasCoding("http://www.nlm.nih.gov/research/umls/rxnorm", "312938"));
		assertTrue(prescription.hasAuthoredOn());

		DocumentReference note = (DocumentReference) examples.get("package/example/DocumentReference-example-behavioral-health-note.json");
		assertNotNull(note.getMeta().getSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R"));
	}

	private static ValueSet valueSet(String id) {
		IBaseResource resource = resources().get("package/ValueSet-" + id + ".json");
		assertNotNull(resource, "ValueSet " + id + " missing");
		return (ValueSet) resource;
	}

	/** system|code of every enumerated concept. */
	private static Set<String> codes(ValueSet vs) {
		return displays(vs).keySet();
	}

	/** system|code to display of every enumerated concept. */
	private static Map<String, String> displays(ValueSet vs) {
		Map<String, String> displays = new TreeMap<>();
		for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
			include.getConcept().forEach(c -> displays.put(include.getSystem() + "|" + c.getCode(), c.getDisplay()));
		}
		return displays;
	}

	@Test
	void searchParametersFindTheirValuesInTheExampleGap() {
		IBaseResource gap = resources().get("package/example/DetectedIssue-example-open-gap.json");
		assertNotNull(gap);
		Map<String, String> expectedTypes = Map.of(
				"gap-status", "CodeableConcept",
				"status", "code",
				"due-date", "date",
				"responsible", "Reference",
				"organization", "Reference");
		List<SearchParameter> params = resources().values().stream()
				.filter(SearchParameter.class::isInstance)
				.map(SearchParameter.class::cast)
				.toList();
		assertEquals(expectedTypes.keySet(), params.stream().map(SearchParameter::getCode).collect(Collectors.toSet()));
		for (SearchParameter sp : params) {
			assertEquals(List.of("DetectedIssue"), sp.getBase().stream().map(b -> b.getCode()).toList(), sp.getUrl());
			assertTrue(sp.getExpression().startsWith("DetectedIssue."), sp.getUrl());
			List<IBase> values = CTX.newFhirPath().evaluate(gap, sp.getExpression(), IBase.class);
			assertEquals(1, values.size(), sp.getUrl() + " finds " + values);
			assertEquals(expectedTypes.get(sp.getCode()), CTX.getElementDefinition(values.get(0).getClass()).getName(),
					sp.getUrl());
		}
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

	@Test
	void conformingClinicalNoteIsValid() {
		DocumentReference note = clinicalNote();
		assertNoErrors("conforming note", note);
	}

	@Test
	void clinicalNoteWithoutDateAndAuthorIsInvalid() {
		DocumentReference note = clinicalNote();
		note.setDate(null);
		note.getAuthor().clear();

		List<String> errors = errors(validator.validateWithResult(note));
		assertTrue(errors.stream().anyMatch(m -> m.contains("DocumentReference.date")), String.join("\n", errors));
		assertTrue(errors.stream().anyMatch(m -> m.contains("DocumentReference.author")), String.join("\n", errors));
	}

	private static DocumentReference clinicalNote() {
		DocumentReference note = new DocumentReference();
		note.getMeta().addProfile(CLINICAL_NOTE);
		note.setStatus(DocumentReferenceStatus.CURRENT);
		note.setType(new CodeableConcept().addCoding(
				new org.hl7.fhir.r4.model.Coding("http://loinc.org", "11506-3", "Progress note")));
		note.setSubject(new Reference("Patient/example"));
		note.setDate(new Date());
		note.addAuthor(new Reference("Practitioner/example"));
		note.setAuthenticator(new Reference("Practitioner/example"));
		note.addContent().setAttachment(new Attachment()
				.setContentType("text/plain")
				.setData("Patient seen for follow-up.".getBytes(StandardCharsets.UTF_8)));
		note.getContext().addEncounter(new Reference("Encounter/example"));
		return note;
	}

	private static void assertNoErrors(String what, IBaseResource resource) {
		ValidationResult result = validator.validateWithResult(resource);
		List<String> errors = errors(result);
		assertTrue(errors.isEmpty(), what + " has validation errors:\n" + String.join("\n", errors));
	}

	private static List<String> errors(ValidationResult result) {
		List<String> errors = new ArrayList<>();
		for (SingleValidationMessage m : result.getMessages()) {
			if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
				errors.add(m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage());
			}
		}
		return errors;
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

	/** Every JSON file of the package but package.json (conformance resources and examples), parsed, by entry name. */
	private static Map<String, IBaseResource> resources() {
		Map<String, IBaseResource> resources = new TreeMap<>();
		ENTRIES.forEach((name, bytes) -> {
			if (name.endsWith(".json") && !name.endsWith("/package.json") && !name.contains("/.")) {
				resources.put(name, CTX.newJsonParser()
						.setParserErrorHandler(new StrictErrorHandler())
						.parseResource(new String(bytes, StandardCharsets.UTF_8)));
			}
		});
		return resources;
	}

	private static byte[] tgz() throws IOException {
		try (InputStream in = ChartcheckPackageTest.class.getClassLoader().getResourceAsStream(PACKAGE)) {
			return in.readAllBytes();
		}
	}
}

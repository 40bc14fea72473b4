package dev.chartcheck.profiles;

import static dev.chartcheck.profiles.ChartcheckPackageFixture.BASE;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.CTX;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.ENGINE_VALUE_SETS;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.ENTRIES;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.PACKAGE;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.resources;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirVersionEnum;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;

/**
 * Checks the form of the FHIR package built into the jar: that it is a proper NPM package the server's installer reads,
 * that its files are named after their resources and ship the canonical URLs other modules depend on, and that they are
 * also plain classpath resources. The validity of its resources is checked by {@link ChartcheckPackageValidityTest},
 * the content of specific ValueSets, profiles and examples by {@link ChartcheckPackageContentTest}.
 */
class ChartcheckPackageTest {

	/** Where the jar also keeps the package's own JSON files (not the examples), for reading without unpacking. */
	private static final String RAW_RESOURCES = "dev/chartcheck/profiles/";
	/** The resource types the server's package installer installs from the package folder. */
	private static final List<String> INSTALLED_TYPES = List.of(
			"CodeSystem", "ValueSet", "StructureDefinition", "SearchParameter", "OperationDefinition", "Measure",
			"Questionnaire");

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
		// what HAPI's JPA package installer reads: the resources of the "package" folder, by type; every type shipped
		// there is one the server installs
		assertEquals(Set.copyOf(INSTALLED_TYPES), pkg.getFolders().get("package").getTypes().keySet());
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
						BASE + "CodeSystem/audit-stratifier",
						BASE + "CodeSystem/card-override-reason",
						BASE + "ValueSet/behavioral-health-encounter",
						BASE + "ValueSet/substance-use-encounter",
						BASE + "ValueSet/psychotropic-medication",
						BASE + "ValueSet/primary-care-physician-role",
						BASE + "ValueSet/pcp-communication-note",
						BASE + "ValueSet/developmental-history-note",
						BASE + "ValueSet/release-of-information-category",
						BASE + "ValueSet/discharge-note",
						BASE + "ValueSet/confidentiality-label",
						BASE + "ValueSet/case-management",
						BASE + "ValueSet/behavioral-health-referral",
						BASE + "ValueSet/screening-assessment-note",
						BASE + "ValueSet/preventive-visit",
						BASE + "ValueSet/preventive-screening",
						BASE + "ValueSet/preventive-services-note",
						BASE + "ValueSet/claim-records-service",
						BASE + "StructureDefinition/claim-item-records-required",
						BASE + "StructureDefinition/chartcheck-clinical-note",
						BASE + "StructureDefinition/chartcheck-documented-encounter",
						BASE + "StructureDefinition/chartcheck-roi-consent",
						BASE + "StructureDefinition/chartcheck-credentialed-practitioner",
						BASE + "StructureDefinition/chartcheck-detected-issue",
						BASE + "StructureDefinition/gap-due-date",
						BASE + "StructureDefinition/responsible-practitioner",
						BASE + "StructureDefinition/responsible-organization",
						BASE + "StructureDefinition/card-feedback",
						BASE + "StructureDefinition/audit-sample",
						BASE + "StructureDefinition/compliance-goal",
						BASE + "StructureDefinition/goal-met",
						BASE + "StructureDefinition/overall-compliance",
						BASE + "StructureDefinition/previous-compliance",
						BASE + "StructureDefinition/overdue-gaps",
						BASE + "SearchParameter/detectedissue-gap-status",
						BASE + "SearchParameter/detectedissue-status",
						BASE + "SearchParameter/detectedissue-due-date",
						BASE + "SearchParameter/detectedissue-responsible",
						BASE + "SearchParameter/detectedissue-organization",
						BASE + "OperationDefinition/audit",
						BASE + "Measure/documentation-standards-audit",
						BASE + "Questionnaire/documentation-attestation",
						deqm + "StructureDefinition/extension-gapStatus",
						deqm + "CodeSystem/gaps-status",
						deqm + "ValueSet/gaps-status")
				.forEach(url -> assertTrue(urls.contains(url), "missing " + url));
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

	private static byte[] tgz() throws IOException {
		try (InputStream in = ChartcheckPackageTest.class.getClassLoader().getResourceAsStream(PACKAGE)) {
			return in.readAllBytes();
		}
	}
}

package dev.chartcheck.profiles;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The FHIR package built into the jar, as the package tests read it: its files, read once for all of them, and a
 * validator that knows its profiles and terminology, built once (it takes seconds).
 */
final class ChartcheckPackageFixture {

	static final String PACKAGE = "chartcheck-profiles.tgz";
	static final String BASE = "https://chartcheck.dev/fhir/";
	/** The ValueSets the engine reads (by id): each must be in the package and on the classpath as plain JSON. */
	static final List<String> ENGINE_VALUE_SETS = List.of(
			"behavioral-health-encounter",
			"substance-use-encounter",
			"psychotropic-medication",
			"primary-care-physician-role",
			"pcp-communication-note",
			"developmental-history-note",
			"release-of-information-category",
			"discharge-note",
			"confidentiality-label",
			"case-management",
			"behavioral-health-referral",
			"screening-assessment-note",
			"preventive-visit",
			"preventive-screening",
			"preventive-services-note",
			"claim-records-service");

	static final FhirContext CTX = FhirContext.forR4Cached();
	/** Every file of the package, by entry name. */
	static final Map<String, byte[]> ENTRIES = Collections.unmodifiableMap(readEntries());
	/** The package, the FHIR core definitions and the terminology the validator knows offline. */
	static final ValidationSupportChain chain = supportChain();
	static final FhirValidator validator = CTX.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));

	private ChartcheckPackageFixture() {}

	private static Map<String, byte[]> readEntries() {
		Map<String, byte[]> entries = new TreeMap<>();
		try (InputStream in = ChartcheckPackageFixture.class.getClassLoader().getResourceAsStream(PACKAGE)) {
			assertNotNull(in, PACKAGE + " is not on the classpath");
			try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
				TarArchiveEntry entry;
				while ((entry = tar.getNextEntry()) != null) {
					if (!entry.isDirectory()) {
						entries.put(entry.getName(), tar.readAllBytes());
					}
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return entries;
	}

	private static ValidationSupportChain supportChain() {
		NpmPackageValidationSupport npm = new NpmPackageValidationSupport(CTX);
		try {
			npm.loadPackageFromClasspath("classpath:" + PACKAGE);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return new ValidationSupportChain(
				npm,
				new PackageCanonicalResources(),
				new DefaultProfileValidationSupport(CTX),
				new CommonCodeSystemsTerminologyService(CTX),
				new InMemoryTerminologyServerValidationSupport(CTX),
				new SnapshotGeneratingValidationSupport(CTX));
	}

	/**
	 * The package's canonical resources that {@link NpmPackageValidationSupport} leaves out (it keeps only code systems,
	 * value sets, profiles and search parameters), by url, as the server serves them once installed: the validator
	 * checks a QuestionnaireResponse against its Questionnaire and a MeasureReport against its Measure.
	 */
	private static final class PackageCanonicalResources implements IValidationSupport {

		private static final Set<String> KEPT_BY_NPM = Set.of("CodeSystem", "ValueSet", "StructureDefinition", "SearchParameter");
		private final Map<String, IBaseResource> byUrl = new TreeMap<>();

		PackageCanonicalResources() {
			resources().forEach((name, resource) -> {
				if (!name.startsWith("package/example/") && !KEPT_BY_NPM.contains(resource.fhirType())) {
					byUrl.put(CTX.newTerser().getSinglePrimitiveValueOrNull(resource, "url"), resource);
				}
			});
		}

		@Override
		public FhirContext getFhirContext() {
			return CTX;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T extends IBaseResource> T fetchResource(Class<T> theClass, String theUri) {
			IBaseResource resource = theUri == null ? null : byUrl.get(theUri.split("\\|")[0]);
			return resource != null && (theClass == null || theClass.isInstance(resource)) ? (T) resource : null;
		}
	}

	/** Every JSON file of the package but package.json (conformance resources and examples), parsed, by entry name. */
	static Map<String, IBaseResource> resources() {
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

	static void assertNoErrors(String what, IBaseResource resource) {
		ValidationResult result = validator.validateWithResult(resource);
		List<String> errors = errors(result);
		assertTrue(errors.isEmpty(), what + " has validation errors:\n" + String.join("\n", errors));
	}

	static List<String> errors(ValidationResult result) {
		List<String> errors = new ArrayList<>();
		for (SingleValidationMessage m : result.getMessages()) {
			if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
				errors.add(m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage());
			}
		}
		return errors;
	}
}

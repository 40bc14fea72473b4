package dev.chartcheck.engine;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The code sets the standards recognise. Each is read from the ValueSet of the same id that the
 * Chartcheck profiles package publishes, so what an integrator reads is what the checks apply.
 */
public final class ClinicalCodes {

	public static final String BEHAVIORAL_HEALTH_ENCOUNTER = "behavioral-health-encounter";
	public static final String SUBSTANCE_USE_ENCOUNTER = "substance-use-encounter";
	public static final String PSYCHOTROPIC_MEDICATION = "psychotropic-medication";
	public static final String PRIMARY_CARE_PHYSICIAN_ROLE = "primary-care-physician-role";
	public static final String PCP_COMMUNICATION_NOTE = "pcp-communication-note";
	public static final String DEVELOPMENTAL_HISTORY_NOTE = "developmental-history-note";
	public static final String RELEASE_OF_INFORMATION_CATEGORY = "release-of-information-category";
	public static final String DISCHARGE_NOTE = "discharge-note";
	public static final String CONFIDENTIALITY_LABEL = "confidentiality-label";
	public static final String CASE_MANAGEMENT = "case-management";
	public static final String BEHAVIORAL_HEALTH_REFERRAL = "behavioral-health-referral";
	public static final String SCREENING_ASSESSMENT_NOTE = "screening-assessment-note";
	public static final String PREVENTIVE_VISIT = "preventive-visit";
	public static final String PREVENTIVE_SCREENING = "preventive-screening";
	public static final String PREVENTIVE_SERVICES_NOTE = "preventive-services-note";
	/** The services whose claims need the medical records; an example set, which configuration may replace. */
	public static final String CLAIM_RECORDS_SERVICE = "claim-records-service";

	static final List<String> VALUE_SETS = List.of(
			BEHAVIORAL_HEALTH_ENCOUNTER,
			SUBSTANCE_USE_ENCOUNTER,
			PSYCHOTROPIC_MEDICATION,
			PRIMARY_CARE_PHYSICIAN_ROLE,
			PCP_COMMUNICATION_NOTE,
			DEVELOPMENTAL_HISTORY_NOTE,
			RELEASE_OF_INFORMATION_CATEGORY,
			DISCHARGE_NOTE,
			CONFIDENTIALITY_LABEL,
			CASE_MANAGEMENT,
			BEHAVIORAL_HEALTH_REFERRAL,
			SCREENING_ASSESSMENT_NOTE,
			PREVENTIVE_VISIT,
			PREVENTIVE_SCREENING,
			PREVENTIVE_SERVICES_NOTE,
			CLAIM_RECORDS_SERVICE);

	/** Where the profiles jar keeps the package's resources as plain JSON. */
	static final String RESOURCE_PATH = "dev/chartcheck/profiles/ValueSet-%s.json";

	private static volatile ClinicalCodes published;

	private final Map<String, CodeSet> sets;

	public ClinicalCodes(Map<String, CodeSet> sets) {
		this.sets = Map.copyOf(sets);
	}

	/** The code sets of the profiles package on the classpath (read once). */
	public static ClinicalCodes published() {
		ClinicalCodes codes = published;
		if (codes == null) {
			synchronized (ClinicalCodes.class) {
				if (published == null) {
					published = load(ClinicalCodes.class.getClassLoader());
				}
				codes = published;
			}
		}
		return codes;
	}

	static ClinicalCodes load(ClassLoader classLoader) {
		FhirContext fhir = FhirContext.forR4Cached();
		Map<String, CodeSet> sets = new LinkedHashMap<>();
		for (String id : VALUE_SETS) {
			String path = String.format(RESOURCE_PATH, id);
			try (InputStream in = classLoader.getResourceAsStream(path)) {
				if (in == null) {
					throw new IllegalStateException(path + " is not on the classpath: is the profiles jar missing?");
				}
				ValueSet valueSet = fhir.newJsonParser().parseResource(ValueSet.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
				sets.put(id, CodeSet.from(valueSet));
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return new ClinicalCodes(sets);
	}

	/** These code sets with one of them replaced (an operator's own list of services that need records, say). */
	public ClinicalCodes with(String valueSetId, CodeSet set) {
		Map<String, CodeSet> replaced = new LinkedHashMap<>(sets);
		replaced.put(valueSetId, set);
		return new ClinicalCodes(replaced);
	}

	/** What the sets hold, as text that is equal exactly when they recognise the same codes (sorted, stable). */
	public String fingerprint() {
		StringBuilder text = new StringBuilder();
		new java.util.TreeMap<>(sets).forEach((id, set) -> text.append(id).append('=').append(set.fingerprint()).append('\n'));
		return text.toString();
	}

	public CodeSet get(String valueSetId) {
		CodeSet set = sets.get(valueSetId);
		if (set == null) {
			throw new IllegalArgumentException("No code set " + valueSetId);
		}
		return set;
	}
}

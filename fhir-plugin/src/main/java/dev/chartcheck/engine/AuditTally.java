package dev.chartcheck.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Compliance counts of a population audit: per standard, and within each standard per responsible
 * practitioner and per licensure category (the practitioner's first qualification, e.g. MD or LCSW).
 * A record examined by a standard is attributed to whoever answers for it (the note's signer, the
 * encounter's clinician…). Pure: it only reads the checks it is given.
 */
public final class AuditTally {

	/** Records in scope for a standard (denominator) and those that comply (numerator). */
	public static final class Counts {
		private int denominator;
		private int numerator;

		void add(boolean compliant) {
			add(1, compliant ? 1 : 0);
		}

		void add(int records, int compliant) {
			denominator += records;
			numerator += compliant;
		}

		public int denominator() {
			return denominator;
		}

		public int numerator() {
			return numerator;
		}

		/** numerator / denominator, or empty when nothing was in scope. */
		public Optional<Double> rate() {
			return denominator == 0 ? Optional.empty() : Optional.of((double) numerator / denominator);
		}
	}

	/** Stratum for records no practitioner answers for. */
	public static final String UNATTRIBUTED = "unattributed";
	/** Licensure stratum of a practitioner with no qualification on record. */
	public static final String NO_CREDENTIALS = "no credentials";

	private final Map<String, Counts> byStandard = new LinkedHashMap<>();
	private final Map<String, Map<String, Counts>> byPractitioner = new LinkedHashMap<>();
	private final Map<String, Map<String, Counts>> byLicensure = new LinkedHashMap<>();
	private final Counts overall = new Counts();
	private int records;

	public AuditTally(List<String> standards) {
		for (String standard : standards) {
			byStandard.put(standard, new Counts());
			byPractitioner.put(standard, new TreeMap<>());
			byLicensure.put(standard, new TreeMap<>());
		}
	}

	/** Adds one patient's check. */
	public void add(RecordCheck check) {
		RecordSnapshot record = check.record();
		records++;
		for (StandardResult result : check.results()) {
			Set<String> compliant = Set.copyOf(result.compliant());
			for (String examined : result.examined()) {
				boolean ok = compliant.contains(examined);
				String practitioner = record.resolve(new Reference(examined))
						.map(r -> ResponsibleParties.practitionerFor(record, (Resource) r))
						.orElse(null);
				byStandard.computeIfAbsent(result.standard(), s -> new Counts()).add(ok);
				overall.add(ok);
				byPractitioner.computeIfAbsent(result.standard(), s -> new TreeMap<>())
						.computeIfAbsent(practitioner == null ? UNATTRIBUTED : practitioner, p -> new Counts())
						.add(ok);
				byLicensure.computeIfAbsent(result.standard(), s -> new TreeMap<>())
						.computeIfAbsent(licensure(record, practitioner), l -> new Counts())
						.add(ok);
			}
		}
	}

	private static final String TOTAL = "total";
	private static final String PRACTITIONER = "practitioner:";
	private static final String LICENSURE = "licensure:";

	/**
	 * The counts as plain data ({@code standard -> "total" | "practitioner:<id>" | "licensure:<category>" ->
	 * [denominator, numerator]}), to carry a part of an audit between the steps of a background job.
	 */
	public Map<String, Map<String, int[]>> counts() {
		Map<String, Map<String, int[]>> counts = new LinkedHashMap<>();
		for (String standard : byStandard.keySet()) {
			Map<String, int[]> of = new LinkedHashMap<>();
			of.put(TOTAL, pair(byStandard.get(standard)));
			byPractitioner.get(standard).forEach((k, v) -> of.put(PRACTITIONER + k, pair(v)));
			byLicensure.get(standard).forEach((k, v) -> of.put(LICENSURE + k, pair(v)));
			counts.put(standard, of);
		}
		return counts;
	}

	/** Adds the counts of another part of the audit (see {@link #counts()}). */
	public void addCounts(Map<String, Map<String, int[]>> counts, int records) {
		this.records += records;
		counts.forEach((standard, of) -> of.forEach((key, pair) -> {
			if (key.equals(TOTAL)) {
				byStandard.computeIfAbsent(standard, s -> new Counts()).add(pair[0], pair[1]);
				overall.add(pair[0], pair[1]);
			} else if (key.startsWith(PRACTITIONER)) {
				byPractitioner.computeIfAbsent(standard, s -> new TreeMap<>())
						.computeIfAbsent(key.substring(PRACTITIONER.length()), p -> new Counts()).add(pair[0], pair[1]);
			} else if (key.startsWith(LICENSURE)) {
				byLicensure.computeIfAbsent(standard, s -> new TreeMap<>())
						.computeIfAbsent(key.substring(LICENSURE.length()), l -> new Counts()).add(pair[0], pair[1]);
			}
		}));
	}

	private static int[] pair(Counts counts) {
		return new int[] {counts.denominator(), counts.numerator()};
	}

	/** How many patients' records were added. */
	public int records() {
		return records;
	}

	public List<String> standards() {
		return List.copyOf(byStandard.keySet());
	}

	public Counts total(String standard) {
		return byStandard.get(standard);
	}

	public Map<String, Counts> byPractitioner(String standard) {
		return byPractitioner.get(standard);
	}

	public Map<String, Counts> byLicensure(String standard) {
		return byLicensure.get(standard);
	}

	/** Every examined record of every standard together. */
	public Counts overall() {
		return overall;
	}

	private static String licensure(RecordSnapshot record, String practitionerId) {
		if (practitionerId == null) {
			return UNATTRIBUTED;
		}
		return record.resolve(new Reference(practitionerId), Practitioner.class)
				.flatMap(p -> p.getQualification().stream().findFirst())
				.map(q -> q.getCode().getCoding().stream()
						.filter(c -> c.hasCode())
						.map(c -> c.getCode())
						.findFirst()
						.orElse(q.getCode().getText()))
				.filter(code -> code != null && !code.isBlank())
				.map(code -> code.trim().toUpperCase(Locale.ROOT))
				.orElse(NO_CREDENTIALS);
	}
}

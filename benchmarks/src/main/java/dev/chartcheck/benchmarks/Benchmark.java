package dev.chartcheck.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the benchmark phases, in one run:
 * <ul>
 * <li>{@code scale}: for each data size, the population {@code $audit} throughput (patients/s) and the
 * patient-level {@code Patient/[id]/$audit} latency against {@code Patient/[id]/$everything};
 * <li>{@code write-cost}: the ingest time of the largest data set with the plugin on against the plugin off
 * (see {@link WriteCost});
 * <li>{@code clone-rebuild}: the largest data set and generated notes with planted copies, the
 * {@code cloned-documentation} gaps they raise, and the server's start on that database with the standard on (the clone
 * index rebuilt from the stored notes) against off (see {@link CloneRebuild}). Not run unless named.
 * </ul>
 *
 * <p>For each size the scale phase starts a fresh server ({@link BenchServer}: the runnable fhir-server jar, as a
 * child process, on a free port and an empty H2 database in its own directory), loads the Synthea bundles in index
 * order, measures, and stops the server, also on failure. Every loop is bounded in count and in time.
 *
 * <p>Arguments: {@code --server-jar=PATH --work=DIR --data=DIR (one per size) [--server-heap=1g]
 * [--repetitions=3] [--patients=10] [--write-cost-rounds=2] [--clone-notes=5000] [--clone-restarts=2]
 * [--phases=scale,write-cost,clone-rebuild]}.
 */
public final class Benchmark {

	static final String SCALE = "scale";
	static final String WRITE_COST = "write-cost";
	static final String CLONE_REBUILD = "clone-rebuild";
	/** Wall-clock budget for the patient-level comparison at one size. */
	private static final Duration PATIENT_PHASE_LIMIT = Duration.ofMinutes(10);

	record Result(
			int patients, int bundles, double loadSeconds, long resources,
			double[] populationSeconds, double[] keptSeconds, int comparedPatients, double medianAuditMs,
			double medianEverythingMs, double medianRatio, double minRatio, double maxRatio) {

		double patientsPerSecond() {
			return patients / median(populationSeconds);
		}

		double keptPatientsPerSecond() {
			return patients / median(keptSeconds);
		}
	}

	public static void main(String[] args) throws Exception {
		String serverJar = null;
		String heap = "1g";
		Path work = Path.of("target");
		List<Path> data = new ArrayList<>();
		int repetitions = 3;
		int patients = 10;
		int writeCostRounds = 2;
		int cloneNotes = 5000;
		int cloneRestarts = 2;
		Set<String> phases = new LinkedHashSet<>(List.of(SCALE, WRITE_COST));
		for (String arg : args) {
			String value = arg.substring(arg.indexOf('=') + 1);
			if (arg.startsWith("--server-jar=")) serverJar = value;
			else if (arg.startsWith("--server-heap=")) heap = value;
			else if (arg.startsWith("--work=")) work = Path.of(value);
			else if (arg.startsWith("--data=")) data.add(Path.of(value));
			else if (arg.startsWith("--repetitions=")) repetitions = Integer.parseInt(value);
			else if (arg.startsWith("--patients=")) patients = Integer.parseInt(value);
			else if (arg.startsWith("--write-cost-rounds=")) writeCostRounds = Integer.parseInt(value);
			else if (arg.startsWith("--clone-notes=")) cloneNotes = Integer.parseInt(value);
			else if (arg.startsWith("--clone-restarts=")) cloneRestarts = Integer.parseInt(value);
			else if (arg.startsWith("--phases=")) phases = phases(value);
			else throw new IllegalArgumentException("unknown argument " + arg);
		}
		if (serverJar == null || !Files.isRegularFile(Path.of(serverJar))) {
			throw new IllegalStateException("server jar not found: " + serverJar
					+ " (build it at the repository root: mvn -B -q -DskipTests -Dsynthea.skip=true package)");
		}
		if (data.isEmpty()) throw new IllegalArgumentException("no --data directory");
		repetitions = Math.max(1, Math.min(repetitions, 20));
		writeCostRounds = Math.max(0, Math.min(writeCostRounds, 10));
		cloneNotes = Math.max(100, Math.min(cloneNotes, 100_000));
		cloneRestarts = Math.max(1, Math.min(cloneRestarts, 10));
		log("phases: " + String.join(",", phases));

		if (phases.contains(SCALE)) {
			Benchmark benchmark = new Benchmark();
			List<Result> results = new ArrayList<>();
			for (Path dir : data) {
				log("=== scale: data " + dir);
				results.add(benchmark.runSize(Path.of(serverJar), heap, work, dir, repetitions, patients));
			}
			printTable(results, repetitions);
		}
		if (phases.contains(WRITE_COST)) {
			if (writeCostRounds == 0) {
				log("write-cost: 0 rounds, skipped");
			} else {
				Path largest = WriteCost.largest(data);
				log("=== write-cost: data " + largest + ", " + writeCostRounds + " round(s)");
				WriteCost.print(WriteCost.run(Path.of(serverJar), heap, work, largest, writeCostRounds));
			}
		}
		if (phases.contains(CLONE_REBUILD)) {
			Path largest = WriteCost.largest(data);
			log("=== clone-rebuild: data " + largest + " and " + cloneNotes + " generated notes, " + cloneRestarts
					+ " restart(s) each with the standard off and on");
			CloneRebuild.print(CloneRebuild.run(Path.of(serverJar), heap, work, largest, cloneNotes, cloneRestarts));
		}
	}

	/** The phases to run, from a comma-separated list. */
	private static Set<String> phases(String list) {
		Set<String> phases = new LinkedHashSet<>();
		for (String phase : list.split(",")) {
			String name = phase.strip();
			if (name.isEmpty()) continue;
			if (!name.equals(SCALE) && !name.equals(WRITE_COST) && !name.equals(CLONE_REBUILD)) {
				throw new IllegalArgumentException("unknown phase " + name + " (known: " + SCALE + ", " + WRITE_COST + ", "
						+ CLONE_REBUILD + ")");
			}
			phases.add(name);
		}
		if (phases.isEmpty()) throw new IllegalArgumentException("--phases names no phase");
		return phases;
	}

	private Result runSize(Path jar, String heap, Path work, Path dataDir, int repetitions, int maxPatients)
			throws Exception {
		List<Path> bundles = Bundles.index(dataDir);
		Path runDir = BenchServer.runDir(work, dataDir.getParent().getFileName().toString());
		try (BenchServer server = BenchServer.start(jar, heap, runDir, List.of())) {
			String base = server.base();
			double loadSeconds = server.load(bundles);
			List<String> patientIds = patientIds(base);
			long resources = totalResources(base);
			log(String.format(Locale.ROOT, "loaded %d bundles (%d patients, %d resources) in %.1f s",
					bundles.size(), patientIds.size(), resources, loadSeconds));

			// population audit, every record checked (full=true): one warm-up, then the timed repetitions
			String populationUrl = base + "/$audit?persist=false&full=true";
			timeGet(populationUrl);
			double[] population = new double[repetitions];
			for (int i = 0; i < repetitions; i++) {
				population[i] = timeGet(populationUrl);
				log(String.format(Locale.ROOT, "population $audit (full re-check) #%d: %.2f s", i + 1, population[i]));
			}

			// findings kept current: one persisted audit notes every record's state, then nothing changes
			log(String.format(Locale.ROOT, "persisted population $audit: %.2f s", timeGet(base + "/$audit")));
			String keptUrl = base + "/$audit?persist=false";
			timeGet(keptUrl);
			double[] kept = new double[repetitions];
			for (int i = 0; i < repetitions; i++) {
				kept[i] = timeGet(keptUrl);
				log(String.format(Locale.ROOT, "population $audit (kept current) #%d: %.2f s", i + 1, kept[i]));
			}

			// patient level: $audit against $everything, same patients, alternating order
			List<String> compared = patientIds.subList(0, Math.min(maxPatients, patientIds.size()));
			List<Double> ratios = new ArrayList<>();
			List<Double> auditMedians = new ArrayList<>();
			List<Double> everythingMedians = new ArrayList<>();
			Instant phaseEnd = Instant.now().plus(PATIENT_PHASE_LIMIT);
			for (String id : compared) {
				if (Instant.now().isAfter(phaseEnd)) {
					log("patient-level time budget spent after " + ratios.size() + " patients");
					break;
				}
				String audit = base + "/Patient/" + id + "/$audit?persist=false";
				timeGet(audit);
				timeEverything(base, id);
				double[] a = new double[repetitions];
				double[] e = new double[repetitions];
				for (int i = 0; i < repetitions; i++) {
					if (i % 2 == 0) {
						a[i] = timeGet(audit);
						e[i] = timeEverything(base, id);
					} else {
						e[i] = timeEverything(base, id);
						a[i] = timeGet(audit);
					}
				}
				double ma = median(a);
				double me = median(e);
				auditMedians.add(ma);
				everythingMedians.add(me);
				ratios.add(ma / me);
				log(String.format(Locale.ROOT, "Patient/%s: $audit %.0f ms, $everything %.0f ms, ratio %.2f",
						id, ma * 1000, me * 1000, ma / me));
			}
			double[] r = ratios.stream().mapToDouble(Double::doubleValue).toArray();
			return new Result(patientIds.size(), bundles.size(), loadSeconds, resources, population, kept, r.length,
					median(auditMedians.stream().mapToDouble(Double::doubleValue).toArray()) * 1000,
					median(everythingMedians.stream().mapToDouble(Double::doubleValue).toArray()) * 1000,
					median(r), Arrays.stream(r).min().orElse(Double.NaN), Arrays.stream(r).max().orElse(Double.NaN));
		}
	}

	private List<String> patientIds(String base) throws Exception {
		List<String> ids = new ArrayList<>();
		String url = base + "/Patient?_elements=id&_count=500";
		for (int page = 0; url != null && page < Http.MAX_PAGES; page++) {
			JsonNode bundle = Http.getJson(url);
			for (JsonNode entry : bundle.path("entry")) ids.add(entry.path("resource").path("id").asText());
			url = Http.next(bundle);
		}
		return ids;
	}

	private long totalResources(String base) throws Exception {
		// an approximate size figure: the resource types Synthea writes most of
		long total = 0;
		for (String type : List.of("Patient", "Encounter", "Observation", "Condition", "Procedure",
				"MedicationRequest", "Claim", "ExplanationOfBenefit", "DiagnosticReport", "DocumentReference",
				"Immunization", "CarePlan", "CareTeam", "Practitioner", "Organization", "Location")) {
			total += Http.count(base + "/" + type + "?_summary=count");
		}
		return total;
	}

	/** Seconds for one GET, the body read in full. */
	private double timeGet(String url) throws Exception {
		long start = System.nanoTime();
		Http.check(Http.send(Http.get(url)), url);
		return (System.nanoTime() - start) / 1e9;
	}

	/** Seconds for {@code $everything}, following every {@code next} link. */
	private double timeEverything(String base, String id) throws Exception {
		long start = System.nanoTime();
		String url = base + "/Patient/" + id + "/$everything";
		for (int page = 0; url != null; page++) {
			if (page >= Http.MAX_PAGES) throw new IllegalStateException("more than " + Http.MAX_PAGES + " pages at " + url);
			url = Http.next(Http.getJson(url));
		}
		return (System.nanoTime() - start) / 1e9;
	}

	static double median(double[] values) {
		if (values.length == 0) return Double.NaN;
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int mid = sorted.length / 2;
		return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	}

	static void log(String message) {
		System.out.println("[bench] " + message);
		System.out.flush();
	}

	private static void printTable(List<Result> results, int repetitions) {
		System.out.println();
		System.out.printf(Locale.ROOT, "Population $audit?persist=false, every record checked (full=true) and from findings "
				+ "kept current after one persisted $audit, nothing changed since (median of %d after 1 warm-up)%n", repetitions);
		System.out.println("| patients | resources | load (s) | full re-check (s) | patients/s | kept current (s) | patients/s "
				+ "| kept / full |");
		System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (Result r : results) {
			System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.1f× |%n",
					r.patients(), r.resources(), r.loadSeconds(), median(r.populationSeconds()), r.patientsPerSecond(),
					median(r.keptSeconds()), r.keptPatientsPerSecond(), r.keptPatientsPerSecond() / r.patientsPerSecond());
		}
		System.out.println();
		System.out.printf(Locale.ROOT,
				"Patient/[id]/$audit?persist=false against Patient/[id]/$everything (all pages), "
						+ "per patient the median of %d after 1 warm-up%n", repetitions);
		System.out.println("| data size | patients compared | median $audit (ms) | median $everything (ms) "
				+ "| median ratio $audit/$everything | min ratio | max ratio |");
		System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (Result r : results) {
			System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.2f | %.2f | %.2f |%n",
					r.patients(), r.comparedPatients(), r.medianAuditMs(), r.medianEverythingMs(),
					r.medianRatio(), r.minRatio(), r.maxRatio());
		}
		if (results.size() >= 2) {
			Result small = results.get(0);
			Result large = results.get(results.size() - 1);
			System.out.printf(Locale.ROOT, "%nthroughput large/small: %.2f (target: >= about 1)%n",
					large.patientsPerSecond() / small.patientsPerSecond());
		}
	}
}

package dev.chartcheck.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The write-cost phase: what the plugin's write-time checks add to a Synthea ingest.
 *
 * <p>Each round loads the same data set into two fresh servers, one after the other (never both at once), each on
 * an empty H2 database of its own: one with the plugin off ({@code --chartcheck.enabled=false}: its
 * auto-configuration does nothing), one with the plugin on (the default). The first round goes off, on; the next
 * on, off; and so on, to spread drift over both. Start-up is not timed: the plugin-on server is loaded only once
 * its start-up (the package install) is done: the server reports itself ready only then.
 *
 * <p>Each load is timed in total and, separately, for the patient bundles alone (the write checks run on their
 * Encounters and DocumentReferences; the shared organization and practitioner bundles hold nothing they check).
 * After each load it counts the Patients and the DetectedIssues: with the plugin on there must be some (the write
 * checks stored them, so they ran), with it off none, and both servers must hold the same number of Patients;
 * otherwise the phase fails. The result is the ratio on/off of the medians over the rounds.
 */
final class WriteCost {

	/** The target: ingest with the plugin on takes at most this many times as long as with it off. */
	static final double TARGET = 1.10;
	private static final String FAILURES_METRIC = "/actuator/metrics/chartcheck.write.check.failures";

	/** One timed load into one fresh server. {@code checkFailures} is -1 where the metric is not served. */
	record Load(boolean pluginOn, double totalSeconds, double patientSeconds, long patients, long detectedIssues,
			long checkFailures) {}

	/** One round: which went first, and both loads. */
	record Round(int number, boolean offFirst, Load off, Load on) {

		double totalRatio() {
			return on.totalSeconds() / off.totalSeconds();
		}

		double patientRatio() {
			return on.patientSeconds() / off.patientSeconds();
		}
	}

	record Result(Path dataDir, int bundles, int patientBundles, List<Round> rounds) {}

	private WriteCost() {}

	/** The data set with the most patient bundles (the last of equals). */
	static Path largest(List<Path> dataDirs) throws Exception {
		Path largest = null;
		long most = -1;
		for (Path dir : dataDirs) {
			long patients = Bundles.index(dir).stream().filter(Bundles::isPatientBundle).count();
			if (patients >= most) {
				most = patients;
				largest = dir;
			}
		}
		return largest;
	}

	static Result run(Path jar, String heap, Path work, Path dataDir, int rounds) throws Exception {
		List<Path> bundles = Bundles.index(dataDir);
		List<Path> shared = bundles.stream().filter(b -> !Bundles.isPatientBundle(b)).toList();
		List<Path> patients = bundles.stream().filter(Bundles::isPatientBundle).toList();
		if (patients.isEmpty()) throw new IllegalStateException("no patient bundles in " + dataDir);
		String size = dataDir.getParent().getFileName().toString();
		List<Round> results = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			boolean offFirst = round % 2 == 1;
			Load first = load(jar, heap, work, size, round, !offFirst, shared, patients);
			Load second = load(jar, heap, work, size, round, offFirst, shared, patients);
			Round result = new Round(round, offFirst, offFirst ? first : second, offFirst ? second : first);
			if (result.on().patients() != result.off().patients()) {
				throw new IllegalStateException(String.format(Locale.ROOT,
						"round %d: %d Patients with the plugin on, %d with it off: the two loads differ",
						round, result.on().patients(), result.off().patients()));
			}
			log(String.format(Locale.ROOT, "round %d: ratio on/off %.3f total, %.3f patient bundles",
					round, result.totalRatio(), result.patientRatio()));
			results.add(result);
		}
		return new Result(dataDir, bundles.size(), patients.size(), results);
	}

	private static Load load(Path jar, String heap, Path work, String size, int round, boolean pluginOn,
			List<Path> shared, List<Path> patients) throws Exception {
		String mode = pluginOn ? "on" : "off";
		List<String> args = pluginOn ? List.of() : List.of("--chartcheck.enabled=false");
		log("round " + round + ": plugin " + mode);
		try (BenchServer server = BenchServer.start(jar, heap, BenchServer.runDir(work, "write-cost-" + size
				+ "-r" + round + "-" + mode), args)) {
			double sharedSeconds = server.load(shared);
			double patientSeconds = server.load(patients);
			double total = sharedSeconds + patientSeconds;
			long patientCount = Http.count(server.base() + "/Patient?_summary=count");
			long issues = Http.count(server.base() + "/DetectedIssue?_summary=count");
			long failures = checkFailures(server);
			log(String.format(Locale.ROOT,
					"plugin %s: loaded %d bundles in %.1f s (patient bundles %.1f s); %d Patients, %d DetectedIssues%s",
					mode, shared.size() + patients.size(), total, patientSeconds, patientCount, issues,
					failures < 0 ? "" : ", " + failures + " write-check failures"));
			if (pluginOn && issues == 0) {
				throw new IllegalStateException("plugin on, yet no DetectedIssue stored after the load: the write-time "
						+ "checks did not run through"
						+ (failures > 0 ? " (" + failures + " of them failed, see " + server.log() + ")" : "")
						+ ", so this load does not measure them");
			}
			if (!pluginOn && issues != 0) {
				throw new IllegalStateException("plugin off, yet " + issues + " DetectedIssues stored after the load: "
						+ "--chartcheck.enabled=false did not switch it off");
			}
			if (failures > 0) {
				log("WARNING: " + failures + " write-time checks failed during the load (see server.log); "
						+ "their cost is not fully measured");
			}
			return new Load(pluginOn, total, patientSeconds, patientCount, issues, failures);
		}
	}

	/** The write-check failure counter from the actuator, or -1 where it is not served (plugin off). */
	private static long checkFailures(BenchServer server) throws Exception {
		HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(server.root() + FAILURES_METRIC))
				.header("Accept", "application/json").GET());
		if (response.statusCode() != 200) return -1;
		for (JsonNode measurement : Http.JSON.readTree(response.body()).path("measurements")) {
			if ("COUNT".equals(measurement.path("statistic").asText())) return measurement.path("value").asLong();
		}
		return -1;
	}

	static void print(Result result) {
		List<Round> rounds = result.rounds();
		double offTotal = median(rounds.stream().mapToDouble(r -> r.off().totalSeconds()).toArray());
		double onTotal = median(rounds.stream().mapToDouble(r -> r.on().totalSeconds()).toArray());
		double offPatients = median(rounds.stream().mapToDouble(r -> r.off().patientSeconds()).toArray());
		double onPatients = median(rounds.stream().mapToDouble(r -> r.on().patientSeconds()).toArray());
		System.out.println();
		System.out.printf(Locale.ROOT, "Write cost: %s (%d bundles, %d of them patient bundles) loaded into a fresh "
				+ "server with the plugin off and with it on, %d round(s)%n",
				result.dataDir(), result.bundles(), result.patientBundles(), rounds.size());
		System.out.println("| round | order | off: total (s) | off: patient bundles (s) | on: total (s) "
				+ "| on: patient bundles (s) | ratio on/off, total | ratio on/off, patient bundles "
				+ "| DetectedIssues (on) | write-check failures (on) |");
		System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (Round r : rounds) {
			System.out.printf(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.1f | %.1f | %.3f | %.3f | %d | %s |%n",
					r.number(), r.offFirst() ? "off, on" : "on, off",
					r.off().totalSeconds(), r.off().patientSeconds(), r.on().totalSeconds(), r.on().patientSeconds(),
					r.totalRatio(), r.patientRatio(), r.on().detectedIssues(),
					r.on().checkFailures() < 0 ? "n/a" : Long.toString(r.on().checkFailures()));
		}
		System.out.printf(Locale.ROOT, "%nmedians: off %.1f s, on %.1f s total -> ratio on/off %.3f (target: <= %.2f)%n",
				offTotal, onTotal, onTotal / offTotal, TARGET);
		System.out.printf(Locale.ROOT, "patient bundles alone: off %.1f s, on %.1f s -> ratio on/off %.3f%n",
				offPatients, onPatients, onPatients / offPatients);
	}

	private static double median(double[] values) {
		return Benchmark.median(values);
	}

	private static void log(String message) {
		Benchmark.log("write-cost: " + message);
	}
}

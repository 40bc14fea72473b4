package dev.chartcheck.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The soak: the server jar on PostgreSQL under a steady load for a long time (30 minutes by default), watched
 * for leaks and drift. Run it with {@code scripts/soak.sh} (see there and docs/RELIABILITY.md).
 *
 * <p>It starts the jar ({@link BenchServer}, profile {@code postgres}, the database the {@code CHARTCHECK_DB_*}
 * variables name: give it an empty one), loads Synthea's shared organization and practitioner bundles, then
 * loops until the time is up: POST the next Synthea patient bundle (a new copy of that patient each time round,
 * so the database grows as a real one does), {@code Patient/[new]/$audit?persist=true} on it, and
 * {@code Patient/[earlier]/$audit?persist=false} on a patient loaded before, drawn at random; every 10th round
 * also a sampled population audit, {@code $audit?sampleSize=10&persist=false}. Each request is timed.
 *
 * <p>Meanwhile a {@link SoakSampler} reads, every {@code --sample-seconds}: the heap after a full GC (jcmd
 * GC.run on the server's pid, then {@code jvm.memory.used}), live threads, HikariCP's active, idle and pending
 * connections, and the server's sessions in {@code pg_stat_activity}. At the end it writes
 * {@code soak-samples.csv}, {@code soak-requests.csv} and {@code soak-report.md} (a table per window of
 * {@code --window-minutes}: p50/p95 per request kind, heap after GC, connections; then end against start).
 *
 * <p>Arguments: {@code --server-jar=PATH --data=DIR --work=DIR [--server-heap=1g] [--minutes=30]
 * [--window-minutes=5] [--sample-seconds=60] [--seed=42]}.
 */
public final class Soak {

	static final String WRITE = "write";
	static final String AUDIT_NEW = "audit-new";
	static final String AUDIT_EARLIER = "audit-earlier";
	static final String AUDIT_SAMPLE = "audit-sample";
	private static final int SAMPLE_EVERY = 10;
	private static final int MAX_CONSECUTIVE_FAILURES = 20;

	private Soak() {}

	public static void main(String[] args) throws Exception {
		Path jar = null;
		Path data = null;
		Path work = Path.of("target");
		String heap = "1g";
		double minutes = 30;
		double windowMinutes = 5;
		int sampleSeconds = 60;
		long seed = 42;
		for (String arg : args) {
			String value = arg.substring(arg.indexOf('=') + 1);
			if (arg.startsWith("--server-jar=")) jar = Path.of(value);
			else if (arg.startsWith("--data=")) data = Path.of(value);
			else if (arg.startsWith("--work=")) work = Path.of(value);
			else if (arg.startsWith("--server-heap=")) heap = value;
			else if (arg.startsWith("--minutes=")) minutes = Double.parseDouble(value);
			else if (arg.startsWith("--window-minutes=")) windowMinutes = Double.parseDouble(value);
			else if (arg.startsWith("--sample-seconds=")) sampleSeconds = Integer.parseInt(value);
			else if (arg.startsWith("--seed=")) seed = Long.parseLong(value);
			else throw new IllegalArgumentException("unknown argument " + arg);
		}
		if (jar == null || !Files.isRegularFile(jar)) throw new IllegalStateException("server jar not found: " + jar);
		if (data == null) throw new IllegalArgumentException("no --data directory");
		if (System.getenv("CHARTCHECK_DB_HOST") == null) {
			throw new IllegalStateException("CHARTCHECK_DB_HOST (and _PORT, _NAME, _USER, _PASSWORD) must name the PostgreSQL database");
		}
		List<Path> bundles = Bundles.index(data);
		List<Path> shared = bundles.stream().filter(b -> !Bundles.isPatientBundle(b)).toList();
		List<Path> patients = bundles.stream().filter(Bundles::isPatientBundle).toList();
		if (patients.isEmpty()) throw new IllegalStateException("no patient bundles in " + data);

		Path runDir = BenchServer.runDir(work, "soak");
		log(String.format(Locale.ROOT, "%.0f minutes, windows of %.0f minutes, a sample every %d s; output in %s",
				minutes, windowMinutes, sampleSeconds, runDir));
		SoakStats stats = new SoakStats(Duration.ofMillis((long) (windowMinutes * 60_000)));
		try (BenchServer server = BenchServer.start(jar, heap, runDir, List.of("--spring.profiles.active=postgres"))) {
			log(String.format(Locale.ROOT, "shared bundles loaded in %.1f s", server.load(shared)));
			SoakSampler sampler = new SoakSampler(server, stats);
			ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor();
			stats.start();
			sampling.scheduleWithFixedDelay(sampler::sampleQuietly, 0, sampleSeconds, TimeUnit.SECONDS);
			try {
				run(server, patients, stats, Duration.ofMillis((long) (minutes * 60_000)), new Random(seed));
			} finally {
				sampling.shutdown();
				sampling.awaitTermination(2, TimeUnit.MINUTES);
			}
			sampler.sampleQuietly();
			stats.patientsAtEnd(Http.count(server.base() + "/Patient?_summary=count"),
					Http.count(server.base() + "/DetectedIssue?_summary=count"));
		}
		stats.write(runDir);
		System.out.println();
		System.out.println(Files.readString(runDir.resolve("soak-report.md")));
	}

	private static void run(BenchServer server, List<Path> patients, SoakStats stats, Duration length, Random random)
			throws Exception {
		long end = System.nanoTime() + length.toNanos();
		List<String> loaded = new ArrayList<>();
		int failures = 0;
		for (int round = 0; System.nanoTime() < end; round++) {
			int index = round % patients.size();
			Path bundle = patients.get(index);
			try {
				long start = System.nanoTime();
				HttpResponse<String> written = Http.check(Http.send(HttpRequest.newBuilder(URI.create(server.base()))
						.header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
						.POST(HttpRequest.BodyPublishers.ofFile(bundle))), WRITE);
				JsonNode response = Http.JSON.readTree(written.body());
				stats.request(WRITE, (System.nanoTime() - start) / 1e6, index, response.path("entry").size());
				String patient = patientOf(response);
				start = System.nanoTime();
				Http.check(Http.send(Http.get(server.base() + "/Patient/" + patient + "/$audit?persist=true")), AUDIT_NEW);
				stats.request(AUDIT_NEW, (System.nanoTime() - start) / 1e6, index, 0);
				if (!loaded.isEmpty()) {
					String earlier = loaded.get(random.nextInt(loaded.size()));
					timed(stats, AUDIT_EARLIER, Http.get(server.base() + "/Patient/" + earlier + "/$audit?persist=false"));
				}
				loaded.add(patient);
				if (round % SAMPLE_EVERY == SAMPLE_EVERY - 1) {
					timed(stats, AUDIT_SAMPLE, Http.get(server.base() + "/$audit?sampleSize=10&persist=false&seed=" + round));
				}
				failures = 0;
			} catch (Exception e) {
				stats.failed();
				log("round " + round + " failed: " + e.getMessage());
				if (++failures >= MAX_CONSECUTIVE_FAILURES) {
					throw new IllegalStateException(failures + " rounds in a row failed; see " + server.log(), e);
				}
			}
			if (round % 50 == 49) {
				log(String.format(Locale.ROOT, "%d rounds, %d patients loaded, %.1f min", round + 1, loaded.size(),
						stats.elapsedSeconds() / 60));
			}
		}
	}

	/** Sends, times and checks one request; the time goes into its kind's window. */
	private static HttpResponse<String> timed(SoakStats stats, String kind, HttpRequest.Builder request) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = Http.send(request);
		stats.request(kind, (System.nanoTime() - start) / 1e6, -1, 0);
		return Http.check(response, kind);
	}

	/** The id of the Patient a transaction response created. */
	private static String patientOf(JsonNode response) {
		for (JsonNode entry : response.path("entry")) {
			String location = entry.path("response").path("location").asText("");
			if (location.startsWith("Patient/")) return location.split("/")[1];
		}
		throw new IllegalStateException("the transaction response names no Patient");
	}

	static void log(String message) {
		Benchmark.log("soak: " + message);
	}
}

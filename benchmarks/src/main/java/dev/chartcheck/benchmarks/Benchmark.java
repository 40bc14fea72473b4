package dev.chartcheck.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Measures, in one run, for each data size: the population {@code $audit} throughput (patients/s) and the
 * patient-level {@code Patient/[id]/$audit} latency against {@code Patient/[id]/$everything}.
 *
 * <p>For each size it starts a fresh server (the runnable fhir-server jar, as a child process, on a free port and
 * an empty H2 database in its own directory), loads the Synthea bundles in index order, measures, and stops the
 * server, also on failure. Every loop is bounded in count and in time.
 *
 * <p>Arguments: {@code --server-jar=PATH --work=DIR --data=DIR (one per size) [--server-heap=1g]
 * [--repetitions=3] [--patients=10]}.
 */
public final class Benchmark {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final Duration STARTUP_LIMIT = Duration.ofMinutes(5);
	private static final Duration REQUEST_LIMIT = Duration.ofMinutes(10);
	/** Wall-clock budget for the patient-level comparison at one size. */
	private static final Duration PATIENT_PHASE_LIMIT = Duration.ofMinutes(10);
	private static final int MAX_PAGES = 1000;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	record Result(
			int patients, int bundles, double loadSeconds, long resources,
			double[] populationSeconds, int comparedPatients, double medianAuditMs, double medianEverythingMs,
			double medianRatio, double minRatio, double maxRatio) {

		double patientsPerSecond() {
			return patients / median(populationSeconds);
		}
	}

	public static void main(String[] args) throws Exception {
		String serverJar = null;
		String heap = "1g";
		Path work = Path.of("target");
		List<Path> data = new ArrayList<>();
		int repetitions = 3;
		int patients = 10;
		for (String arg : args) {
			String value = arg.substring(arg.indexOf('=') + 1);
			if (arg.startsWith("--server-jar=")) serverJar = value;
			else if (arg.startsWith("--server-heap=")) heap = value;
			else if (arg.startsWith("--work=")) work = Path.of(value);
			else if (arg.startsWith("--data=")) data.add(Path.of(value));
			else if (arg.startsWith("--repetitions=")) repetitions = Integer.parseInt(value);
			else if (arg.startsWith("--patients=")) patients = Integer.parseInt(value);
			else throw new IllegalArgumentException("unknown argument " + arg);
		}
		if (serverJar == null || !Files.isRegularFile(Path.of(serverJar))) {
			throw new IllegalStateException("server jar not found: " + serverJar
					+ " (build it at the repository root: mvn -B -q -DskipTests -Dsynthea.skip=true package)");
		}
		if (data.isEmpty()) throw new IllegalArgumentException("no --data directory");
		repetitions = Math.max(1, Math.min(repetitions, 20));

		Benchmark benchmark = new Benchmark();
		List<Result> results = new ArrayList<>();
		for (Path dir : data) {
			log("=== data " + dir);
			results.add(benchmark.runSize(Path.of(serverJar), heap, work, dir, repetitions, patients));
		}
		printTable(results, repetitions);
	}

	private Result runSize(Path jar, String heap, Path work, Path dataDir, int repetitions, int maxPatients)
			throws Exception {
		List<Path> bundles = index(dataDir);
		Path runDir = Files.createDirectories(work.resolve("bench-run"))
				.resolve(dataDir.getParent().getFileName() + "-" + System.currentTimeMillis());
		Files.createDirectories(runDir);
		int port = freePort();
		String base = "http://127.0.0.1:" + port + "/fhir";
		Path serverLog = runDir.resolve("server.log");
		log("starting server on port " + port + " (log: " + serverLog + ")");
		Process server = new ProcessBuilder(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx" + heap,
				"-jar", jar.toAbsolutePath().toString(),
				"--server.port=" + port,
				"--spring.datasource.url=jdbc:h2:file:" + runDir.toAbsolutePath().resolve("db")
						+ ";DB_CLOSE_ON_EXIT=FALSE")
				.directory(runDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(serverLog.toFile())
				.start();
		Thread hook = new Thread(server::destroyForcibly);
		Runtime.getRuntime().addShutdownHook(hook);
		try {
			waitForMetadata(base, server);

			// load, in index order
			Instant loadStart = Instant.now();
			for (Path bundle : bundles) {
				HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base))
						.header("Content-Type", "application/fhir+json")
						.POST(HttpRequest.BodyPublishers.ofFile(bundle)));
				check(response, "POST " + bundle.getFileName());
			}
			double loadSeconds = seconds(loadStart, Instant.now());
			List<String> patientIds = patientIds(base);
			long resources = totalResources(base);
			log(String.format(Locale.ROOT, "loaded %d bundles (%d patients, %d resources) in %.1f s",
					bundles.size(), patientIds.size(), resources, loadSeconds));

			// population audit: one warm-up, then the timed repetitions
			String populationUrl = base + "/$audit?persist=false";
			timeGet(populationUrl);
			double[] population = new double[repetitions];
			for (int i = 0; i < repetitions; i++) {
				population[i] = timeGet(populationUrl);
				log(String.format(Locale.ROOT, "population $audit #%d: %.2f s", i + 1, population[i]));
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
			return new Result(patientIds.size(), bundles.size(), loadSeconds, resources, population, r.length,
					median(auditMedians.stream().mapToDouble(Double::doubleValue).toArray()) * 1000,
					median(everythingMedians.stream().mapToDouble(Double::doubleValue).toArray()) * 1000,
					median(r), Arrays.stream(r).min().orElse(Double.NaN), Arrays.stream(r).max().orElse(Double.NaN));
		} finally {
			stop(server);
			Runtime.getRuntime().removeShutdownHook(hook);
		}
	}

	/** The bundles listed in index.txt, in its order. */
	private static List<Path> index(Path dataDir) throws IOException {
		Path index = dataDir.resolve("index.txt");
		if (!Files.isRegularFile(index)) {
			throw new IllegalStateException("no " + index + ": run `mvn -f benchmarks/pom.xml compile` first");
		}
		List<Path> bundles = new ArrayList<>();
		for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
			String name = line.strip();
			if (!name.isEmpty() && !name.startsWith("#")) bundles.add(dataDir.resolve(name));
		}
		return bundles;
	}

	private void waitForMetadata(String base, Process server) throws Exception {
		Instant deadline = Instant.now().plus(STARTUP_LIMIT);
		Instant start = Instant.now();
		while (Instant.now().isBefore(deadline)) {
			if (!server.isAlive()) throw new IllegalStateException("server exited with " + server.exitValue());
			try {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(URI.create(base + "/metadata")).timeout(Duration.ofSeconds(30)).GET().build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					log(String.format(Locale.ROOT, "server up after %.0f s", seconds(start, Instant.now())));
					return;
				}
			} catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(2000);
		}
		throw new IllegalStateException("no /metadata within " + STARTUP_LIMIT);
	}

	private List<String> patientIds(String base) throws Exception {
		List<String> ids = new ArrayList<>();
		String url = base + "/Patient?_elements=id&_count=500";
		for (int page = 0; url != null && page < MAX_PAGES; page++) {
			JsonNode bundle = JSON.readTree(check(send(get(url)), url).body());
			for (JsonNode entry : bundle.path("entry")) ids.add(entry.path("resource").path("id").asText());
			url = next(bundle);
		}
		return ids;
	}

	private long totalResources(String base) throws Exception {
		// an approximate size figure: the resource types Synthea writes most of
		long total = 0;
		for (String type : List.of("Patient", "Encounter", "Observation", "Condition", "Procedure",
				"MedicationRequest", "Claim", "ExplanationOfBenefit", "DiagnosticReport", "DocumentReference",
				"Immunization", "CarePlan", "CareTeam", "Practitioner", "Organization", "Location")) {
			String url = base + "/" + type + "?_summary=count";
			total += JSON.readTree(check(send(get(url)), url).body()).path("total").asLong();
		}
		return total;
	}

	/** Seconds for one GET, the body read in full. */
	private double timeGet(String url) throws Exception {
		long start = System.nanoTime();
		check(send(get(url)), url);
		return (System.nanoTime() - start) / 1e9;
	}

	/** Seconds for {@code $everything}, following every {@code next} link. */
	private double timeEverything(String base, String id) throws Exception {
		long start = System.nanoTime();
		String url = base + "/Patient/" + id + "/$everything";
		for (int page = 0; url != null; page++) {
			if (page >= MAX_PAGES) throw new IllegalStateException("more than " + MAX_PAGES + " pages at " + url);
			url = next(JSON.readTree(check(send(get(url)), url).body()));
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private static String next(JsonNode bundle) {
		for (JsonNode link : bundle.path("link")) {
			if ("next".equals(link.path("relation").asText())) return link.path("url").asText();
		}
		return null;
	}

	private static HttpRequest.Builder get(String url) {
		return HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json").GET();
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.timeout(REQUEST_LIMIT).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> check(HttpResponse<String> response, String what) {
		if (response.statusCode() / 100 != 2) {
			String body = response.body();
			throw new IllegalStateException(what + " -> HTTP " + response.statusCode() + ": "
					+ body.substring(0, Math.min(500, body.length())));
		}
		return response;
	}

	private static void stop(Process server) throws InterruptedException {
		server.destroy();
		if (!server.waitFor(30, TimeUnit.SECONDS)) {
			server.destroyForcibly();
			server.waitFor(10, TimeUnit.SECONDS);
		}
		log("server stopped");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static double median(double[] values) {
		if (values.length == 0) return Double.NaN;
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int mid = sorted.length / 2;
		return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	}

	private static double seconds(Instant from, Instant to) {
		return Duration.between(from, to).toMillis() / 1000.0;
	}

	private static void log(String message) {
		System.out.println("[bench] " + message);
		System.out.flush();
	}

	private static void printTable(List<Result> results, int repetitions) {
		System.out.println();
		System.out.printf(Locale.ROOT, "Population $audit?persist=false (median of %d after 1 warm-up)%n", repetitions);
		System.out.println("| patients | resources | load (s) | population $audit (s) | patients/s |");
		System.out.println("| ---: | ---: | ---: | ---: | ---: |");
		for (Result r : results) {
			System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.2f | %.2f |%n",
					r.patients(), r.resources(), r.loadSeconds(), median(r.populationSeconds()), r.patientsPerSecond());
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

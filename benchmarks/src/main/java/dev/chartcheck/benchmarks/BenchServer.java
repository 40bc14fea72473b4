package dev.chartcheck.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The server under test: the runnable fhir-server jar as a child process, on a free port and an empty H2
 * database in its own directory (with its log, {@code server.log}, beside it), or, when {@code extraArgs} turn on
 * the {@code postgres} profile, the PostgreSQL database that the {@code CHARTCHECK_DB_*} variables name. {@link #start} returns once
 * it is ready; {@link #close} stops it, and a shutdown hook does if the harness dies first.
 */
final class BenchServer implements AutoCloseable {

	/** Generous: on a small machine shared with other builds, start-up alone has taken over five minutes. */
	private static final Duration STARTUP_LIMIT = Duration.ofMinutes(15);
	private static final Duration POLL = Duration.ofSeconds(2);

	private final Process process;
	private final Thread hook;
	private final String root;
	private final Path log;
	private double readySeconds;

	private BenchServer(Process process, Thread hook, int port, Path log) {
		this.process = process;
		this.hook = hook;
		this.root = "http://127.0.0.1:" + port;
		this.log = log;
	}

	/** A new directory for one server: {@code <work>/bench-run/<name>-<time>}. */
	static Path runDir(Path work, String name) throws IOException {
		Path runDir = Files.createDirectories(work.resolve("bench-run")).resolve(name + "-" + System.currentTimeMillis());
		return Files.createDirectories(runDir);
	}

	/**
	 * Starts the jar with {@code -Xmx<heap>}, a free port, an H2 database under {@code runDir} and then
	 * {@code extraArgs} (Spring properties such as {@code --chartcheck.enabled=false}), and waits until it is
	 * ready ({@code /actuator/health/readiness}, asked every 2 s). The server is stopped again if it does not come
	 * up.
	 */
	static BenchServer start(Path jar, String heap, Path runDir, List<String> extraArgs) throws Exception {
		return start(jar, heap, runDir, extraArgs, POLL);
	}

	/** As {@link #start(Path, String, Path, List)}, asking for readiness every {@code poll}. */
	static BenchServer start(Path jar, String heap, Path runDir, List<String> extraArgs, Duration poll) throws Exception {
		int port = freePort();
		Path serverLog = runDir.resolve("server.log");
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx" + heap,
				"-jar", jar.toAbsolutePath().toString(),
				"--server.port=" + port));
		boolean postgres = extraArgs.stream().anyMatch(a -> a.startsWith("--spring.profiles.active=") && a.contains("postgres"));
		if (!postgres) {
			command.add("--spring.datasource.url=jdbc:h2:file:" + runDir.toAbsolutePath().resolve("db")
					+ ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
		}
		command.addAll(extraArgs);
		Benchmark.log("starting server on port " + port
				+ (extraArgs.isEmpty() ? "" : " with " + String.join(" ", extraArgs)) + " (log: " + serverLog + ")");
		long launched = System.nanoTime();
		Process process = new ProcessBuilder(command)
				.directory(runDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(serverLog.toFile())
				.start();
		Thread hook = new Thread(process::destroyForcibly);
		Runtime.getRuntime().addShutdownHook(hook);
		BenchServer server = new BenchServer(process, hook, port, serverLog);
		try {
			// ready: start-up done, the plugin's package install included (the FHIR endpoint answers before)
			server.awaitOk(server.root() + "/actuator/health/readiness", poll);
			server.readySeconds = (System.nanoTime() - launched) / 1e9;
			Benchmark.log(String.format(Locale.ROOT, "server ready after %.1f s", server.readySeconds));
			return server;
		} catch (Exception | Error e) {
			server.close();
			throw e;
		}
	}

	/** Seconds from launching the process to the first 200 from {@code /actuator/health/readiness}. */
	double readySeconds() {
		return readySeconds;
	}

	/** {@code http://127.0.0.1:<port>}, for what the server serves outside FHIR (actuator). */
	String root() {
		return root;
	}

	/** The server process's id (for jcmd). */
	long pid() {
		return process.pid();
	}

	/** The server's log file. */
	Path log() {
		return log;
	}

	/** The FHIR base, {@code <root>/fhir}. */
	String base() {
		return root + "/fhir";
	}

	/**
	 * Polls {@code GET url} every {@code poll} until it answers 200, within the startup limit, and fails if the
	 * server exits meanwhile. Returns the seconds it waited.
	 */
	double awaitOk(String url, Duration poll) throws Exception {
		Instant start = Instant.now();
		Instant deadline = start.plus(STARTUP_LIMIT);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) throw new IllegalStateException("server exited with " + process.exitValue());
			try {
				HttpResponse<String> response = Http.send(
						HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").GET(), Duration.ofSeconds(30));
				if (response.statusCode() == 200) return Duration.between(start, Instant.now()).toMillis() / 1000.0;
			} catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(poll.toMillis());
		}
		throw new IllegalStateException("no 200 from " + url + " within " + STARTUP_LIMIT);
	}

	/** POSTs the transaction bundles to the FHIR base one after the other, each answered 2xx; the seconds it took. */
	double load(List<Path> bundles) throws Exception {
		long start = System.nanoTime();
		for (Path bundle : bundles) {
			Http.check(Http.send(HttpRequest.newBuilder(URI.create(base()))
					.header("Content-Type", "application/fhir+json")
					.POST(HttpRequest.BodyPublishers.ofFile(bundle))), "POST " + bundle.getFileName());
		}
		return (System.nanoTime() - start) / 1e9;
	}

	/** Stops the server: politely, then forcibly after 30 s. */
	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		} catch (IllegalStateException shuttingDown) {
			// the hook runs anyway
		}
		Benchmark.log("server stopped");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}

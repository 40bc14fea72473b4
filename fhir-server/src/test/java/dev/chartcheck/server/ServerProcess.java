package dev.chartcheck.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server run as a child process, for tests that kill a server and start it again on the
 * same {@link Database}: H2 files in a directory of the test's own, or the PostgreSQL database that the
 * {@code postgres} profile names (the {@code CHARTCHECK_DB_*} variables pass through). Its output goes to
 * {@code target/server-processes/<name>.log}.
 *
 * <p>A server starts from the jar's extracted layout ({@code java -Djarmode=tools -jar … extract}, made once per
 * build in {@code target/server-extracted}): the same classes and resources, loaded from plain jars rather than
 * nested ones, which took 49–50 s to start against 69–77 s for the packaged jar on the build machine.
 * {@link #launchPackaged} starts the packaged jar itself, as a user runs it.
 */
final class ServerProcess implements AutoCloseable {

	/** Generous: on a small machine shared with other builds, start-up alone has taken over four minutes. */
	private static final Duration STARTUP = Duration.ofMinutes(8);

	private final Process process;
	private final FhirHttp http;
	private final FhirHttp root;
	private final Path log;

	private ServerProcess(Process process, int port, Path log) {
		this.process = process;
		this.http = new FhirHttp("http://localhost:" + port + "/fhir");
		this.root = new FhirHttp("http://localhost:" + port);
		this.log = log;
	}

	/**
	 * Starts the jar on {@code database} ({@code dataDirectory} holds its files when it is H2) with the given Spring
	 * properties, and waits until it is ready ({@code /actuator/health/readiness}: start-up, the profiles package
	 * install included, is done). The server accepts the tokens of {@link TestAuthority}.
	 */
	static ServerProcess start(Database database, String name, Path dataDirectory, Map<String, String> properties)
			throws IOException, InterruptedException {
		return start(database, name, dataDirectory, properties, true);
	}

	/**
	 * As {@link #start(Database, String, Path, Map)}; with {@code authentication}, the server accepts the tokens of
	 * {@link TestAuthority} (and the test talks with its EHR-system token), without it no issuer is configured.
	 */
	static ServerProcess start(Database database, String name, Path dataDirectory, Map<String, String> properties,
			boolean authentication) throws IOException, InterruptedException {
		ServerProcess server = launch(database, name, dataDirectory, properties, authentication);
		server.awaitReady();
		return server;
	}

	/** As {@link #start(Database, String, Path, Map, boolean)}, but returns at once, while the server starts (see {@link #awaitReady()}). */
	static ServerProcess launch(Database database, String name, Path dataDirectory, Map<String, String> properties,
			boolean authentication) throws IOException {
		return launch(extracted(), database, name, dataDirectory, properties, authentication);
	}

	/** As {@link #launch(Database, String, Path, Map, boolean)}, from the packaged jar ({@code java -jar}, as a user runs it). */
	static ServerProcess launchPackaged(Database database, String name, Path dataDirectory, Map<String, String> properties,
			boolean authentication) throws IOException {
		return launch(jar(), database, name, dataDirectory, properties, authentication);
	}

	private static ServerProcess launch(Path jar, Database database, String name, Path dataDirectory,
			Map<String, String> properties, boolean authentication) throws IOException {
		int port = freePort();
		Files.createDirectories(dataDirectory);
		Path logs = Path.of(System.getProperty("chartcheck.process-logs", "target/server-processes"));
		Files.createDirectories(logs);
		Path log = logs.resolve(database.name().toLowerCase(java.util.Locale.ROOT) + "-" + name + ".log");

		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1500m"));
		// a test server lives minutes: C2's compilations and parallel GC threads cost it more CPU than they save (a
		// start on two busy cores took 90 s of CPU with these flags, 150 s without), and the build shares two cores.
		// Without C2 the JVM reserves 48 MB for compiled code, which a server of the restart chain filled after 141 s
		// (the JVM then stops compiling and writes warnings into the log); the size tiered compilation reserves keeps it
		// compiling. A measurement or a profile sets its own (-Dchartcheck.server-jvm-options="...", e.g. a flight
		// recording; {name} is the server's name, {target} this module's build directory).
		String options = System.getProperty("chartcheck.server-jvm-options",
				"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:ReservedCodeCacheSize=240m")
				.replace("{name}", name)
				.replace("{target}", Path.of("target").toAbsolutePath().toString());
		for (String option : options.trim().split("\\s+")) {
			if (!option.isEmpty()) {
				command.add(option);
			}
		}
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
		if (database == Database.POSTGRES) {
			command.add("--spring.profiles.active=postgres");
		} else {
			command.add("--spring.datasource.url=jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("chartcheck") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
		}
		if (authentication) {
			TestAuthority.serverProperties().forEach((key, value) -> command.add("--" + key + "=" + value));
		}
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		Process process = new ProcessBuilder(command)
				.directory(dataDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
				.start();
		return new ServerProcess(process, port, log);
	}

	FhirHttp http() {
		return http;
	}

	/** The server's root ({@code /actuator/…}), with the EHR-system token. */
	FhirHttp root() {
		return root;
	}

	/**
	 * SIGTERM, as an orchestrator stops a server: the server shuts down by itself (gracefully: requests under way
	 * finish). Answers its exit code once it is gone; fails, and kills it, if it is still there after {@code patience}.
	 */
	int terminate(Duration patience) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
			kill();
			throw new AssertionError("The server did not stop within " + patience + " of SIGTERM:\n" + tail());
		}
		return process.exitValue();
	}

	/** SIGKILL: no shutdown hook runs, nothing is flushed; waits until the process is gone. */
	void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive() && System.getProperty("chartcheck.server-jvm-options") != null) {
			// a server started with options of a measurement's own (a flight recording, say) stops as a user stops it,
			// so that it writes what it recorded
			process.destroy();
			process.waitFor(60, TimeUnit.SECONDS);
		}
		if (process.isAlive()) {
			kill();
		}
	}

	/** Waits until the server is ready ({@code /actuator/health/readiness} answers 200). */
	void awaitReady() throws InterruptedException {
		Instant deadline = Instant.now().plus(STARTUP);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The server exited with " + process.exitValue() + " while starting:\n" + tail());
			}
			try {
				HttpResponse<String> readiness = root.send("GET", "/actuator/health/readiness", null, Map.of("Accept", "application/json"));
				if (readiness.statusCode() == 200) {
					return;
				}
			} catch (UncheckedIOException notYet) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		process.destroyForcibly();
		throw new IllegalStateException("The server did not start within " + STARTUP + ":\n" + tail());
	}

	/** Everything the server has written to its output so far. */
	String output() throws IOException {
		return Files.readString(log);
	}

	/** The end of the server's output, for failure messages. */
	String tail() {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		} catch (IOException e) {
			return "(no output: " + e + ")";
		}
	}

	private static Path jar() {
		Path jar = Path.of(System.getProperty("chartcheck.server-jar", "target/fhir-server-0.1.0.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No server jar at " + jar.toAbsolutePath() + ": run the package phase first");
		}
		return jar.toAbsolutePath();
	}

	/**
	 * The application jar of the server jar's extracted layout, extracted unless this build's jar already was (the
	 * marker names the jar's size and time, and is written last).
	 */
	private static synchronized Path extracted() throws IOException {
		Path jar = jar();
		Path directory = jar.resolveSibling("server-extracted");
		Path marker = directory.resolve("extracted-from");
		String from = Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
		Path application = directory.resolve(jar.getFileName());
		if (Files.isRegularFile(marker) && Files.readString(marker).equals(from) && Files.isRegularFile(application)) {
			return application;
		}
		if (Files.exists(directory)) {
			try (var paths = Files.walk(directory)) {
				for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
		Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", directory.toString())
				.redirectErrorStream(true).start();
		String output = new String(extract.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		try {
			if (extract.waitFor() != 0 || !Files.isRegularFile(application)) {
				throw new IllegalStateException("Extracting " + jar + " failed:\n" + output);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while extracting " + jar, e);
		}
		Files.writeString(marker, from);
		return application;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}

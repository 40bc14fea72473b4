package dev.chartcheck.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * One look at the server under soak: the heap after a full GC (jcmd {@code GC.run} on its pid, then the actuator's
 * {@code jvm.memory.used}), non-heap memory, live threads, HikariCP's connections, and the server's sessions in
 * PostgreSQL's {@code pg_stat_activity} (its own session left out).
 */
final class SoakSampler {

	/** One sample; -1 where a figure could not be read. */
	record Sample(double elapsedSeconds, double heapAfterGcMb, double heapBeforeGcMb, double nonHeapMb, long threads,
			long hikariActive, long hikariIdle, long hikariPending, long pgSessions, long pgActive, long pgIdle,
			long pgIdleInTransaction) {}

	private final BenchServer server;
	private final SoakStats stats;

	SoakSampler(BenchServer server, SoakStats stats) {
		this.server = server;
		this.stats = stats;
	}

	/** Samples, and logs rather than throws on failure (it runs on a schedule). */
	void sampleQuietly() {
		try {
			Sample sample = sample();
			stats.sample(sample);
			Soak.log(String.format(java.util.Locale.ROOT,
					"sample at %.1f min: heap after GC %.0f MB, %d threads, hikari %d active/%d idle, pg %d sessions",
					sample.elapsedSeconds() / 60, sample.heapAfterGcMb(), sample.threads(), sample.hikariActive(),
					sample.hikariIdle(), sample.pgSessions()));
		} catch (Exception e) {
			Soak.log("sample failed: " + e);
		}
	}

	Sample sample() throws Exception {
		double elapsed = stats.elapsedSeconds();
		double before = metric("jvm.memory.used?tag=area:heap") / 1e6;
		fullGc();
		double after = metric("jvm.memory.used?tag=area:heap") / 1e6;
		double nonHeap = metric("jvm.memory.used?tag=area:nonheap") / 1e6;
		long threads = (long) metric("jvm.threads.live");
		long active = (long) metric("hikaricp.connections.active");
		long idle = (long) metric("hikaricp.connections.idle");
		long pending = (long) metric("hikaricp.connections.pending");
		long[] pg = pgSessions();
		return new Sample(elapsed, after, before, nonHeap, threads, active, idle, pending, pg[0], pg[1], pg[2], pg[3]);
	}

	/** {@code jcmd <pid> GC.run}: a full collection, so that what is left in use is what is still referenced. */
	private void fullGc() throws Exception {
		Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(server.pid()), "GC.run")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
			jcmd.destroyForcibly();
			throw new IllegalStateException("jcmd GC.run did not finish within 60 s");
		}
	}

	/** The first measurement of an actuator metric, or -1 when it is not served. */
	private double metric(String nameAndTags) throws Exception {
		HttpResponse<String> response = Http.send(Http.get(server.root() + "/actuator/metrics/" + nameAndTags)
				.header("Accept", "application/json"), java.time.Duration.ofSeconds(30));
		if (response.statusCode() != 200) return -1;
		JsonNode measurements = Http.JSON.readTree(response.body()).path("measurements");
		return measurements.isEmpty() ? -1 : measurements.get(0).path("value").asDouble();
	}

	/** All, active, idle and idle-in-transaction sessions on the server's database, but this one. */
	private static long[] pgSessions() {
		String url = "jdbc:postgresql://" + env("CHARTCHECK_DB_HOST", "localhost") + ":" + env("CHARTCHECK_DB_PORT", "5432")
				+ "/" + env("CHARTCHECK_DB_NAME", "chartcheck");
		try (Connection connection = DriverManager.getConnection(url, env("CHARTCHECK_DB_USER", "chartcheck"),
				env("CHARTCHECK_DB_PASSWORD", "chartcheck"));
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE state = 'active'), "
						+ "count(*) FILTER (WHERE state = 'idle'), count(*) FILTER (WHERE state LIKE 'idle in transaction%') "
						+ "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
			row.next();
			return new long[] {row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)};
		} catch (Exception e) {
			Soak.log("pg_stat_activity not read: " + e.getMessage());
			return new long[] {-1, -1, -1, -1};
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}
}

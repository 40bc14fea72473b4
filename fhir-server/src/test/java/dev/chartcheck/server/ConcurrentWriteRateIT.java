package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write rate under concurrent load, with the plugin and without: the server jar is started with
 * {@code chartcheck.enabled=false}, then with the plugin on, one after the other, each on a database of its own
 * (H2) or on the same PostgreSQL database under ids of its own (when {@code chartcheck.it-databases} has it); each
 * takes the same sixteen writers' writes (those of {@link ConcurrentWritesTest}, without the audits), and then the
 * plugin-on server the same writes again with three auditors beside them. Run on demand and alone, as a measurement:
 * {@code -Dchartcheck.write-rate=true -Dit.test=ConcurrentWriteRateIT}; it prints the rates and writes them to
 * {@code target/concurrent-write-rate.md}.
 */
class ConcurrentWriteRateIT {

	private static final int PATIENTS = 3;
	private static final int WRITERS = 16;
	private static final int WRITES_PER_WRITER = Integer.getInteger("chartcheck.write-rate.writes", 20);

	@TempDir
	Path data;

	@Test
	void writeRateWithThePluginAgainstWithout() throws Exception {
		Assumptions.assumeTrue(Boolean.getBoolean("chartcheck.write-rate"), "a measurement, run with -Dchartcheck.write-rate=true");
		String run = "rate-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
		StringBuilder report = new StringBuilder("| server | writers | auditors | writes | seconds | writes/s |\n| --- | --- | --- | --- | --- | --- |\n");

		double off;
		try (ServerProcess server = ServerProcess.start(Database.either(), run + "-off", data.resolve("off"), Map.of("chartcheck.enabled", "false"))) {
			off = measure(server, run + "-off", 0, "plugin off", report);
		}
		double on;
		try (ServerProcess server = ServerProcess.start(Database.either(), run + "-on", data.resolve("on"), Map.of())) {
			double shared = server.root().metric("chartcheck.write.check.shared");
			on = measure(server, run + "-on", 0, "plugin on", report);
			int answered = (int) (server.root().metric("chartcheck.write.check.shared") - shared);
			int writes = WRITERS * WRITES_PER_WRITER;
			report.append("\nplugin on: ").append(writes - answered).append(" write-time checks ran for ").append(writes)
					.append(" writes; the other ").append(answered).append(" were answered by a check that began after their commit\n\n");
			measure(server, run + "-audited", 3, "plugin on, with $audit", report);
		}
		report.append("\nwrite rate plugin on / off: ").append(String.format("%.2f", on / off)).append('\n');
		System.out.println(report);
		Files.writeString(Path.of("target", "concurrent-write-rate.md"), report);
	}

	private static double measure(ServerProcess server, String prefix, int auditors, String label, StringBuilder report)
			throws Exception {
		List<ConcurrentRecords> records = new ArrayList<>();
		for (int i = 0; i < PATIENTS; i++) {
			records.add(new ConcurrentRecords(prefix + "-p" + i));
		}
		ConcurrentLoad.storeBaseRecords(server.http(), records);
		ConcurrentLoad.Result load = ConcurrentLoad.run(server.http(), records, WRITERS, WRITES_PER_WRITER, auditors);
		assertThat(load.refused()).as(label + ": refused").isEmpty();
		assertThat(load.writes()).isEqualTo(WRITERS * WRITES_PER_WRITER);
		report.append("| ").append(label).append(" | ").append(WRITERS).append(" | ").append(auditors).append(" | ")
				.append(load.writes()).append(" | ").append(String.format("%.1f", load.seconds())).append(" | ")
				.append(String.format("%.2f", load.writesPerSecond())).append(" |\n");
		return load.writesPerSecond();
	}
}

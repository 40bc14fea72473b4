package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar run as a child process, stopped in the middle of something and started again on the same
 * database, where nothing it answered may be lost and what it was doing must catch up. Each {@link RestartStage} is
 * one such scenario; they run one after the other, the server started after one stop being the server the next
 * scenario stops, so that n scenarios take n + 1 server starts rather than 2n. Every restart finds its profiles package
 * installed, and does not install it again:
 * <ol>
 *   <li>on the embedded database only (they are about the process, not the database): the first start, on an empty
 *   database, with its probes watched ({@link Readiness}) and, as the quick start runs it, without a token issuer
 *   ({@link LoopbackOnly}); then {@link GracefulShutdown} (SIGTERM);</li>
 *   <li>{@link ResumeAfterKill}: a background audit resumes, the audit trail survives, the clone index is rebuilt;</li>
 *   <li>{@link LargeTransactionKill}: a transaction killed while it is processed is stored whole or not at all;</li>
 *   <li>{@link ReconciliationKill}: a server killed while it reconciles gaps catches up at the next check.</li>
 * </ol>
 * The chain runs on each database ({@link RestartOnEmbeddedIT}, {@link RestartOnPostgresIT}), the two side by side.
 */
abstract class RestartIT {

	/** Job maintenance every second, so that a background audit's steps follow each other quickly. */
	private static final Map<String, String> FAST_JOBS = Map.of("chartcheck.jobs.maintenance-interval", "1s");

	@TempDir
	Path data;

	/** The database the chain's servers run on. */
	abstract Database database();

	@Test
	void stoppedServersLoseNothingTheyAnsweredAndCatchUp() throws Exception {
		boolean embedded = database() == Database.EMBEDDED;
		String run = "rs" + UUID.randomUUID().toString().substring(0, 8);
		List<RestartStage> stages = new ArrayList<>();
		if (embedded) {
			stages.add(new GracefulShutdown(run + "g"));
		}
		stages.addAll(List.of(new ResumeAfterKill(run + "a"), new LargeTransactionKill(run + "t"), new ReconciliationKill(run + "r")));

		// the first server is the packaged jar, as a user runs it (on H2 as the quick start does, without a token issuer);
		// the restarts start from its extracted layout (faster), with one
		ServerProcess server = ServerProcess.launchPackaged(database(), run + "-0", data, settings(stages, 0), !embedded);
		try {
			if (embedded) {
				Readiness.awaitWatchingTheProbes(server);
				LoopbackOnly.assertServesLoopbackOnly(server);
			} else {
				server.awaitReady();
			}
			for (int i = 0; i < stages.size(); i++) {
				RestartStage stage = stages.get(i);
				System.out.printf("[%s] %s%n", run, stage.name());
				try {
					stage.runAndStop(server);
					server.close();
					server = ServerProcess.start(database(), run + "-" + (i + 1), data, settings(stages, i + 1));
					assertThat(server.output()).as("a restart keeps the profiles package it installed")
							.contains("already installed, with the same content");
					stage.checkAfterRestart(server);
				} catch (AssertionError failed) {
					throw new AssertionError(stage.name() + ": " + failed.getMessage(), failed);
				}
			}
		} finally {
			server.close();
		}
	}

	/** The settings of the server that stage {@code index} runs on (and the previous stage checks). */
	private static Map<String, String> settings(List<RestartStage> stages, int index) {
		Map<String, String> settings = new HashMap<>(FAST_JOBS);
		if (index < stages.size()) {
			settings.putAll(stages.get(index).serverSettings());
		}
		return settings;
	}
}

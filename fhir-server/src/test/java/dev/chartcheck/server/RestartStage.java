package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One stop-and-restart scenario of {@link RestartIT}: what it sets going on a server and how it stops it (SIGKILL, or
 * SIGTERM as an orchestrator would), and what it checks on the server started again on the same database. Scenarios
 * run one after the other on the same database, each restart being the next scenario's server, so that each costs one
 * server start instead of two; each uses ids of its own and leaves nothing running when its check is done.
 */
interface RestartStage {

	/** What the scenario is about, for failure messages. */
	String name();

	/** Settings the scenario needs on the server it stops, beyond those of every server of the run. */
	default Map<String, String> serverSettings() {
		return Map.of();
	}

	/** Sets the scenario going on {@code server} and stops it at the moment the scenario is about. */
	void runAndStop(ServerProcess server) throws Exception;

	/** Checks, on the server started again on the same database, that nothing answered was lost and the work caught up. */
	void checkAfterRestart(ServerProcess server) throws Exception;

	/**
	 * Loads {@code count} copies of the three-gap record under {@code <prefix>-<i>} for {@code organization}, ten per
	 * transaction; answers the prefixes.
	 */
	static List<String> loadThreeGapRecords(ServerProcess server, String prefix, int count, String organization) {
		List<String> all = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
		for (int from = 0; from < count; from += 10) {
			List<String> prefixes = all.subList(from, Math.min(count, from + 10));
			HttpResponse<String> loaded = server.http().send("POST", "", FhirHttp.threeGapRecords(prefixes, organization), Map.of());
			assertThat(loaded.statusCode()).as("records %s: %s", prefixes, loaded.body()).isEqualTo(200);
		}
		return all;
	}
}

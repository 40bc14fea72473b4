package dev.chartcheck.server;

import java.util.Map;

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
}

package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The probes while the packaged server starts on an empty database: it answers HTTP (the CapabilityStatement) before
 * Chartcheck has installed its profiles package; readiness is refused ({@code 503}) until it has, liveness answers
 * from the start, and neither needs a token. Watched during the first start of {@link RestartIT} on the embedded
 * database (it needs an empty database of its own).
 */
final class Readiness {

	/** The last kind of resource the package installs. */
	private static final String INSTALLED_LAST = "/Questionnaire?url=https://chartcheck.dev/fhir/Questionnaire/documentation-attestation&_summary=count";

	private Readiness() {}

	/**
	 * Follows the probes of {@code server}, just launched on an empty database, until it is ready, asserting what they
	 * answer on the way.
	 */
	static void awaitWatchingTheProbes(ServerProcess server) throws Exception {
		FhirHttp anonymous = new FhirHttp(server.root().base(), null);
		List<String> samples = new ArrayList<>();
		boolean refusedBeforeInstall = false;
		Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
		while (true) {
			assertThat(Instant.now()).as("not ready within 5 minutes: %s%n%s", samples, server.tail()).isBefore(deadline);
			HttpResponse<String> readiness;
			try {
				readiness = anonymous.send("GET", "/actuator/health/readiness", null, Map.of("Accept", "application/json"));
			} catch (UncheckedIOException notListening) {
				Thread.sleep(200);
				continue;
			}
			// asked after readiness: the package, once installed, stays installed
			Boolean installed = installed(server);
			samples.add(readiness.statusCode() + "/" + installed);
			if (readiness.statusCode() == 200) {
				assertThat(readiness.body()).contains("\"status\":\"UP\"");
				assertThat(installed).as("ready, so the package is installed: %s", samples).isTrue();
				break;
			}
			assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
			assertThat(readiness.body()).contains("\"status\":\"OUT_OF_SERVICE\"");
			// live while starting: an orchestrator must not kill a server that is installing its package
			HttpResponse<String> liveness = anonymous.send("GET", "/actuator/health/liveness", null, Map.of("Accept", "application/json"));
			assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
			if (Boolean.FALSE.equals(installed)) {
				refusedBeforeInstall = true;
			}
			Thread.sleep(200);
		}
		assertThat(refusedBeforeInstall)
				.as("the FHIR API answered while the package was not installed, and readiness was refused then: %s", samples)
				.isTrue();
		for (String probe : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
			assertThat(anonymous.send("GET", probe, null, Map.of("Accept", "application/json")).statusCode()).as(probe).isEqualTo(200);
		}
	}

	/** Whether the package's last resource is stored; null while the FHIR API does not answer yet. */
	private static Boolean installed(ServerProcess server) {
		// no-cache: HAPI would otherwise answer the same search from its first result for a minute
		HttpResponse<String> search = server.http().send("GET", INSTALLED_LAST, null, Map.of("Cache-Control", "no-cache"));
		if (search.statusCode() != 200) {
			return null;
		}
		return !search.body().replace(" ", "").contains("\"total\":0");
	}
}

package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail is durable: the AuditEvents of accesses answered before a SIGKILL are all there after the restart
 * (each is stored before its access is answered, or with its write).
 */
class AuditTrailRestartIT {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@TempDir
	Path data;

	@Test
	void theAuditEventsOfAnsweredAccessesSurviveAKill() throws Exception {
		String run = "atr" + UUID.randomUUID().toString().substring(0, 6);
		String patient = "Patient/" + run + "-pat";
		List<String> before;
		try (ServerProcess first = ServerProcess.start(run + "-first", data, Map.of())) {
			assertThat(first.http().send("POST", "", FhirHttp.threeGapRecord(run, null), Map.of()).statusCode()).isEqualTo(200);
			for (int i = 0; i < 3; i++) {
				assertThat(first.http().send("GET", "/" + patient, null, Map.of()).statusCode()).isEqualTo(200);
			}
			before = trail(first, patient);
			first.kill();
		}
		// the load (one per entry of the patient's record) and the three reads, at least
		assertThat(before.size()).isGreaterThanOrEqualTo(4);
		try (ServerProcess second = ServerProcess.start(run + "-second", data, Map.of())) {
			assertThat(trail(second, patient)).containsAll(before);
		}
	}

	/** The ids of the patient's AuditEvents, as an auditor finds them. */
	private static List<String> trail(ServerProcess server, String patient) {
		FhirHttp auditor = new FhirHttp(server.http().base(), TestAuthority.role("auditor", "user/*.rs", Map.of()));
		HttpResponse<String> response = auditor.send("GET", "/AuditEvent?patient=" + patient + "&_count=500", null, Map.of());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getEntry().stream()
				.map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}
}

package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;

/**
 * The audit trail: every access to patient data leaves exactly its AuditEvent (IHE BALP shape), which auditors find
 * by patient, agent and date, and which no one can change or delete.
 */
class AuditTrailTest extends ServerTestBase {

	private final String run = "at" + UUID.randomUUID().toString().substring(0, 6);

	@Test
	void everyAccessLeavesExactlyItsAuditEvent() throws Exception {
		loadThreeGapRecord(run, run + "-org");
		String patient = "Patient/" + run + "-pat";
		String practitioner = "Practitioner/" + run + "-prac2";
		Thread.sleep(1100);
		// after a pause, the current second: the load's AuditEvents are all before it, the accesses below after it
		String since = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

		FhirHttp provider = new FhirHttp(base(), TestAuthority.role("provider", "user/*.cruds", Map.of("fhirUser", practitioner)));
		assertThat(provider.send("GET", "/" + patient, null, Map.of()).statusCode()).isEqualTo(200);
		assertThat(provider.send("GET", "/Encounter?patient=" + patient, null, Map.of()).statusCode()).isEqualTo(200);
		String note = "{\"resourceType\":\"DocumentReference\",\"status\":\"current\",\"subject\":{\"reference\":\"" + patient + "\"},"
				+ "\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"U2VlbiB0b2RheS4=\"}}]}";
		assertThat(provider.send("POST", "/DocumentReference", note, Map.of()).statusCode()).isEqualTo(201);
		HttpResponse<String> cds = new CdsHooksClient("http://localhost:" + port, TestAuthority.role("provider", "user/*.cruds",
				Map.of("fhirUser", practitioner))).call("chartcheck-patient-view", "patient-view", Map.of("patientId", run + "-pat"), Map.of());
		assertThat(cds.statusCode()).as("%s", cds.body()).isEqualTo(200);
		FhirHttp auditor = new FhirHttp(base(), TestAuthority.role("auditor", "user/*.rs", Map.of("fhirUser", "Practitioner/" + run + "-auditor")));
		HttpResponse<String> audited = auditor.send("GET", "/" + patient + "/$audit?persist=false", null, Map.of());
		assertThat(audited.statusCode()).as("%s", audited.body()).isEqualTo(200);

		List<AuditEvent> trail = events(auditor, "/AuditEvent?patient=" + patient + "&date=ge" + since + "&_count=100");
		assertThat(trail).extracting(AuditTrailTest::what).containsExactlyInAnyOrder(
				"read " + practitioner, "search-type " + practitioner, "create " + practitioner,
				"chartcheck-patient-view " + practitioner, "$audit Practitioner/" + run + "-auditor");
		assertThat(trail).allSatisfy(e -> {
			assertThat(e.getEntity()).anySatisfy(entity -> assertThat(entity.getWhat().getReference()).endsWith(patient));
			assertThat(e.getMeta().getProfile()).isNotEmpty();
		});

		// by agent: the provider's four accesses
		assertThat(events(auditor, "/AuditEvent?agent=" + practitioner + "&date=ge" + since + "&_count=100")).hasSize(4);
	}

	/** The interaction (or operation) and the user agent of an AuditEvent. */
	private static String what(AuditEvent event) {
		String interaction = event.getSubtype().stream()
				.filter(c -> !"operation".equals(c.getCode()))
				.map(Coding::getCode)
				.findFirst()
				.orElse("?");
		String user = event.getAgent().stream().filter(AuditEvent.AuditEventAgentComponent::getRequestor)
				.map(a -> a.getWho().hasReference() ? a.getWho().getReference() : a.getWho().getIdentifier().getValue())
				.findFirst().orElse("?");
		return interaction + " " + user;
	}

	private static List<AuditEvent> events(FhirHttp as, String query) {
		HttpResponse<String> response = as.send("GET", query, null, Map.of());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getEntry().stream()
				.map(e -> (AuditEvent) e.getResource()).toList();
	}
}

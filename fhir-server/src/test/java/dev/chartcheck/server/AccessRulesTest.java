package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the access matrix cannot show: a provider cannot tell whether another practitioner's patient exists, a
 * provider's searches are narrowed to their patients, and restricted records need a token that allows them.
 */
class AccessRulesTest extends ServerTestBase {

	private final String run = "ar" + UUID.randomUUID().toString().substring(0, 6);
	private String mine;
	private String theirs;

	@BeforeEach
	void records() {
		// two copies of a record: the provider (prac2 of the first) takes part in the first only
		loadThreeGapRecord(run + "a", null);
		loadThreeGapRecord(run + "b", null);
		mine = run + "a";
		theirs = run + "b";
	}

	private FhirHttp provider() {
		return new FhirHttp(base(), TestAuthority.role("provider", "user/*.cruds", Map.of("fhirUser", "Practitioner/" + mine + "-prac2")));
	}

	@Test
	void aProviderCannotTellWhetherAnotherPractitionersPatientExists() {
		FhirHttp provider = provider();
		assertThat(provider.send("GET", "/Patient/" + mine + "-pat", null, Map.of()).statusCode()).isEqualTo(200);

		for (String type : new String[] {"Patient", "Encounter", "DocumentReference"}) {
			String existing = "/" + type + "/" + theirs + (type.equals("Patient") ? "-pat" : type.equals("Encounter") ? "-enc1" : "-doc1");
			String missing = "/" + type + "/" + run + "-no-such";
			HttpResponse<String> other = provider.send("GET", existing, null, Map.of());
			HttpResponse<String> none = provider.send("GET", missing, null, Map.of());
			assertThat(other.statusCode()).as(type).isEqualTo(none.statusCode()).isEqualTo(404);
			assertThat(diagnostics(other).replace(existing.substring(1), "X")).as(type)
					.isEqualTo(diagnostics(none).replace(missing.substring(1), "X"));
		}
		// a search about the other patient answers as one about a patient that does not exist
		HttpResponse<String> other = provider.send("GET", "/Encounter?patient=Patient/" + theirs + "-pat", null, Map.of());
		HttpResponse<String> none = provider.send("GET", "/Encounter?patient=Patient/" + run + "-no-such", null, Map.of());
		assertThat(other.statusCode()).isEqualTo(none.statusCode());
	}

	@Test
	void aProvidersSearchesAreNarrowedToTheirPatients() {
		HttpResponse<String> response = provider().send("GET", "/Encounter?_count=500", null, Map.of());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle found = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
		assertThat(found.getEntry()).isNotEmpty();
		assertThat(found.getEntry()).allSatisfy(e ->
				assertThat(((Encounter) e.getResource()).getSubject().getReference()).isEqualTo("Patient/" + mine + "-pat"));
		// and _include does not reach past them
		HttpResponse<String> included = provider().send("GET", "/Encounter?_include=Encounter:subject&_count=500", null, Map.of());
		assertThat(included.statusCode()).isEqualTo(200);
		assertThat(FHIR.newJsonParser().parseResource(Bundle.class, included.body()).getEntry())
				.extracting(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.filteredOn(id -> id.startsWith("Patient/"))
				.containsOnly("Patient/" + mine + "-pat");
	}

	@Test
	void restrictedRecordsNeedATokenThatAllowsThem() {
		String note = "/DocumentReference/" + mine + "-doc1";
		String stored = new FhirHttp(base()).send("GET", note, null, Map.of()).body();
		String labeled = stored.replaceFirst("\"meta\"\\s*:\\s*\\{", "\"meta\":{\"security\":[{\"system\":"
				+ "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}],");
		assertThat(labeled).contains("v3-Confidentiality");
		assertThat(new FhirHttp(base()).send("PUT", note, labeled, Map.of()).statusCode()).isEqualTo(200);

		FhirHttp plain = new FhirHttp(base(), TestAuthority.role("auditor", "user/*.rs", Map.of()));
		FhirHttp cleared = new FhirHttp(base(), TestAuthority.role("auditor", "user/*.rs", Map.of("chartcheck_restricted", true)));
		assertThat(plain.send("GET", note, null, Map.of()).statusCode()).isIn(403, 404);
		assertThat(cleared.send("GET", note, null, Map.of()).statusCode()).isEqualTo(200);

		String search = "/DocumentReference?patient=Patient/" + mine + "-pat&_count=100";
		assertThat(ids(plain.send("GET", search, null, Map.of()))).doesNotContain(mine + "-doc1").contains(mine + "-doc2");
		assertThat(ids(cleared.send("GET", search, null, Map.of()))).contains(mine + "-doc1", mine + "-doc2");
	}

	@Test
	void anOrganizationsAuditorReachesOnlyItsPatients() {
		String orgA = run + "-orgA";
		loadThreeGapRecord(run + "c", orgA);
		loadThreeGapRecord(run + "d", run + "-orgB");
		String own = "/Patient/" + run + "c-pat";
		String other = "/Patient/" + run + "d-pat";
		assertThat(http("GET", own + "/$audit", null).statusCode()).isEqualTo(200);
		assertThat(http("GET", other + "/$audit", null).statusCode()).isEqualTo(200);
		FhirHttp auditor = new FhirHttp(base(), TestAuthority.role("auditor", "user/*.rs", Map.of("organization", "Organization/" + orgA)));

		assertThat(auditor.send("GET", own, null, Map.of()).statusCode()).isEqualTo(200);
		HttpResponse<String> theirs = auditor.send("GET", other, null, Map.of());
		HttpResponse<String> none = auditor.send("GET", "/Patient/" + run + "-no-such", null, Map.of());
		assertThat(theirs.statusCode()).isEqualTo(none.statusCode()).isEqualTo(404);

		HttpResponse<String> gaps = auditor.send("GET", "/DetectedIssue?_count=500", null, Map.of());
		assertThat(gaps.statusCode()).as(gaps.body()).isEqualTo(200);
		assertThat(FHIR.newJsonParser().parseResource(Bundle.class, gaps.body()).getEntry())
				.isNotEmpty()
				.allSatisfy(e -> assertThat(((org.hl7.fhir.r4.model.DetectedIssue) e.getResource()).getPatient().getReference())
						.isEqualTo("Patient/" + run + "c-pat"));

		assertThat(auditor.send("GET", "/Organization/" + orgA + "/$audit?persist=false", null, Map.of()).statusCode()).isEqualTo(200);
		assertThat(auditor.send("GET", own + "/$audit?persist=false", null, Map.of()).statusCode()).isEqualTo(200);
		assertThat(auditor.send("GET", "/Organization/" + run + "-orgB/$audit?persist=false", null, Map.of()).statusCode()).isEqualTo(403);
		assertThat(auditor.send("GET", other + "/$audit?persist=false", null, Map.of()).statusCode()).isEqualTo(403);
		assertThat(auditor.send("GET", "/$audit?persist=false", null, Map.of()).statusCode()).isEqualTo(403);
	}

	private static java.util.List<String> ids(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getEntry().stream()
				.map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}

	private static String diagnostics(HttpResponse<String> response) {
		return FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body()).getIssueFirstRep().getDiagnostics();
	}
}

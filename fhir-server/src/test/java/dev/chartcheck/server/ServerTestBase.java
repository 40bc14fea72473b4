package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots the real server on a random port (once per JVM: every test class shares this configuration, so
 * Spring's context cache keeps it to one boot) and talks to it over HTTP.
 */
@SpringBootTest(classes = ChartcheckServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FixedClock.class)
abstract class ServerTestBase {

	protected static final FhirContext FHIR = FhirContext.forR4Cached();

	@LocalServerPort
	protected int port;

	protected String base() {
		return "http://localhost:" + port + "/fhir";
	}

	@Autowired
	private DaoRegistry daos;

	/**
	 * Stores a resource as the server itself would (no client request, no token): how tests age Chartcheck's own
	 * records (a gap's due date, say), which no client role may write.
	 */
	protected void storeAsServer(org.hl7.fhir.r4.model.Resource resource) {
		IFhirResourceDao<org.hl7.fhir.r4.model.Resource> dao = daos.getResourceDao(resource.fhirType());
		if (resource.getIdElement().hasIdPart()) {
			dao.update(resource, new SystemRequestDetails());
		} else {
			dao.create(resource, new SystemRequestDetails());
		}
	}

	/** The issuer whose tokens the server accepts: a key generated for the run (see {@link TestAuthority}). */
	@DynamicPropertySource
	static void tokenIssuer(DynamicPropertyRegistry registry) {
		TestAuthority.serverProperties().forEach((key, value) -> registry.add(key, () -> value));
	}

	protected IGenericClient client() {
		FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		FHIR.getRestfulClientFactory().setSocketTimeout(600_000);
		IGenericClient client = FHIR.newRestfulGenericClient(base());
		client.registerInterceptor(new BearerTokenAuthInterceptor(TestAuthority.system()));
		return client;
	}

	/** A raw HTTP exchange, for the cases a FHIR client would not send (malformed bodies, bad parameters). */
	protected HttpResponse<String> http(String method, String path, String body) {
		return http(method, path, body, java.util.Map.of());
	}

	protected HttpResponse<String> http(String method, String path, String body, java.util.Map<String, String> headers) {
		return new FhirHttp(base()).send(method, path, body, headers);
	}

	/** Posts a transaction Bundle file and asserts that it succeeded. */
	protected Bundle postTransaction(Path file) {
		HttpResponse<String> response = http("POST", "", read(file));
		assertThat(response.statusCode()).as("transaction %s: %s", file.getFileName(), abbreviate(response.body())).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	/** Loads a copy of the three-gap scenario under its own ids (see {@link FhirHttp#threeGapRecord}). */
	protected void loadThreeGapRecord(String prefix, String organization) {
		HttpResponse<String> response = http("POST", "", FhirHttp.threeGapRecord(prefix, organization));
		assertThat(response.statusCode()).as("copy %s: %s", prefix, abbreviate(response.body())).isEqualTo(200);
	}

	/** {@code GET Patient/[id]/$audit?query}; returns the parsed Bundle, asserting a 200. */
	protected Bundle audit(String patient, String query) {
		HttpResponse<String> response = http("GET", "/" + patient + "/$audit" + (query.isEmpty() ? "" : "?" + query), null);
		assertThat(response.statusCode()).as("$audit %s: %s", patient, abbreviate(response.body())).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	/** Every stored DetectedIssue of the patient, whatever its status. */
	/** Every DetectedIssue of the patient as stored, read through the DAO (no page size, no access rules). */
	protected List<DetectedIssue> allStoredIssues(String patient) {
		ca.uhn.fhir.jpa.searchparam.SearchParameterMap map = ca.uhn.fhir.jpa.searchparam.SearchParameterMap.newSynchronous();
		map.add("patient", new ca.uhn.fhir.rest.param.ReferenceParam(patient));
		return daos.getResourceDao(DetectedIssue.class).search(map, new SystemRequestDetails()).getAllResources().stream()
				.map(DetectedIssue.class::cast)
				.toList();
	}

	/** A Micrometer meter's value, as {@code /actuator/metrics/<name>} gives it. */
	protected double metric(String name) {
		return new FhirHttp("http://localhost:" + port).metric(name);
	}

	protected List<DetectedIssue> storedIssues(String patient) {
		Bundle page = client().search().forResource(DetectedIssue.class)
				.where(DetectedIssue.PATIENT.hasId(patient))
				.count(500)
				.returnBundle(Bundle.class)
				.execute();
		return page.getEntry().stream().map(e -> (DetectedIssue) e.getResource()).toList();
	}

	protected static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	protected static String abbreviate(String text) {
		return text == null || text.length() < 2000 ? text : text.substring(0, 2000) + "…";
	}
}

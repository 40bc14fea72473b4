package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens: the server accepts only tokens its issuer signed, unexpired, and answers every other request to
 * patient data with 401, a {@code WWW-Authenticate: Bearer} header and an OperationOutcome. The CapabilityStatement
 * and the health probes stay open.
 */
@DatabaseIndependent
class AuthenticationTest extends ServerTestBase {

	private static final String SCOPES = "system/*.cruds";

	private HttpResponse<String> as(String token, String method, String path) {
		return new FhirHttp(base(), token).send(method, path, null, Map.of());
	}

	private HttpResponse<String> root(String token, String path) {
		return new FhirHttp("http://localhost:" + port, token).send("GET", path, null, Map.of("Accept", "application/json"));
	}

	private static void assertRefused(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.LOGIN);
	}

	@Test
	void withoutATokenNothingButTheCapabilityStatementAndTheProbesIsServed() {
		assertRefused(as(null, "GET", "/Patient"));
		assertRefused(as(null, "GET", "/DetectedIssue?gap-status=open-gap"));
		assertRefused(as(null, "GET", "/$audit"));
		assertRefused(new FhirHttp(base(), null).send("POST", "", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}", Map.of()));
		assertRefused(root(null, "/cds-services"));
		assertRefused(root(null, "/actuator/metrics"));

		assertThat(as(null, "GET", "/metadata").statusCode()).isEqualTo(200);
		assertThat(root(null, "/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void aValidTokenIsServed() {
		assertThat(as(TestAuthority.token(Map.of("scope", SCOPES, "chartcheck_role", "ehr"), Duration.ofMinutes(5)), "GET",
				"/Patient?_count=1").statusCode()).isEqualTo(200);
		// valid, but of no Chartcheck role: authenticated, and refused everything but the CapabilityStatement
		String roleless = TestAuthority.token(Map.of("scope", SCOPES), Duration.ofMinutes(5));
		assertThat(as(roleless, "GET", "/Patient?_count=1").statusCode()).isEqualTo(403);
		assertThat(as(roleless, "GET", "/metadata").statusCode()).isEqualTo(200);
	}

	@Test
	void anExpiredTokenIsRefused() {
		JWTClaimsSet expired = claims(TestAuthority.ISSUER, Instant.now().minus(Duration.ofHours(2)), Instant.now().minus(Duration.ofHours(1)));
		HttpResponse<String> response = as(TestAuthority.signAsIssuer(expired), "GET", "/Patient");
		assertRefused(response);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("expired");
	}

	@Test
	void aTokenOfAnotherIssuerIsRefused() {
		JWTClaimsSet foreign = claims("https://other-issuer.example", Instant.now(), Instant.now().plus(Duration.ofMinutes(5)));
		assertRefused(as(TestAuthority.signAsIssuer(foreign), "GET", "/Patient"));
	}

	@Test
	void aTokenSignedWithAnotherKeyIsRefused() {
		// same key id as the issuer's, so that the server checks the signature against the issuer's key and fails
		JWTClaimsSet valid = claims(TestAuthority.ISSUER, Instant.now(), Instant.now().plus(Duration.ofMinutes(5)));
		assertRefused(as(TestAuthority.sign(valid, keyOfTheIssuersId()), "GET", "/Patient"));
	}

	@Test
	void anUnsignedTokenIsRefused() {
		JWTClaimsSet valid = claims(TestAuthority.ISSUER, Instant.now(), Instant.now().plus(Duration.ofMinutes(5)));
		String none = new PlainJWT(new PlainHeader(), valid).serialize();
		assertThat(none).endsWith(".");
		assertRefused(as(none, "GET", "/Patient"));
	}

	@Test
	void aMalformedTokenIsRefused() {
		assertRefused(as("not-a-token", "GET", "/Patient"));
		assertRefused(as("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl", "GET", "/Patient"));
		assertRefused(new FhirHttp(base(), null).send("GET", "/Patient", null, Map.of("Authorization", "Basic dXNlcjpwYXNz")));
	}

	private static JWTClaimsSet claims(String issuer, Instant issued, Instant expires) {
		return new JWTClaimsSet.Builder()
				.issuer(issuer)
				.subject("someone")
				.issueTime(Date.from(issued))
				.expirationTime(Date.from(expires))
				.claim("scope", SCOPES)
				.build();
	}

	/** Another key under the issuer's key id. */
	private static com.nimbusds.jose.jwk.RSAKey keyOfTheIssuersId() {
		try {
			return new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID(TestAuthority.keyId()).generate();
		} catch (com.nimbusds.jose.JOSEException e) {
			throw new IllegalStateException(e);
		}
	}
}

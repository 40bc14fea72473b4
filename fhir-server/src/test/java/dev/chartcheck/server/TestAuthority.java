package dev.chartcheck.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * A token issuer for the tests: an RSA key generated for the test run, its public half served as a JWK Set on a
 * loopback port (the server under test is configured with that URI and {@link #ISSUER}, exactly as it would be
 * with a real authorization server), and tokens minted and signed with it.
 */
final class TestAuthority {

	static final String ISSUER = "https://issuer.chartcheck.test";

	private static final RSAKey KEY = generate();
	private static HttpServer jwks;

	private TestAuthority() {}

	/** Where the server reads the issuer's public keys; the endpoint is started on first use. */
	static synchronized String jwkSetUri() {
		if (jwks == null) {
			jwks = serveJwks(0);
		}
		return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
	}

	/** Serves the issuer's public key as a JWK Set at {@code http://127.0.0.1:<port>/jwks} (0: any free port). */
	static HttpServer serveJwks(int port) {
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		server.createContext("/jwks", exchange -> {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return server;
	}

	/** The Spring properties that point a server at this issuer. */
	static Map<String, String> serverProperties() {
		return Map.of(
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwkSetUri(),
				"spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER);
	}

	/** The token the tests act with unless they say otherwise: the EHR system with every system scope, cleared for restricted data. */
	static String system() {
		return role("ehr", "system/*.cruds", Map.of("chartcheck_restricted", true));
	}

	/** A token of a Chartcheck role ({@code ehr}, {@code provider}, {@code auditor}, {@code admin}) with scopes and more claims. */
	static String role(String role, String scopes, Map<String, Object> more) {
		Map<String, Object> claims = new java.util.HashMap<>(more);
		claims.put("chartcheck_role", role);
		claims.put("scope", scopes);
		return token(claims, Duration.ofHours(2));
	}

	/** A token for {@code claims} (plus issuer, subject, issue time and expiry), signed with the test key. */
	static String token(Map<String, Object> claims, Duration lifetime) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
				.issuer(ISSUER)
				.subject("test-" + UUID.randomUUID())
				.issueTime(Date.from(now.minusSeconds(5)))
				.expirationTime(Date.from(now.plus(lifetime)));
		claims.forEach(builder::claim);
		return sign(builder.build(), KEY);
	}

	/** Signs claims, exactly as given, with the issuer's key. */
	static String signAsIssuer(JWTClaimsSet claims) {
		return sign(claims, KEY);
	}

	/** Signs claims with a given key (another key than the issuer's, for the wrong-signature test). */
	static String sign(JWTClaimsSet claims, RSAKey key) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		try {
			jwt.sign(new RSASSASigner(key));
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
		return jwt.serialize();
	}

	static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	static String keyId() {
		return KEY.getKeyID();
	}
}

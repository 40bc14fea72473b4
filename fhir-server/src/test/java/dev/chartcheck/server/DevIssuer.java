package dev.chartcheck.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token issuer for trying the server with authentication on, on one machine: it generates a key, serves its public
 * half at {@code http://127.0.0.1:<port>/jwks}, prints the server's command line and a token for each role (valid
 * twelve hours), and runs until stopped. For development only: the key lives in memory, and anyone who can read the
 * printed tokens can use them.
 *
 * <pre>
 * mvn -q -pl fhir-server test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.chartcheck.server.DevIssuer [-Dexec.args="--port=9400 --practitioner=Practitioner/12"]
 * </pre>
 */
public final class DevIssuer {

	private DevIssuer() {}

	public static void main(String[] args) throws Exception {
		int port = 9400;
		String practitioner = "Practitioner/example";
		for (String arg : args) {
			if (arg.startsWith("--port=")) {
				port = Integer.parseInt(arg.substring("--port=".length()));
			} else if (arg.startsWith("--practitioner=")) {
				practitioner = arg.substring("--practitioner=".length());
			} else {
				throw new IllegalArgumentException("unknown argument " + arg + " (known: --port=, --practitioner=)");
			}
		}
		TestAuthority.serveJwks(port);

		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("ehr (system/*.cruds, restricted data)", token("ehr", "system/*.cruds", Map.of("chartcheck_restricted", true)));
		tokens.put("provider (" + practitioner + ", user/*.cruds)", token("provider", "user/*.cruds", Map.of("fhirUser", practitioner)));
		tokens.put("auditor (user/*.rs)", token("auditor", "user/*.rs", Map.of()));
		tokens.put("admin (system/*.cruds)", token("admin", "system/*.cruds", Map.of()));

		System.out.println("Keys served at http://127.0.0.1:" + port + "/jwks. Start the server with:");
		System.out.println();
		System.out.println("  java -jar fhir-server/target/fhir-server-0.1.0.jar \\");
		System.out.println("    --spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:" + port + "/jwks \\");
		System.out.println("    --spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestAuthority.ISSUER);
		System.out.println();
		tokens.forEach((role, token) -> {
			System.out.println(role + ":");
			System.out.println("  " + token);
		});
		System.out.println();
		System.out.println("Use one as: curl -H 'Authorization: Bearer <token>' http://localhost:8080/fhir/Patient");
		System.out.println("Stop with Ctrl-C.");
		Thread.currentThread().join();
	}

	private static String token(String role, String scopes, Map<String, Object> claims) {
		Map<String, Object> all = new LinkedHashMap<>(claims);
		all.put("chartcheck_role", role);
		all.put("scope", scopes);
		all.put("azp", "chartcheck-dev");
		return TestAuthority.token(all, Duration.ofHours(12));
	}
}

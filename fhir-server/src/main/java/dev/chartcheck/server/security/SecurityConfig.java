package dev.chartcheck.server.security;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may reach the server at all. With a token issuer configured (see {@link Authentication}), every request to the
 * FHIR API, the CDS Hooks services and the actuator needs a valid bearer token (an OAuth2 JWT, validated by Spring
 * Security's resource server: signature against the issuer's keys, issuer, expiry), except the CapabilityStatement,
 * the SMART configuration, the health probes, and the OpenAPI document and Swagger UI of the API (made from the
 * CapabilityStatement: no PHI), which clients and orchestrators read first. What a valid token may
 * do is decided per request by its scopes (see the plugin's authorization rules). Without an issuer the server is
 * open, and {@link LoopbackGuard} keeps it on the loopback interface.
 *
 * <p>A request without a valid token is answered {@code 401} with a {@code WWW-Authenticate: Bearer} header saying
 * why, and a FHIR OperationOutcome body.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

	/**
	 * What every answer carries (Spring Security's defaults: {@code X-Content-Type-Options: nosniff},
	 * {@code X-Frame-Options: DENY}, {@code Cache-Control: no-store}, HSTS over https) plus a Content Security Policy
	 * that lets a page load nothing and run no script: the audit report and HAPI's highlighted responses are static
	 * HTML with inline styles, so text that slipped into them unescaped could still not run. CORS is closed unless
	 * {@code chartcheck.cors.allowed-origins} lists origins.
	 */
	static final String CONTENT_SECURITY_POLICY =
			"default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

	/**
	 * Swagger UI's pages ({@code /fhir/swagger-ui/}) run Swagger UI's scripts and read the OpenAPI document: scripts,
	 * styles, images and requests from this server only (no CDN), still no inline script.
	 */
	static final String SWAGGER_UI_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

	/** The OpenAPI document and Swagger UI of the FHIR API (see FhirApiDocs). */
	static final String[] API_DOCS = {"/fhir/api-docs", "/fhir/swagger-ui/**"};

	/**
	 * {@code chartcheck.metrics.scrape-without-token}: serve {@code /actuator/prometheus} without a token, for a
	 * scraper that the network admits (for example on {@code management.server.port}, reachable only by it).
	 */
	static final String SCRAPE_WITHOUT_TOKEN = "chartcheck.metrics.scrape-without-token";

	@Bean
	public SecurityFilterChain chartcheckSecurity(HttpSecurity http, Environment environment) throws Exception {
		List<String> origins = Binder.get(environment).bind("chartcheck.cors.allowed-origins", Bindable.listOf(String.class))
				.orElse(List.of());
		RequestMatcher swaggerUi = AntPathRequestMatcher.antMatcher("/fhir/swagger-ui/**");
		http.headers(headers -> headers
						.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(swaggerUi),
								new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
						.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(swaggerUi,
								new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_CONTENT_SECURITY_POLICY))))
				.cors(cors -> cors.configurationSource(cors(origins)));
		http.csrf(csrf -> csrf.disable())
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache(cache -> cache.disable())
				.formLogin(form -> form.disable())
				.httpBasic(basic -> basic.disable())
				.logout(logout -> logout.disable());
		if (!Authentication.configured(environment)) {
			log.warn("AUTHENTICATION IS OFF: every request is served without a token (loopback only)");
			return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
		}
		AuthenticationEntryPoint unauthorized = withOperationOutcome(new BearerTokenAuthenticationEntryPoint());
		boolean openScrape = environment.getProperty(SCRAPE_WITHOUT_TOKEN, Boolean.class, false);
		return http
				.authorizeHttpRequests(requests -> {
					requests.requestMatchers(HttpMethod.GET, "/fhir/metadata", "/fhir/.well-known/smart-configuration").permitAll()
							.requestMatchers(HttpMethod.GET, API_DOCS).permitAll()
							.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
					if (openScrape) {
						requests.requestMatchers(HttpMethod.GET, "/actuator/prometheus").permitAll();
					}
					requests.anyRequest().authenticated();
				})
				.oauth2ResourceServer(server -> server
						.jwt(jwt -> {})
						.authenticationEntryPoint(unauthorized))
				.exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized))
				.build();
	}

	/** CORS for the listed origins only (none by default): the FHIR and CDS Hooks verbs, the bearer token header. */
	private static CorsConfigurationSource cors(List<String> origins) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (origins.isEmpty()) {
			return source;
		}
		CorsConfiguration config = new CorsConfiguration();
		config.setAllowedOrigins(origins);
		config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
		config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Prefer", "If-Match", "If-None-Exist"));
		config.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "X-Progress", "WWW-Authenticate"));
		config.setMaxAge(3600L);
		source.registerCorsConfiguration("/**", config);
		return source;
	}

	/** Chartcheck's authorization reads who is asking off the token, when there are tokens. */
	@Bean
	@Conditional(AuthenticationConfigured.class)
	public TokenAccess chartcheckTokenAccess() {
		return new TokenAccess();
	}

	/** Spring's bearer-token answer (status and {@code WWW-Authenticate}), with an OperationOutcome for FHIR clients. */
	private static AuthenticationEntryPoint withOperationOutcome(BearerTokenAuthenticationEntryPoint bearer) {
		return (request, response, exception) -> {
			bearer.commence(request, response, exception);
			if (!response.isCommitted()) {
				response.setContentType("application/fhir+json;charset=UTF-8");
				String body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"login\","
						+ "\"diagnostics\":\"" + json(diagnostics(response.getStatus())) + "\"}]}";
				response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
			}
		};
	}

	private static String diagnostics(int status) {
		return status == HttpServletResponse.SC_UNAUTHORIZED
				? "A valid bearer token is required (see the WWW-Authenticate header for why this one was refused)."
				: "The request was refused.";
	}

	private static String json(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"");
	}
}

package dev.chartcheck.server;

import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.util.ClasspathUtil;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.thymeleaf.templateresource.ClassLoaderTemplateResource;

/**
 * The OpenAPI document ({@code /fhir/api-docs}, YAML) and Swagger UI ({@code /fhir/swagger-ui/}) of the FHIR API,
 * from HAPI FHIR's own interceptor, with two changes: the page starts Swagger UI from a script file of this server
 * instead of an inline script, so that its Content Security Policy can forbid inline script (see the security
 * configuration); and, with token authentication on, the document declares the bearer token, so that Swagger UI's
 * "Authorize" sends it.
 */
public class FhirApiDocs extends OpenApiInterceptor {

	static final String PAGE = "/dev/chartcheck/server/openapi/swagger-ui.html";
	static final String START_SCRIPT_PATH = "/swagger-ui/chartcheck-start.js";
	private static final String START_SCRIPT = "/dev/chartcheck/server/openapi/chartcheck-start.js";
	private static final String BEARER = "bearer";

	private static final Duration FRESH_FOR = Duration.ofMinutes(1);
	/** Pages times server bases (the Host a request names): beyond this many, the cache starts again. */
	private static final int MAX_CACHED = 400;

	private final boolean tokens;
	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	/** @param tokens whether the server asks for bearer tokens (then the document says so) */
	public FhirApiDocs(boolean tokens) {
		this.tokens = tokens;
	}

	@Override
	protected ClassLoaderTemplateResource getIndexTemplate() {
		return new ClassLoaderTemplateResource(PAGE, StandardCharsets.UTF_8.name());
	}

	@Override
	protected boolean handleResourceRequest(HttpServletResponse response, ServletRequestDetails request, String path)
			throws IOException {
		if (!START_SCRIPT_PATH.equals(path)) {
			return super.handleResourceRequest(response, request, path);
		}
		response.setStatus(200);
		response.setContentType("text/javascript;charset=UTF-8");
		try (InputStream script = ClasspathUtil.loadResourceAsStream(START_SCRIPT)) {
			script.transferTo(response.getOutputStream());
		}
		response.getOutputStream().close();
		return true;
	}

	/**
	 * The document, made at most once a minute per page and server base: the whole API's ({@code /api-docs} without
	 * a page) takes HAPI several seconds to make and is several megabytes, and anyone may ask for it.
	 */
	@Override
	protected OpenAPI generateOpenApi(ServletRequestDetails request) {
		String[] pages = request.getParameters().get("page");
		String key = request.getFhirServerBase() + "|" + (pages == null || pages.length == 0 ? "" : pages[0]);
		long now = System.nanoTime();
		if (cache.size() > MAX_CACHED) {
			cache.clear();
		}
		return cache.compute(key, (k, cached) -> cached != null && now - cached.madeAt() < FRESH_FOR.toNanos()
				? cached
				: new Cached(make(request), System.nanoTime())).document();
	}

	private record Cached(OpenAPI document, long madeAt) {}

	private OpenAPI make(ServletRequestDetails request) {
		OpenAPI openApi = super.generateOpenApi(request);
		if (tokens) {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents().addSecuritySchemes(BEARER, new SecurityScheme()
					.type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("An OAuth2 access token (JWT) of the configured issuer, with a Chartcheck role and SMART scopes"));
			openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
		}
		return openApi;
	}
}

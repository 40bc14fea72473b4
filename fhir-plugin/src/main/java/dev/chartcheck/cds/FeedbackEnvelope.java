package dev.chartcheck.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.hapi.fhir.cdshooks.api.ICdsServiceRegistry;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceFeedbackJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Accepts feedback the way the CDS Hooks specification sends it, {@code {"feedback": [ … ]}}, one or more entries at
 * once: HAPI's controller reads a single entry object only. Each entry goes to the registry's feedback method in
 * turn; the answer is 200 with the entries recorded, or the first error (entries before it stay recorded, and
 * recording the same feedback again is harmless, so a client may resend the whole request). A body that is a
 * single entry, as HAPI's own clients send it, passes on to the controller unchanged.
 */
public class FeedbackEnvelope extends OncePerRequestFilter {

	private static final Pattern FEEDBACK_PATH = Pattern.compile("/cds-services/([^/]+)/feedback/?");

	private final ICdsServiceRegistry registry;
	private final ObjectMapper mapper;
	private final FhirContext fhir;

	public FeedbackEnvelope(ICdsServiceRegistry registry, ObjectMapper cdsHooksObjectMapper, FhirContext fhir) {
		this.registry = registry;
		this.mapper = cdsHooksObjectMapper;
		this.fhir = fhir;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !FEEDBACK_PATH.matcher(path(request)).matches();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		byte[] body = request.getInputStream().readAllBytes();
		JsonNode entries = envelope(body);
		if (entries == null) {
			chain.doFilter(new ReadAgain(request, body), response);
			return;
		}
		Matcher path = FEEDBACK_PATH.matcher(path(request));
		String service = path.matches() ? path.group(1) : "";
		if (!entries.isArray() || entries.isEmpty()) {
			error(response, 400, "feedback must be a non-empty array of feedback entries");
			return;
		}
		List<CdsServiceFeedbackJson> recorded = new ArrayList<>();
		try {
			for (JsonNode entry : entries) {
				recorded.add(registry.callFeedback(service, mapper.treeToValue(entry, CdsServiceFeedbackJson.class)));
			}
		} catch (JsonProcessingException | IllegalArgumentException e) {
			String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
			error(response, 400, "A feedback entry is not of the CDS Hooks shape: " + why);
			return;
		} catch (BaseServerResponseException e) {
			error(response, e.getStatusCode(), e.getMessage());
			return;
		}
		ArrayNode answer = mapper.createObjectNode().putArray("feedback");
		recorded.forEach(entry -> answer.add(mapper.valueToTree(entry)));
		response.setStatus(200);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		mapper.writeValue(response.getOutputStream(), mapper.createObjectNode().set("feedback", answer));
	}

	/** The {@code feedback} array of a specification-shaped body, or null for any other body. */
	private JsonNode envelope(byte[] body) {
		try {
			JsonNode node = mapper.readTree(body);
			return node != null && node.isObject() && node.has("feedback") ? node.get("feedback") : null;
		} catch (IOException notJson) {
			return null; // the controller answers it
		}
	}

	private void error(HttpServletResponse response, int status, String message) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(CdsErrorResponses.outcome(fhir, status, message));
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	/** The request with its body, already read here, readable again by the controller. */
	private static final class ReadAgain extends HttpServletRequestWrapper {
		private final byte[] body;

		ReadAgain(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("synchronous reads only");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
			return new BufferedReader(new InputStreamReader(getInputStream(), Charset.forName(encoding)));
		}
	}
}

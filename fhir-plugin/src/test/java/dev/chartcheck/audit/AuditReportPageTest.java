package dev.chartcheck.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The interceptor in a real HAPI RestfulServer (beside HAPI's ResponseHighlighterInterceptor), called
 * through minimal servlet request and response stand-ins.
 */
class AuditReportPageTest {

	private static RestfulServer server;

	/** Answers {@code $audit} as Chartcheck does, with fixed reports; and another operation for contrast. */
	public static class FakeAudit {
		@Operation(name = "$audit", typeName = "Organization", idempotent = true)
		public Bundle organization(@IdParam IdType id) {
			return AuditReport.bundle(AuditReportFixture.organizationAudit(), List.of(), java.time.Instant.now());
		}

		@Operation(name = "$audit", typeName = "Patient", idempotent = true)
		public Bundle patient(@IdParam IdType id) {
			return AuditReport.bundle(AuditReportFixture.patientAudit(), List.of(), java.time.Instant.now());
		}

		@Operation(name = "$audit", idempotent = true)
		public Bundle server() {
			return new Bundle().setType(Bundle.BundleType.COLLECTION);
		}

		@Operation(name = "$other", typeName = "Organization", idempotent = true)
		public Bundle other(@IdParam IdType id) {
			return AuditReport.bundle(AuditReportFixture.organizationAudit(), List.of(), java.time.Instant.now());
		}
	}

	record Response(int status, String contentType, String body) {}

	@BeforeAll
	static void server() throws Exception {
		server = new RestfulServer(FhirContext.forR4Cached());
		server.registerProvider(new FakeAudit());
		server.registerInterceptor(new ResponseHighlighterInterceptor());
		server.registerInterceptor(new AuditReportPage());
		server.init(stub(ServletConfig.class, Map.of("getServletContext", stub(ServletContext.class, Map.of()))));
	}

	@Test
	void anOrganizationAuditAskedForHtmlAnswersWithTheReportPage() {
		Response response = get("/Organization/pop-org/$audit", "_format=html&persist=false");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
		assertThat(response.body()).startsWith("<!DOCTYPE html>")
				.contains("Documentation compliance audit \u2014 Organization/pop-org", "data:image/svg+xml;base64,")
				.doesNotContain("Response Body", "\"resourceType\"");
	}

	@Test
	void everyScopeAndTextHtmlToo() {
		assertThat(get("/Patient/mixed-pat/$audit", "_format=text/html").body())
				.startsWith("<!DOCTYPE html>").contains("Patient/mixed-pat");
	}

	@Test
	void otherFormatsAndOperationsPassThrough() {
		Response json = get("/Organization/pop-org/$audit", "_format=json");
		assertThat(json.contentType()).contains("json");
		assertThat(json.body()).startsWith("{\"resourceType\":\"Bundle\"");

		Response highlighted = get("/Organization/pop-org/$audit", "_format=html/json");
		assertThat(highlighted.body()).contains("Response Body").doesNotContain("<!DOCTYPE html>");

		Response other = get("/Organization/pop-org/$other", "_format=html");
		assertThat(other.body()).contains("Response Body").doesNotContain("<!DOCTYPE html>");

		// a Bundle without a MeasureReport is left to HAPI
		Response empty = get("/$audit", "_format=html");
		assertThat(empty.body()).contains("Response Body").doesNotContain("<!DOCTYPE html>");
	}

	@Test
	void readsFormatAsHapiDoes() {
		assertThat(AuditReportPage.asksForHtml(request("html"))).isTrue();
		assertThat(AuditReportPage.asksForHtml(request("text/html"))).isTrue();
		assertThat(AuditReportPage.asksForHtml(request("text/html;charset=utf-8"))).isTrue();
		assertThat(AuditReportPage.asksForHtml(request("html/json"))).isFalse();
		assertThat(AuditReportPage.asksForHtml(request("json"))).isFalse();
		assertThat(AuditReportPage.asksForHtml(request(null))).isFalse();
	}

	@Test
	void anAsyncStartOrAnErrorIsNotTouched() {
		ServletRequestDetails request = request("html");
		request.setOperation("$audit");
		ca.uhn.fhir.rest.api.server.ResponseDetails details = new ca.uhn.fhir.rest.api.server.ResponseDetails(new OperationOutcome());
		assertThat(new AuditReportPage().outgoingResponse(request, details, stub(HttpServletResponse.class, Map.of()))).isTrue();
		details.setResponseResource(null);
		assertThat(new AuditReportPage().outgoingResponse(request, details, stub(HttpServletResponse.class, Map.of()))).isTrue();
	}

	private static ServletRequestDetails request(String format) {
		ServletRequestDetails request = new ServletRequestDetails();
		if (format != null) {
			request.addParameter("_format", new String[] {format});
		}
		return request;
	}

	private static Response get(String path, String query) {
		Map<String, String[]> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			String[] kv = pair.split("=", 2);
			parameters.merge(kv[0], new String[] {URLDecoder.decode(kv[1], StandardCharsets.UTF_8)}, (a, b) -> b);
		}
		Map<String, Object> attributes = new HashMap<>();
		Map<String, Object> requestAnswers = new HashMap<>();
		requestAnswers.put("getMethod", "GET");
		requestAnswers.put("getRequestURI", "/fhir" + path);
		requestAnswers.put("getRequestURL", new StringBuffer("http://localhost/fhir" + path));
		requestAnswers.put("getContextPath", "");
		requestAnswers.put("getServletPath", "/fhir");
		requestAnswers.put("getPathInfo", path);
		requestAnswers.put("getQueryString", query);
		requestAnswers.put("getParameterMap", parameters);
		requestAnswers.put("getScheme", "http");
		requestAnswers.put("getServerName", "localhost");
		requestAnswers.put("getServerPort", 80);
		requestAnswers.put("getRemoteAddr", "127.0.0.1");
		HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
				AuditReportPageTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
					switch (method.getName()) {
						case "getAttribute":
							return attributes.get((String) args[0]);
						case "setAttribute":
							attributes.put((String) args[0], args[1]);
							return null;
						case "getParameter":
							String[] values = parameters.get((String) args[0]);
							return values == null ? null : values[0];
						case "getParameterValues":
							return parameters.get((String) args[0]);
						default:
							return requestAnswers.containsKey(method.getName())
									? requestAnswers.get(method.getName())
									: empty(method.getReturnType());
					}
				});

		ByteArrayOutputStream body = new ByteArrayOutputStream();
		PrintWriter writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
		ServletOutputStream out = new ServletOutputStream() {
			@Override
			public void write(int b) {
				body.write(b);
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {}
		};
		Map<String, List<String>> headers = new LinkedHashMap<>();
		int[] status = {200};
		String[] contentType = {null};
		HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
				AuditReportPageTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
					switch (method.getName()) {
						case "setStatus":
							status[0] = (Integer) args[0];
							return null;
						case "getStatus":
							return status[0];
						case "setContentType":
							contentType[0] = (String) args[0];
							return null;
						case "getContentType":
							return contentType[0];
						case "getWriter":
							return writer;
						case "getOutputStream":
							return out;
						case "addHeader":
						case "setHeader":
							if ("Content-Type".equalsIgnoreCase((String) args[0])) {
								contentType[0] = (String) args[1];
							}
							headers.computeIfAbsent((String) args[0], h -> new ArrayList<>()).add((String) args[1]);
							return null;
						case "getHeaderNames":
							return headers.keySet();
						case "getHeaders":
							return headers.getOrDefault((String) args[0], List.of());
						case "getHeader":
							List<String> header = headers.get((String) args[0]);
							return header == null ? null : header.get(0);
						default:
							return empty(method.getReturnType());
					}
				});
		try {
			server.service(request, response);
		} catch (Exception e) {
			throw new AssertionError(e);
		}
		writer.flush();
		return new Response(status[0], contentType[0], body.toString(StandardCharsets.UTF_8));
	}

	@SuppressWarnings("unchecked")
	private static <T> T stub(Class<T> type, Map<String, Object> answers) {
		return (T) Proxy.newProxyInstance(AuditReportPageTest.class.getClassLoader(), new Class<?>[] {type},
				(proxy, method, args) -> answers.containsKey(method.getName())
						? answers.get(method.getName())
						: empty(method.getReturnType()));
	}

	private static Object empty(Class<?> type) {
		if (type == boolean.class) {
			return false;
		}
		if (type == int.class || type == long.class) {
			return type == int.class ? (Object) 0 : (Object) 0L;
		}
		if (type == Enumeration.class) {
			return Collections.emptyEnumeration();
		}
		if (Map.class.isAssignableFrom(type)) {
			return Map.of();
		}
		if (Collection.class.isAssignableFrom(type)) {
			return List.of();
		}
		return null;
	}
}

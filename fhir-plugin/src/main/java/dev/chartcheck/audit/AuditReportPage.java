package dev.chartcheck.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.interceptor.InterceptorOrders;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MeasureReport;

/**
 * {@code GET …/$audit?_format=html}: answers an audit (any scope) with the readable report of its
 * MeasureReport, a standalone HTML page, instead of the Bundle. It runs before HAPI's
 * ResponseHighlighterInterceptor (which would show the Bundle's JSON) and detects the request as that
 * interceptor does: the first {@code _format} value, without parameters, is one of HAPI's HTML formats
 * ({@code html}, {@code text/html}); {@code html/json} and {@code html/xml} still get the highlighted
 * Bundle. Every other answer passes through untouched.
 */
@Interceptor
public class AuditReportPage {

	/** Before HAPI's response highlighter, which stops the chain when it writes its page. */
	public static final int ORDER = InterceptorOrders.RESPONSE_HIGHLIGHTER_INTERCEPTOR - 100;

	private static final String OPERATION = "$audit";

	/** @return false when the report page was written, so that no other interceptor writes the response */
	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = ORDER)
	public boolean outgoingResponse(RequestDetails request, ResponseDetails response, HttpServletResponse servletResponse) {
		if (servletResponse == null || !OPERATION.equals(request.getOperation()) || !asksForHtml(request)) {
			return true;
		}
		if (!(response.getResponseResource() instanceof Bundle bundle)
				|| !bundle.hasEntry()
				|| !(bundle.getEntryFirstRep().getResource() instanceof MeasureReport report)) {
			return true;
		}
		String page = AuditNarrative.page(report);
		if (request.getServer() instanceof RestfulServer server) {
			server.addHeadersToResponse(servletResponse);
		}
		servletResponse.setStatus(response.getResponseCode() > 0 ? response.getResponseCode() : 200);
		servletResponse.setCharacterEncoding(StandardCharsets.UTF_8.name());
		servletResponse.setContentType(Constants.CT_HTML_WITH_UTF8);
		try {
			PrintWriter writer = servletResponse.getWriter();
			writer.write(page);
			writer.close();
		} catch (IOException e) {
			throw new InternalErrorException("Could not write the audit report page: " + e.getMessage(), e);
		}
		return false;
	}

	/** {@code _format=html} (or {@code text/html}), read as HAPI's ResponseHighlighterInterceptor reads it. */
	static boolean asksForHtml(RequestDetails request) {
		String[] formats = request.getParameters() == null ? null : request.getParameters().get(Constants.PARAM_FORMAT);
		if (formats == null || formats.length == 0 || formats[0] == null) {
			return false;
		}
		String format = formats[0];
		int semicolon = format.indexOf(';');
		if (semicolon != -1) {
			format = format.substring(0, semicolon);
		}
		return Constants.FORMATS_HTML.contains(format.trim());
	}
}

package dev.chartcheck.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every request the FHIR API answers with an error, without PHI. HAPI FHIR's own exception handler logs the
 * exception's message, and a message may quote the request ({@code Invalid attribute value "<a patient's name>"});
 * its logger is silenced in the configuration, and this line replaces it: the interaction, the resource type, the
 * status, the exception's type and HAPI's message codes ({@code HAPI-1821}), which say what went wrong. A server
 * error adds where it was thrown; its whole stack trace, messages included, only at DEBUG.
 */
@Interceptor
public class RequestFailureLog {

	private static final Logger log = LoggerFactory.getLogger(RequestFailureLog.class);
	private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d{4}");

	@Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
	public boolean failed(RequestDetails request, BaseServerResponseException exception) {
		String interaction = (request.getRestOperationType() == null ? request.getRequestType() : request.getRestOperationType())
				+ (request.getResourceName() == null ? "" : " " + request.getResourceName())
				+ (request.getOperation() == null ? "" : " " + request.getOperation());
		if (exception.getStatusCode() < 500) {
			log.info("{} answered {}: {} {}", interaction, exception.getStatusCode(), exception.getClass().getSimpleName(), codes(exception));
		} else {
			log.error("{} failed with {}: {} {}", interaction, exception.getStatusCode(), causes(exception), codes(exception));
			log.debug("Request failure", exception);
		}
		// the answer itself is HAPI's as always
		return true;
	}

	/** HAPI's message codes in the exception and its causes, e.g. {@code [HAPI-0450, HAPI-1821]}. */
	private static Set<String> codes(Throwable exception) {
		Set<String> codes = new LinkedHashSet<>();
		for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
			Matcher code = HAPI_CODE.matcher(String.valueOf(t.getMessage()));
			while (code.find()) {
				codes.add(code.group());
			}
		}
		return codes;
	}

	/** The exception's type and those of its causes, each with the place it was thrown. */
	private static String causes(Throwable exception) {
		StringJoiner causes = new StringJoiner(" caused by ");
		for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
			StackTraceElement[] trace = t.getStackTrace();
			causes.add(t.getClass().getName() + (trace.length == 0 ? "" : " at " + trace[0]));
		}
		return causes.toString();
	}
}

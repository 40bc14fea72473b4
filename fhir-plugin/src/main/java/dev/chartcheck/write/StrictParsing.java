package dev.chartcheck.write;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request bodies are parsed strictly: a resource with an element FHIR R4 does not define (a misspelt
 * {@code authenticator}, an element of another version), or a repeated element that may not repeat, is refused with a 400 instead of being stored without the element. HAPI's lenient parser would
 * drop it in silence, and the checks would then judge a record that lost data (a misspelt signer is an unsigned
 * note).
 *
 * <p>This is HAPI's own mechanism: {@link StrictErrorHandler} on the FhirContext with which the RestfulServer
 * parses request bodies. HAPI's JPA layer reads stored resources with a lenient parser of its own, so what is
 * already stored stays readable. HAPI names an unknown element but not where it is; the hook below adds its path
 * ({@code DocumentReference.content[0].foo}) to the OperationOutcome of a JSON body.
 */
@Interceptor
public class StrictParsing {

	private static final Logger log = LoggerFactory.getLogger(StrictParsing.class);

	/** HAPI's message for an unknown element (code HAPI-1825), within the 400 it answers a body it cannot parse. */
	private static final Pattern UNKNOWN_ELEMENT = Pattern.compile("HAPI-1825: (?:\\[[^]]*] )?Unknown element '([^']+)'");

	/** How much of a body the path search reads; a larger body's error keeps HAPI's message alone. */
	private static final int MAX_BODY_SEARCHED = 8 << 20;

	private final FhirContext fhirContext;

	private StrictParsing(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	/** Makes the server parse request bodies strictly. */
	public static void apply(RestfulServer server) {
		FhirContext fhirContext = server.getFhirContext();
		fhirContext.setParserErrorHandler(new StrictErrorHandler());
		server.registerInterceptor(new StrictParsing(fhirContext));
		log.info("Strict parsing: resources with elements FHIR R4 does not define are refused (chartcheck.strict-parsing)");
	}

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException locateUnknownElement(RequestDetails request, Throwable exception) {
		if (!(exception instanceof InvalidRequestException) || exception.getMessage() == null) {
			return null;
		}
		Matcher unknown = UNKNOWN_ELEMENT.matcher(exception.getMessage());
		if (!unknown.find() || RestfulServerUtils.determineRequestEncodingNoDefault(request) != EncodingEnum.JSON) {
			return null;
		}
		byte[] body = request.loadRequestContents();
		if (body == null || body.length > MAX_BODY_SEARCHED) {
			return null;
		}
		List<String> paths = UnknownElements.find(fhirContext, body, unknown.group(1));
		if (paths.isEmpty()) {
			return null;
		}
		String message = exception.getMessage() + " at " + String.join(", ", paths)
				+ " (an element FHIR R4 does not define there; the resource was refused rather than stored without it)";
		OperationOutcome outcome = new OperationOutcome();
		OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(OperationOutcome.IssueType.STRUCTURE)
				.setDiagnostics(message);
		paths.forEach(issue::addExpression);
		return new InvalidRequestException(message, outcome);
	}
}

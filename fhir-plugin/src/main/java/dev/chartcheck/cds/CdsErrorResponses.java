package dev.chartcheck.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.hapi.fhir.cdshooks.controller.CdsHooksController;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The errors of {@code /cds-services} as the caller can act on them: HAPI's CDS Hooks controller lets every
 * exception through to Spring MVC, which would answer 500 for an unknown service, an unknown card or a body that
 * is not JSON. Here each gets its status (HAPI's exceptions carry it: 400, 404, 412…) and an OperationOutcome
 * saying what was wrong, never a stack trace.
 */
@RestControllerAdvice(assignableTypes = CdsHooksController.class)
public class CdsErrorResponses {

	private static final Logger log = LoggerFactory.getLogger(CdsErrorResponses.class);
	/** HAPI's code for "no service with this id" (an IllegalArgumentException, not one of its HTTP exceptions). */
	private static final String UNKNOWN_SERVICE = Msg.code(2536);

	private final FhirContext fhir;

	public CdsErrorResponses(FhirContext fhir) {
		this.fhir = fhir;
	}

	@ExceptionHandler(BaseServerResponseException.class)
	public ResponseEntity<String> serverResponse(BaseServerResponseException e) {
		return respond(e.getStatusCode(), e.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	public ResponseEntity<String> unreadable(HttpMessageNotReadableException e) {
		String cause = e.getMostSpecificCause().getMessage();
		return respond(400, "The request body is not a CDS Hooks JSON object of the expected shape: "
				+ (cause == null ? "" : cause.lines().findFirst().orElse("")));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	public ResponseEntity<String> illegalArgument(IllegalArgumentException e) {
		if (e.getMessage() != null && e.getMessage().startsWith(UNKNOWN_SERVICE)) {
			return respond(404, e.getMessage());
		}
		// the exception's message may quote the request (resources of the patient): its type and origin only, unless debugging
		StackTraceElement origin = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
		log.error("CDS Hooks request failed: {} at {}", e.getClass().getName(), origin);
		log.debug("CDS Hooks request failure", e);
		return respond(500, "The CDS service failed; the server log has the details");
	}

	/** The error answer: the status and an OperationOutcome with one issue. */
	public ResponseEntity<String> respond(int status, String message) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(outcome(fhir, status, message));
	}

	static String outcome(FhirContext fhir, int status, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
				.setSeverity(OperationOutcome.IssueSeverity.ERROR)
				.setCode(issueType(status))
				.setDiagnostics(message);
		return fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(outcome);
	}

	private static OperationOutcome.IssueType issueType(int status) {
		return switch (status) {
			case 404, 410 -> OperationOutcome.IssueType.NOTFOUND;
			case 412 -> OperationOutcome.IssueType.INCOMPLETE;
			case 409 -> OperationOutcome.IssueType.CONFLICT;
			case 422 -> OperationOutcome.IssueType.PROCESSING;
			default -> status >= 400 && status < 500 ? OperationOutcome.IssueType.INVALID : OperationOutcome.IssueType.EXCEPTION;
		};
	}
}

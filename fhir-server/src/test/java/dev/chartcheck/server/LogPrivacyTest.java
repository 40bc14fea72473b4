package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.IAnonymousInterceptor;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No PHI in the log: a patient with a name, an identifier and a note found nowhere else is written, checked (a
 * write-time check that fails, too) and audited, with the whole server logging at INFO, as in production; neither
 * the name, the identifier nor the note's words appear in what the server logged.
 */
@DatabaseIndependent
@ExtendWith(OutputCaptureExtension.class)
class LogPrivacyTest extends ServerTestBase {

	private static final String GIVEN = "Zebulonia";
	private static final String FAMILY = "Quixotewhistle";
	private static final String MRN = "QXW-7731-MRN";
	private static final String NOTE_WORDS = "marmalade kaleidoscope";

	@Autowired
	private IInterceptorService storageInterceptors;

	@Test
	void neitherThePatientsNameNorIdentifierNorTheNoteTextIsLogged(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		LogLevel rootLevel = logging.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME).getConfiguredLevel();
		logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
		IAnonymousInterceptor brokenGapStore = (pointcut, args) -> {
			if (args.get(IBaseResource.class) instanceof DetectedIssue) {
				throw new InternalErrorException("simulated storage failure while storing a gap");
			}
		};
		try {
			HttpResponse<String> record = http("POST", "", record());
			assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
			// a write whose check fails: the failure is logged
			storageInterceptors.registerAnonymousInterceptor(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, brokenGapStore);
			try {
				HttpResponse<String> note = http("PUT", "/DocumentReference/lp-doc2", note("lp-doc2"), Map.of());
				assertThat(note.statusCode()).as(note.body()).isEqualTo(201);
			} finally {
				storageInterceptors.unregisterInterceptor(brokenGapStore);
			}
			audit("Patient/lp-pat", "");
			// a bad write that quotes the name back to the caller (an invalid date): the caller may read it, the log not
			HttpResponse<String> bad = http("PUT", "/Patient/lp-pat", patient().replace("\"1961-04-12\"", "\"" + FAMILY + "\""), Map.of());
			assertThat(bad.statusCode()).isBetween(400, 499);
			// searches by name and identifier
			assertThat(http("GET", "/Patient?family=" + FAMILY, null).statusCode()).isEqualTo(200);
			assertThat(http("GET", "/Patient?identifier=urn:example:mrn|" + MRN, null).statusCode()).isEqualTo(200);
		} finally {
			logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, rootLevel);
		}
		// the capture works: the failed check and the refused write were logged
		assertThat(output.getAll()).contains("Write-time check failed", "answered 400: InvalidRequestException [HAPI-0450, HAPI-1821]");
		assertThat(output.getAll()).doesNotContain(FAMILY).doesNotContain(GIVEN).doesNotContain(MRN)
				.doesNotContain("marmalade").doesNotContain("kaleidoscope");
	}

	private static String patient() {
		return """
				{"resourceType":"Patient","id":"lp-pat","name":[{"family":"%s","given":["%s"]}],
				 "identifier":[{"system":"urn:example:mrn","value":"%s"}],"gender":"female","birthDate":"1961-04-12"}
				""".formatted(FAMILY, GIVEN, MRN);
	}

	private static String note(String id) {
		String text = "Patient: " + GIVEN + " " + FAMILY + "    MRN: " + MRN + "\nProgress note: " + NOTE_WORDS + "\n";
		return """
				{"resourceType":"DocumentReference","id":"%s","status":"current","docStatus":"final",
				 "type":{"coding":[{"system":"http://loinc.org","code":"11506-3"}]},"subject":{"reference":"Patient/lp-pat"},
				 "content":[{"attachment":{"contentType":"text/plain","data":"%s"}}]}
				""".formatted(id, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static String record() {
		return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
				+ entry("Patient/lp-pat", patient()) + "," + entry("DocumentReference/lp-doc1", note("lp-doc1")) + "]}";
	}

	private static String entry(String url, String resource) {
		return "{\"fullUrl\":\"" + url + "\",\"resource\":" + resource + ",\"request\":{\"method\":\"PUT\",\"url\":\"" + url + "\"}}";
	}
}

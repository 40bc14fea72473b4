package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clone index survives a restart: it lives in memory, and a server killed with SIGKILL builds it again from the
 * stored notes when it starts, before it reports itself ready. A copy of a note written before the restart is then
 * found as soon as it is written.
 */
class CloneIndexRestartIT {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final Pattern BUILT = Pattern.compile("Clone index built from (\\d+) stored notes in (\\d+) ms");
	private static final Map<String, String> RETURN_OUTCOME = Map.of("Prefer", "return=OperationOutcome");

	@TempDir
	Path data;

	@Test
	void aNoteWrittenBeforeARestartIsFoundWhenItIsCopiedAfterIt() throws Exception {
		String run = "cr" + UUID.randomUUID().toString().substring(0, 8);
		String history = NoteProse.content(7, 90);
		String assessment = NoteProse.content(8, 30);
		try (ServerProcess first = ServerProcess.start(run + "-first", data, Map.of())) {
			HttpResponse<String> loaded = first.http().send("POST", "", ClonedNotes.transaction(
					ClonedNotes.practitioner(run + "-author"), ClonedNotes.patient(run + "-pat"), ClonedNotes.patient(run + "-other"),
					ClonedNotes.note(run + "-n1", run + "-pat", run + "-author", null, "2026-03-02T10:00:00Z",
							NoteProse.templated(history, assessment))), Map.of());
			assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);
			first.kill();
		}

		try (ServerProcess second = ServerProcess.start(run + "-second", data, Map.of())) {
			Matcher built = BUILT.matcher(second.output());
			assertThat(built.find()).as("the rebuild is logged:\n%s", second.tail()).isTrue();
			assertThat(Integer.parseInt(built.group(1))).isGreaterThanOrEqualTo(1);

			String copy = NoteProse.templated(NoteProse.edit(history, 20, "unchanged"), assessment);
			assertThat(clonedDiagnostics(second.http().send("PUT", "/DocumentReference/" + run + "-n2",
					ClonedNotes.note(run + "-n2", run + "-pat", run + "-author", null, "2026-04-06T10:00:00Z", copy), RETURN_OUTCOME)))
					.contains("an earlier note of the same patient (DocumentReference/" + run + "-n1");
			assertThat(clonedDiagnostics(second.http().send("PUT", "/DocumentReference/" + run + "-n3",
					ClonedNotes.note(run + "-n3", run + "-other", run + "-author", null, "2026-04-07T10:00:00Z", copy), RETURN_OUTCOME)))
					.contains("another patient's earlier note by the same author (DocumentReference/" + run + "-n");
		}
	}

	/** The diagnostics of the response's cloned-documentation warning, or an empty string. */
	private static String clonedDiagnostics(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
		return FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body()).getIssue().stream()
				.filter(i -> "cloned-documentation".equals(i.getDetails().getCodingFirstRep().getCode()))
				.map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
				.findFirst()
				.orElse("");
	}
}

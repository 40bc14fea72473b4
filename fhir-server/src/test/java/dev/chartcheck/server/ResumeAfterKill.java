package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Work under way and work answered survive a SIGKILL; one kill and one restart check three things at once:
 * <ul>
 *   <li><b>a background audit resumes</b>: the server is killed while the audit's chunks are being checked; once
 *   started again, the job finishes by itself and gives what an uninterrupted audit of the same records gives, with
 *   one DetectedIssue per finding;</li>
 *   <li><b>the audit trail is durable</b>: the AuditEvents of accesses answered just before the kill are all there
 *   after the restart (each is stored before its access is answered, or with its write);</li>
 *   <li><b>the clone index is rebuilt</b>: it lives in memory, and the restarted server builds it again from the
 *   stored notes before it reports itself ready, so a copy of a note written before the kill is found as soon as it
 *   is written.</li>
 * </ul>
 */
final class ResumeAfterKill implements RestartStage {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	/** Records of the background audit: enough that the kill comes while its chunks are being checked. */
	private static final int RECORDS = 120;
	private static final Pattern CLONE_INDEX_BUILT = Pattern.compile("Clone index built from (\\d+) stored notes in (\\d+) ms");
	private static final Map<String, String> RETURN_OUTCOME = Map.of("Prefer", "return=OperationOutcome");

	private final String run;
	private final String organization;
	private final String audit;
	private final String trailPatient;
	private final String history = NoteProse.content(7, 90);
	private final String assessment = NoteProse.content(8, 30);
	private final List<String> patients = new ArrayList<>();
	private String statusUrl;
	private int doneAtKill;
	private List<String> trailBeforeKill;

	ResumeAfterKill(String run) {
		this.run = run;
		this.organization = "restart-" + run;
		this.audit = "/Organization/" + organization + "/$audit?persist=true&periodStart=2020-01-01&periodEnd=2026-12-31";
		this.trailPatient = "Patient/" + run + "-atr-pat";
	}

	@Override
	public String name() {
		return "a background audit resumes, the audit trail survives, the clone index is rebuilt";
	}

	@Override
	public void runAndStop(ServerProcess first) throws Exception {
		RestartStage.loadThreeGapRecords(first, run, RECORDS, organization).forEach(prefix -> patients.add(prefix + "-pat"));
		assertThat(first.http().send("POST", "", FhirHttp.threeGapRecord(run + "-atr", null), Map.of()).statusCode()).isEqualTo(200);
		HttpResponse<String> notes = first.http().send("POST", "", ClonedNotes.transaction(
				ClonedNotes.practitioner(run + "-author"), ClonedNotes.patient(run + "-cl-pat"), ClonedNotes.patient(run + "-cl-other"),
				ClonedNotes.note(run + "-n1", run + "-cl-pat", run + "-author", null, "2026-03-02T10:00:00Z",
						NoteProse.templated(history, assessment))), Map.of());
		assertThat(notes.statusCode()).as(notes.body()).isEqualTo(200);

		statusUrl = BackgroundAuditJob.start(first, audit);
		// some of the records checked, not all: then the accesses whose trail must survive, and the kill at once
		BackgroundAuditJob.Progress progress = BackgroundAuditJob.awaitSomeProgress(first, statusUrl);
		assertThat(progress.done()).isLessThan(progress.total());
		for (int i = 0; i < 3; i++) {
			assertThat(first.http().send("GET", "/" + trailPatient, null, Map.of()).statusCode()).isEqualTo(200);
		}
		trailBeforeKill = trail(first, trailPatient);
		first.kill();
		doneAtKill = progress.done();
		// the load (one per entry of the patient's record) and the three reads, at least
		assertThat(trailBeforeKill.size()).isGreaterThanOrEqualTo(4);
	}

	@Override
	public void checkAfterRestart(ServerProcess second) throws Exception {
		// the clone index, rebuilt before the server said it was ready
		Matcher built = CLONE_INDEX_BUILT.matcher(second.output());
		assertThat(built.find()).as("the rebuild is logged:\n%s", second.tail()).isTrue();
		assertThat(Integer.parseInt(built.group(1))).isGreaterThanOrEqualTo(1);

		// the audit trail
		assertThat(trail(second, trailPatient)).containsAll(trailBeforeKill);

		// the background audit, resumed
		HttpResponse<String> answer = BackgroundAuditJob.await(second, statusUrl, Duration.ofMinutes(5));
		assertThat(answer.statusCode()).as("the resumed audit's status, killed at %d of %d; server output:%n%s",
				doneAtKill, RECORDS, second.tail()).isEqualTo(200);
		MeasureReport resumed = BackgroundAuditJob.report(answer);
		assertThat(resumed.getEvaluatedResource()).hasSize(RECORDS);
		HttpResponse<String> uninterrupted = second.http().send("GET", audit.replace("persist=true", "persist=false"), null, Map.of());
		assertThat(uninterrupted.statusCode()).as(uninterrupted.body()).isEqualTo(200);
		List<String> resumedScores = BackgroundAuditJob.scores(resumed);
		List<String> uninterruptedScores = BackgroundAuditJob.scores(BackgroundAuditJob.report(uninterrupted));
		assertThat(resumedScores).as("the resumed audit (killed at %d of %d records) against an uninterrupted one; %s",
						doneAtKill, RECORDS, differences(second, resumedScores, uninterruptedScores))
				.containsExactlyInAnyOrderElementsOf(uninterruptedScores);
		for (String patient : patients) {
			assertThat(findingKeys(second, patient)).as("finding keys of %s", patient).doesNotHaveDuplicates().isNotEmpty();
		}

		// a copy of the note written before the kill is found as soon as it is written
		String copy = NoteProse.templated(NoteProse.edit(history, 20, "unchanged"), assessment);
		assertThat(clonedDiagnostics(second.http().send("PUT", "/DocumentReference/" + run + "-n2",
				ClonedNotes.note(run + "-n2", run + "-cl-pat", run + "-author", null, "2026-04-06T10:00:00Z", copy), RETURN_OUTCOME)))
				.contains("an earlier note of the same patient (DocumentReference/" + run + "-n1");
		assertThat(clonedDiagnostics(second.http().send("PUT", "/DocumentReference/" + run + "-n3",
				ClonedNotes.note(run + "-n3", run + "-cl-other", run + "-author", null, "2026-04-07T10:00:00Z", copy), RETURN_OUTCOME)))
				.contains("another patient's earlier note by the same author (DocumentReference/" + run + "-n");
	}

	/**
	 * What a mismatch needs to be understood: the groups whose populations differ (strata left out), and the first
	 * findings of the standards among them, with the detail each gives.
	 */
	private String differences(ServerProcess server, List<String> resumed, List<String> uninterrupted) {
		if (new java.util.HashSet<>(resumed).equals(new java.util.HashSet<>(uninterrupted))) {
			return "no difference";
		}
		List<String> onlyResumed = resumed.stream().filter(s -> !uninterrupted.contains(s) && !s.contains(" By ")).toList();
		List<String> onlyUninterrupted = uninterrupted.stream().filter(s -> !resumed.contains(s) && !s.contains(" By ")).toList();
		StringBuilder out = new StringBuilder("groups only in the resumed report: " + onlyResumed
				+ "; only in the uninterrupted one: " + onlyUninterrupted);
		for (String group : onlyResumed) {
			String standard = group.substring(0, group.indexOf(' '));
			HttpResponse<String> search = server.http().send("GET", "/DetectedIssue?code=" + standard + "&_count=5", null, Map.of());
			out.append("\n").append(standard).append(" findings: ");
			if (search.statusCode() == 200) {
				FHIR.newJsonParser().parseResource(Bundle.class, search.body()).getEntry().forEach(e -> {
					DetectedIssue issue = (DetectedIssue) e.getResource();
					out.append("\n  ").append(issue.getPatient().getReference()).append(" ")
							.append(issue.getImplicated().stream().map(r -> r.getReference()).toList()).append(": ").append(issue.getDetail());
				});
			} else {
				out.append(search.statusCode());
			}
		}
		return out.toString();
	}

	/** The ids of the patient's AuditEvents, as an auditor finds them. */
	private static List<String> trail(ServerProcess server, String patient) {
		FhirHttp auditor = new FhirHttp(server.http().base(), TestAuthority.role("auditor", "user/*.rs", Map.of()));
		HttpResponse<String> response = auditor.send("GET", "/AuditEvent?patient=" + patient + "&_count=500", null, Map.of());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getEntry().stream()
				.map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}

	private static List<String> findingKeys(ServerProcess server, String patient) {
		HttpResponse<String> search = server.http().send("GET", "/DetectedIssue?patient=Patient/" + patient + "&_count=200", null, Map.of());
		assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, search.body()).getEntry().stream()
				.map(e -> Gaps.findingKey((DetectedIssue) e.getResource()))
				.map(key -> java.util.Objects.requireNonNull(key, "a DetectedIssue without a finding key"))
				.toList();
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

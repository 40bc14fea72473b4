package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A server killed while it reconciles DetectedIssues loses no clinical write, and the next check brings the gap
 * list back in line with the record. The write-time checks run after the clinical write commits and before the
 * answer; a transaction that touches many patients keeps them busy for a while. The test loads the three-gap
 * record of {@link #RECORDS} patients (acknowledged: three open gaps each), then sends one transaction that, for
 * every patient, documents the undocumented encounter (its gap closes) and adds a visit with no note (a gap
 * opens), and kills the server with SIGKILL as soon as that transaction is visible in the database, while the
 * patients are being reconciled. After the restart every write is stored; half the patients are checked again
 * by {@code $audit?persist=true}, the other half by their next write, and each then has exactly the
 * DetectedIssues its record shows: one per finding key.
 */
final class ReconciliationKill implements RestartStage {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final int RECORDS = 30;
	/** Searches must not be answered from HAPI's cache of recent identical searches. */
	private static final Map<String, String> NO_CACHE = Map.of("Cache-Control", "no-cache");

	private final String run;
	private final List<String> prefixes = new ArrayList<>();
	private boolean answeredBeforeKill;

	ReconciliationKill(String run) {
		this.run = run;
		for (int i = 0; i < RECORDS; i++) {
			prefixes.add(run + "-" + i);
		}
	}

	@Override
	public String name() {
		return "a server killed while it reconciles gaps catches up at the next check";
	}

	@Override
	public void runAndStop(ServerProcess first) throws Exception {
		HttpResponse<String> loaded = first.http().send("POST", "", records(prefixes), Map.of());
		assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);
		for (String prefix : prefixes) {
			assertThat(live(issues(first, prefix))).as("the acknowledged gaps of %s", prefix).isEqualTo(threeGaps(prefix));
		}

		String fixes = fixes(prefixes);
		String since = Instant.now().minusSeconds(1).toString();
		CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> first.http().send("POST", "", fixes, Map.of()));
		awaitReconciling(first, since, answer, prefixes);
		answeredBeforeKill = answer.isDone();
		first.kill();
	}

	@Override
	public void checkAfterRestart(ServerProcess second) {
		int reconciledBeforeKill = 0;
		for (String prefix : prefixes) {
			for (String written : List.of("/Encounter/" + prefix + "-enc4", "/DocumentReference/" + prefix + "-doc3",
					"/Encounter/" + prefix + "-enc3", "/DocumentReference/" + prefix + "-doc1")) {
				HttpResponse<String> read = second.http().send("GET", written, null, Map.of());
				assertThat(read.statusCode()).as("%s after the restart", written).isEqualTo(200);
			}
			List<DetectedIssue> stored = issues(second, prefix);
			assertThat(keys(stored)).as("finding keys of %s after the restart", prefix).doesNotHaveDuplicates();
			if (live(stored).equals(fixedGaps(prefix))) {
				reconciledBeforeKill++;
			}
		}
		System.out.printf("[%s] killed %s; %d of %d patients reconciled before the kill%n", run,
				answeredBeforeKill ? "after the transaction was answered" : "before the transaction was answered",
				reconciledBeforeKill, RECORDS);
		assertThat(answeredBeforeKill).as("killed while the patients were reconciled, before the answer").isFalse();
		assertThat(reconciledBeforeKill).as("patients reconciled before the kill").isBetween(1, RECORDS - 1);

		for (int i = 0; i < RECORDS; i++) {
			String prefix = prefixes.get(i);
			if (i % 2 == 0) {
				HttpResponse<String> audit = second.http().send("GET", "/Patient/" + prefix + "-pat/$audit?persist=true", null, Map.of());
				assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
			} else {
				Encounter visit = visit(prefix, "enc4", "2025-05-12");
				visit.getReasonCodeFirstRep().setText("Blood pressure check, rescheduled");
				HttpResponse<String> write = second.http().send("PUT", "/Encounter/" + prefix + "-enc4",
						FHIR.newJsonParser().encodeResourceToString(visit), Map.of());
				assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
			}
			List<DetectedIssue> stored = issues(second, prefix);
			assertThat(keys(stored)).as("finding keys of %s", prefix).doesNotHaveDuplicates().hasSize(4);
			assertThat(live(stored)).as("open gaps of %s after its next check", prefix).isEqualTo(fixedGaps(prefix));
			assertThat(closed(stored)).as("closed gaps of %s", prefix)
					.containsExactly(new Gaps("contact-documented", "closed-gap", "Encounter/" + prefix + "-enc3"));
		}
	}

	/**
	 * Waits until the first DetectedIssues of the patients written since {@code since} are stored: the clinical
	 * transaction is committed, and the server is reconciling its patients one after the other.
	 */
	private static void awaitReconciling(ServerProcess server, String since, CompletableFuture<HttpResponse<String>> answer,
			List<String> prefixes) throws InterruptedException {
		String patients = String.join(",", prefixes.stream().map(prefix -> "Patient/" + prefix + "-pat").toList());
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (Instant.now().isBefore(deadline)) {
			HttpResponse<String> count = server.http().send("GET",
					"/DetectedIssue?_lastUpdated=ge" + since + "&patient=" + patients + "&_summary=count", null, NO_CACHE);
			assertThat(count.statusCode()).as(count.body()).isEqualTo(200);
			if (FHIR.newJsonParser().parseResource(Bundle.class, count.body()).getTotal() > 0) {
				return;
			}
			if (answer.isDone()) {
				throw new AssertionError("the transaction was answered before any reconciliation could be seen: " + answer.join().body());
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no DetectedIssue was written within 2 minutes:\n" + server.tail());
	}

	/** The {@code mixed-several-gaps} gaps under {@code prefix}. */
	private static Set<Gaps> threeGaps(String prefix) {
		return Set.of(
				new Gaps("signature-credentials", "open-gap", "DocumentReference/" + prefix + "-doc1"),
				new Gaps("chronological-order", "open-gap", "DocumentReference/" + prefix + "-doc1"),
				new Gaps("contact-documented", "open-gap", "Encounter/" + prefix + "-enc3"));
	}

	/** After the fixes: the note's two gaps stay, the third encounter's gap is closed, the fourth encounter's is open. */
	private static Set<Gaps> fixedGaps(String prefix) {
		return Set.of(
				new Gaps("signature-credentials", "open-gap", "DocumentReference/" + prefix + "-doc1"),
				new Gaps("chronological-order", "open-gap", "DocumentReference/" + prefix + "-doc1"),
				new Gaps("contact-documented", "open-gap", "Encounter/" + prefix + "-enc4"));
	}

	/** One transaction with the three-gap record of every prefix. */
	private static String records(List<String> prefixes) {
		Bundle all = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (String prefix : prefixes) {
			Bundle one = FHIR.newJsonParser().parseResource(Bundle.class, FhirHttp.threeGapRecord(prefix, null));
			one.getEntry().forEach(all::addEntry);
		}
		return FHIR.newJsonParser().encodeResourceToString(all);
	}

	/** One transaction that, for every prefix, adds the third encounter's note and a fourth encounter without one. */
	private static String fixes(List<String> prefixes) {
		Bundle fixes = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (String prefix : prefixes) {
			put(fixes, note(prefix));
			put(fixes, visit(prefix, "enc4", "2025-05-12"));
		}
		return FHIR.newJsonParser().encodeResourceToString(fixes);
	}

	private static void put(Bundle bundle, Resource resource) {
		String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
		bundle.addEntry().setFullUrl("http://example.org/fhir/" + url).setResource(resource)
				.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
	}

	/** A finished follow-up visit with Dr Takahashi, like the record's third encounter. */
	private static Encounter visit(String prefix, String id, String day) {
		Bundle record = FHIR.newJsonParser().parseResource(Bundle.class, FhirHttp.threeGapRecord(prefix, null));
		Encounter visit = record.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r instanceof Encounter && r.getIdElement().getIdPart().equals(prefix + "-enc3"))
				.map(r -> (Encounter) r).findFirst().orElseThrow();
		visit.setId(prefix + "-" + id);
		visit.setPeriod(new Period().setStartElement(new DateTimeType(day + "T14:00:00-04:00"))
				.setEndElement(new DateTimeType(day + "T14:20:00-04:00")));
		visit.getReasonCodeFirstRep().setText("Blood pressure check");
		return visit;
	}

	/** The signed note of the third encounter, by the credentialed physician, on the day of the visit. */
	private static DocumentReference note(String prefix) {
		Bundle record = FHIR.newJsonParser().parseResource(Bundle.class, FhirHttp.threeGapRecord(prefix, null));
		DocumentReference note = record.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(r -> r instanceof DocumentReference && r.getIdElement().getIdPart().equals(prefix + "-doc2"))
				.map(r -> (DocumentReference) r).findFirst().orElseThrow();
		note.setId(prefix + "-doc3");
		note.getDateElement().setValueAsString("2025-04-07T15:00:00-04:00");
		note.getContext().getEncounterFirstRep().setReference("Encounter/" + prefix + "-enc3");
		String text = "Patient: Henrik Larsen    MRN: " + prefix + "-MRN    DOB: 1959-09-02\nProgress note\n\n"
				+ "Medication review: taking lisinopril and atorvastatin as prescribed, no missed doses, no cough or myalgia.\n"
				+ "Home readings average 128 over 80. Continue both; fasting lipid panel before the next visit.\n\n"
				+ "Electronically signed by Yumi Takahashi, MD\n";
		note.getContentFirstRep().getAttachment().setData(text.getBytes(StandardCharsets.UTF_8));
		return note;
	}

	private static List<DetectedIssue> issues(ServerProcess server, String prefix) {
		HttpResponse<String> search = server.http().send("GET", "/DetectedIssue?patient=Patient/" + prefix + "-pat&_count=200", null, NO_CACHE);
		assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
		Bundle page = FHIR.newJsonParser().parseResource(Bundle.class, search.body());
		assertThat(page.getLink("next")).as("one page holds them all").isNull();
		return page.getEntry().stream().map(e -> (DetectedIssue) e.getResource()).toList();
	}

	private static List<String> keys(List<DetectedIssue> issues) {
		return issues.stream()
				.map(issue -> java.util.Objects.requireNonNull(Gaps.findingKey(issue), "a DetectedIssue without a finding key"))
				.toList();
	}

	private static Set<Gaps> live(List<DetectedIssue> issues) {
		return Gaps.live(issues);
	}

	private static Set<Gaps> closed(List<DetectedIssue> issues) {
		return issues.stream().map(Gaps::of).filter(g -> "closed-gap".equals(g.gapStatus())).collect(Collectors.toSet());
	}
}

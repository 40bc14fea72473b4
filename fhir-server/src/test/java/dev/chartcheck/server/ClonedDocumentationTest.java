package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.clones.CloneDetector;
import dev.chartcheck.engine.clones.CloneSettings;
import dev.chartcheck.engine.clones.Shingles;
import dev.chartcheck.storage.NoteClones;
import dev.chartcheck.storage.NoteShinglesTable;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code cloned-documentation} over HTTP: the notes' text is compared with every stored note as they are written,
 * a copy is answered with a warning and kept as a DetectedIssue naming the earlier note, {@code $audit} agrees, and
 * text shared only through the clinic's template is not a copy.
 */
class ClonedDocumentationTest extends ServerTestBase {

	private static final String CODE = "cloned-documentation";
	private static final Map<String, String> RETURN_OUTCOME = Map.of("Prefer", "return=OperationOutcome");

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	private NoteShinglesTable shingles;

	@Autowired
	private NoteClones noteClones;

	@Test
	void aNoteCopiedFromAnEarlierEncounterOfThePatientIsAGapNamingThatNote() {
		String patient = id("pat");
		String author = id("author");
		postTransaction(ClonedNotes.patient(patient), ClonedNotes.practitioner(author),
				ClonedNotes.encounter(id("enc1"), patient, author, "2026-03-02"),
				ClonedNotes.encounter(id("enc2"), patient, author, "2026-04-06"));
		String history = NoteProse.content(1, 80);
		String assessment = NoteProse.content(2, 40);
		HttpResponse<String> first = put(ClonedNotes.note(id("n1"), patient, author, id("enc1"), "2026-03-02T10:00:00Z",
				NoteProse.templated(history, assessment)));
		assertThat(clonedWarnings(first)).isEmpty();

		// the next visit's note: the same history with two words changed, and the date moved on
		String copied = NoteProse.templated(NoteProse.edit(NoteProse.edit(history, 10, "better"), 50, "worse"), assessment);
		HttpResponse<String> second = put(ClonedNotes.note(id("n2"), patient, author, id("enc2"), "2026-04-06T10:00:00Z", copied));
		assertThat(clonedWarnings(second)).singleElement().satisfies(w -> assertThat(w.getDiagnostics())
				.startsWith(CODE + ": This note's content is near-identical to an earlier note of the same patient (DocumentReference/" + id("n1")
						+ ", written 2026-03-02): Jaccard similarity 0."));

		DetectedIssue gap = liveClone(patient, "DocumentReference/" + id("n2"));
		assertThat(gap.getEvidence()).flatExtracting(DetectedIssue.DetectedIssueEvidenceComponent::getDetail)
				.extracting(Reference::getReference)
				.containsExactly("DocumentReference/" + id("n1"));
		assertThat(liveClones(patient)).extracting(i -> Gaps.of(i).implicated()).containsExactly("DocumentReference/" + id("n2"));

		// $audit finds the same, and counts both notes
		Bundle audit = audit("Patient/" + patient, "standard=" + CODE + "&persist=false");
		MeasureReport.MeasureReportGroupComponent group = ((MeasureReport) audit.getEntryFirstRep().getResource()).getGroupFirstRep();
		assertThat(group.getId()).isEqualTo(CODE);
		assertThat(group.getPopulation()).extracting(MeasureReport.MeasureReportGroupPopulationComponent::getCount).contains(2, 1);

		// the earlier note entered in error: the copy has nothing left to copy, and its gap closes at once
		HttpResponse<String> withdrawn = put(ClonedNotes.note(id("n1"), patient, author, id("enc1"), "2026-03-02T10:00:00Z",
				NoteProse.templated(history, assessment)).replace("\"status\":\"current\"", "\"status\":\"entered-in-error\""));
		assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
		assertThat(liveClones(patient)).isEmpty();
	}

	@Test
	void anotherPatientsNoteCopiedByTheSameAuthorIsAGapButNotWhenAnotherAuthorWritesIt() {
		String author = id("author");
		String colleague = id("colleague");
		String earlier = id("pat-a");
		String later = id("pat-b");
		String third = id("pat-c");
		postTransaction(ClonedNotes.practitioner(author), ClonedNotes.practitioner(colleague), ClonedNotes.patient(earlier),
				ClonedNotes.patient(later), ClonedNotes.patient(third));
		String history = NoteProse.content(11, 90);
		String assessment = NoteProse.content(12, 40);
		assertThat(clonedWarnings(put(ClonedNotes.note(id("a1"), earlier, author, null, "2026-02-10T09:00:00Z",
				NoteProse.templated(history, assessment))))).isEmpty();

		HttpResponse<String> copy = put(ClonedNotes.note(id("b1"), later, author, null, "2026-02-11T09:00:00Z",
				NoteProse.templated(NoteProse.edit(history, 30, "denies"), assessment)));
		assertThat(clonedWarnings(copy)).singleElement().satisfies(w -> assertThat(w.getDiagnostics())
				.contains("another patient's earlier note by the same author (DocumentReference/" + id("a1")));
		assertThat(liveClone(later, "DocumentReference/" + id("b1")).getEvidenceFirstRep().getDetailFirstRep().getReference())
				.isEqualTo("DocumentReference/" + id("a1"));

		// the same text by another clinician, about another patient, is outside the standard
		assertThat(clonedWarnings(put(ClonedNotes.note(id("c1"), third, colleague, null, "2026-02-12T09:00:00Z",
				NoteProse.templated(NoteProse.edit(history, 30, "denies"), assessment))))).isEmpty();
		assertThat(liveClones(third)).isEmpty();
		assertThat(liveClones(earlier)).isEmpty();
	}

	@Test
	void notesThatShareOnlyTheClinicsTemplateAreNotCopies() {
		// four clinicians take turns, eight notes each, every note on the clinic's template with its own clinical
		// content: the template is learned once it has recurred in 20 notes and then in two notes of each clinician
		List<String> resources = new ArrayList<>();
		List<String> patients = new ArrayList<>();
		for (int a = 0; a < 4; a++) {
			resources.add(ClonedNotes.practitioner(id("tmpl-author" + a)));
		}
		for (int p = 0; p < 8; p++) {
			for (int a = 0; a < 4; a++) {
				String patient = id("tmpl-pat" + a + "-" + p);
				patients.add(patient);
				resources.add(ClonedNotes.patient(patient));
				resources.add(ClonedNotes.note(id("tmpl-n" + a + "-" + p), patient, id("tmpl-author" + a), null,
						"2026-01-%02dT09:00:00Z".formatted(p + 1),
						NoteProse.templated(NoteProse.content(100 + a * 10 + p, 18), NoteProse.content(200 + a * 10 + p, 8))));
			}
		}
		// the control: on their words alone, two of these notes by one clinician are far above the threshold
		CloneDetector words = new CloneDetector(CloneSettings.defaults());
		double raw = Shingles.jaccard(
				Shingles.distinct(words.shingles(NoteProse.templated(NoteProse.content(100, 18), NoteProse.content(200, 8)))),
				Shingles.distinct(words.shingles(NoteProse.templated(NoteProse.content(101, 18), NoteProse.content(201, 8)))));
		assertThat(raw).isGreaterThan(0.8);

		Bundle response = postTransaction(resources.toArray(String[]::new));
		for (Bundle.BundleEntryComponent entry : response.getEntry()) {
			if (entry.getResponse().getOutcome() instanceof OperationOutcome outcome) {
				assertThat(outcome.getIssue()).noneMatch(i -> CODE.equals(i.getDetails().getCodingFirstRep().getCode()));
			}
		}
		for (String patient : patients) {
			assertThat(liveClones(patient)).as(patient).isEmpty();
		}

		// a later note of one of them, on the same template with new content, is no copy either; its history copied is
		String history = NoteProse.content(300, 60);
		String author = id("tmpl-author0");
		String patient = patients.get(0);
		assertThat(clonedWarnings(put(ClonedNotes.note(id("tmpl-later1"), patient, author, null, "2026-02-01T09:00:00Z",
				NoteProse.templated(history, NoteProse.content(301, 8)))))).isEmpty();
		assertThat(clonedWarnings(put(ClonedNotes.note(id("tmpl-later2"), patient, author, null, "2026-02-08T09:00:00Z",
				NoteProse.templated(history, NoteProse.content(301, 8)))))).hasSize(1);
	}

	@Test
	void copiesAreVerifiedOnTheStoredShinglesAndNotesWrittenThroughAnotherServerAreTakenIn() {
		String patient = id("sync-pat");
		String author = id("sync-author");
		postTransaction(ClonedNotes.patient(patient), ClonedNotes.practitioner(author));
		String own = NoteProse.templated(NoteProse.content(401, 70), NoteProse.content(402, 30));
		put(ClonedNotes.note(id("sync1"), patient, author, null, "2026-05-01T09:00:00Z", own));
		String noteId = "DocumentReference/" + id("sync1");

		// the note's shingles are stored with it, cut from its text
		NoteShinglesTable.Row stored = shingles.row(noteId).orElseThrow();
		assertThat(stored.shingles()).isEqualTo(new CloneDetector(CloneSettings.defaults()).shingles(own));
		assertThat(stored.patientId()).isEqualTo("Patient/" + patient);
		assertThat(stored.authorId()).isEqualTo("Practitioner/" + author);

		// another server (another writer on the same database) rewrites that note's row with other text: this server
		// takes the row in, and a copy of that text is a copy of the note, though the note as stored here says
		// something else: candidates are verified on the rows, never on notes read back
		String elsewhere = NoteProse.templated(NoteProse.content(403, 70), NoteProse.content(404, 30));
		long synced = noteClones.syncedRows();
		shingles.upsert(List.of(new NoteShinglesTable.Row(noteId, stored.version(), stored.format(), stored.patientId(),
				stored.authorId(), stored.writtenAt(), new CloneDetector(CloneSettings.defaults()).shingles(elsewhere),
				shingles.lastChange() + 1, "another-server")));
		noteClones.sync(); // as the scheduled look at the table does, every few seconds
		assertThat(noteClones.syncedRows()).isEqualTo(synced + 1);
		noteClones.sync();
		assertThat(noteClones.syncedRows()).as("a row is taken in once").isEqualTo(synced + 1);

		HttpResponse<String> copy = put(ClonedNotes.note(id("sync2"), patient, author, null, "2026-05-08T09:00:00Z",
				NoteProse.templated(NoteProse.edit(NoteProse.content(403, 70), 20, "improved"), NoteProse.content(404, 30))));
		assertThat(clonedWarnings(copy)).singleElement()
				.satisfies(w -> assertThat(w.getDiagnostics()).contains("(" + noteId + ", written 2026-05-01)"));
		assertThat(clonedWarnings(put(ClonedNotes.note(id("sync3"), patient, author, null, "2026-05-09T09:00:00Z",
				NoteProse.templated(NoteProse.content(405, 70), NoteProse.content(406, 30)))))).isEmpty();
	}

	private String id(String name) {
		return "cl" + run + "-" + name;
	}

	private HttpResponse<String> put(String note) {
		String id = FHIR.newJsonParser().parseResource(note).getIdElement().getIdPart();
		HttpResponse<String> response = http("PUT", "/DocumentReference/" + id, note, RETURN_OUTCOME);
		assertThat(response.statusCode()).as(abbreviate(response.body())).isIn(200, 201);
		return response;
	}

	private Bundle postTransaction(String... resources) {
		HttpResponse<String> response = http("POST", "", ClonedNotes.transaction(resources));
		assertThat(response.statusCode()).as(abbreviate(response.body())).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	private static List<OperationOutcome.OperationOutcomeIssueComponent> clonedWarnings(HttpResponse<String> response) {
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
		return outcome.getIssue().stream().filter(i -> CODE.equals(i.getDetails().getCodingFirstRep().getCode())).toList();
	}

	private List<DetectedIssue> liveClones(String patient) {
		return storedIssues("Patient/" + patient).stream()
				.filter(i -> CODE.equals(Gaps.of(i).standard()) && !"closed-gap".equals(Gaps.of(i).gapStatus()))
				.toList();
	}

	private DetectedIssue liveClone(String patient, String note) {
		return liveClones(patient).stream().filter(i -> note.equals(Gaps.of(i).implicated())).findFirst()
				.orElseThrow(() -> new AssertionError("no live " + CODE + " gap on " + note));
	}
}

package dev.chartcheck.engine.clones;

import static dev.chartcheck.engine.clones.NoteFixtures.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.clones.CloneMatch.Relation;
import dev.chartcheck.engine.clones.NoteFixtures.Content;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloneDetectorTest {

	private final SplittableRandom random = new SplittableRandom(7);
	private final Map<String, String> texts = new HashMap<>();
	private final NoteTexts stored = id -> Optional.ofNullable(texts.get(id));
	private CloneDetector detector;

	/** A practice of eight clinicians whose forty notes share the template: rebuilt in two passes. */
	@BeforeEach
	void practice() {
		detector = new CloneDetector(CloneSettings.defaults());
		List<Note> notes = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			notes.add(note("DocumentReference/bg" + i, "Patient/bg" + i, "Practitioner/bg" + (i % 8), day(i),
					Content.random(random, 60).in(day(i))));
		}
		notes.forEach(detector::learn);
		notes.forEach(detector::index);
		assertThat(detector.stats().boilerplateShingles()).as("the template is known").isGreaterThan(100);
	}

	@Test
	void aCopyForwardAcrossEncountersOfOnePatientIsFoundWithItsSimilarity() {
		Content content = Content.random(random, 80);
		Note first = note("DocumentReference/first", "Patient/p1", "Practitioner/a1", day(50), content.in(day(50)));
		Note copy = note("DocumentReference/copy", "Patient/p1", "Practitioner/a2", day(80), content.edited(2, random).in(day(80)));

		assertThat(write(first)).isEmpty();
		List<CloneMatch> matches = write(copy);

		double exact = Shingles.jaccard(detector.contentShingles(copy.text()), detector.contentShingles(first.text()));
		assertThat(exact).isBetween(0.8, 0.99);
		assertThat(matches).singleElement().satisfies(m -> {
			assertThat(m.noteId()).isEqualTo(first.id());
			assertThat(m.patientId()).isEqualTo("Patient/p1");
			assertThat(m.authorId()).isEqualTo("Practitioner/a1");
			assertThat(m.writtenAt()).isEqualTo(day(50));
			assertThat(m.relation()).isEqualTo(Relation.SAME_PATIENT);
			assertThat(m.exact()).isTrue();
			assertThat(m.similarity()).isEqualTo(exact);
		});
	}

	@Test
	void aCopyToAnotherPatientByTheSameAuthorIsFound() {
		Content content = Content.random(random, 80);
		Note first = note("DocumentReference/n1", "Patient/p1", "Practitioner/a1", day(50), content.in(day(50)));
		Note copy = note("DocumentReference/n2", "Patient/p2", "Practitioner/a1", day(51), content.edited(1, random).in(day(51)));

		write(first);

		assertThat(write(copy)).singleElement().satisfies(m -> {
			assertThat(m.noteId()).isEqualTo(first.id());
			assertThat(m.patientId()).isEqualTo("Patient/p1");
			assertThat(m.relation()).isEqualTo(Relation.SAME_AUTHOR);
			assertThat(m.similarity()).isGreaterThan(0.9);
		});
	}

	@Test
	void anotherAuthorsNoteOfAnotherPatientIsNeverCompared() {
		String text = Content.random(random, 80).in(day(50));
		write(note("DocumentReference/n1", "Patient/p1", "Practitioner/a1", day(50), text));

		assertThat(write(note("DocumentReference/n2", "Patient/p2", "Practitioner/a2", day(51), text))).isEmpty();
		assertThat(write(note("DocumentReference/n3", "Patient/p3", null, day(52), text))).as("unknown author").isEmpty();
		assertThat(write(note("DocumentReference/n4", "Patient/p4", "Practitioner/a1", day(53), text)))
				.as("but the same author's copy is found").extracting(CloneMatch::noteId).contains("DocumentReference/n1");
	}

	@Test
	void notesThatShareOnlyThePracticeTemplateAreNotCopies() {
		List<Note> notes = templateOnlyNotes();

		for (Note n : notes) {
			assertThat(write(n)).as(n.id()).isEmpty();
		}

		// the same notes where nothing can become boilerplate (more authors needed than exist): all template, all copies
		CloneDetector blind = new CloneDetector(CloneSettings.defaults().withBoilerplate(20, 64));
		long flagged = notes.stream().filter(n -> !blind.write(n, stored).isEmpty()).count();
		assertThat(flagged).isGreaterThan(notes.size() / 2);
	}

	@Test
	void aNoteIsNeverMatchedToALaterNote() {
		Content content = Content.random(random, 80);
		Note early = note("DocumentReference/early", "Patient/p1", "Practitioner/a1", day(50), content.in(day(50)));
		Note late = note("DocumentReference/late", "Patient/p1", "Practitioner/a1", day(60), content.in(day(60)));
		texts.put(early.id(), early.text());
		texts.put(late.id(), late.text());
		detector.index(late);
		detector.index(early);

		assertThat(detector.matches(early, stored)).isEmpty();
		assertThat(detector.matches(late, stored)).extracting(CloneMatch::noteId).containsExactly(early.id());

		// written at the same instant: the id decides, so only one of the two is the copy
		Note twinA = note("DocumentReference/twin-a", "Patient/p1", "Practitioner/a1", day(70), content.in(day(70)));
		Note twinB = note("DocumentReference/twin-b", "Patient/p1", "Practitioner/a1", day(70), content.in(day(70)));
		detector.index(twinA);
		detector.index(twinB);
		assertThat(detector.matches(twinA, stored)).extracting(CloneMatch::noteId).doesNotContain(twinB.id());
		assertThat(detector.matches(twinB, stored)).extracting(CloneMatch::noteId).contains(twinA.id());
	}

	@Test
	void aNoteEditedBeyondTheThresholdIsNotACopy() {
		Content content = Content.random(random, 80);
		Note first = note("DocumentReference/n1", "Patient/p1", "Practitioner/a1", day(50), content.in(day(50)));
		Note rewritten = note("DocumentReference/n2", "Patient/p1", "Practitioner/a1", day(51),
				content.edited(12, random).in(day(51)));
		write(first);

		assertThat(Shingles.jaccard(detector.contentShingles(rewritten.text()), detector.contentShingles(first.text())))
				.isLessThan(0.8);
		assertThat(write(rewritten)).isEmpty();
	}

	@Test
	void removalTakesANoteOutAndAnUpdateReplacesIt() {
		Content content = Content.random(random, 80);
		Note first = note("DocumentReference/n1", "Patient/p1", "Practitioner/a1", day(50), content.in(day(50)));
		Note copy = note("DocumentReference/n2", "Patient/p1", "Practitioner/a1", day(51), content.in(day(51)));
		write(first);
		assertThat(write(copy)).hasSize(1);
		int size = detector.size();

		assertThat(detector.remove(first.id())).isTrue();
		assertThat(detector.remove(first.id())).isFalse();
		assertThat(detector.size()).isEqualTo(size - 1);
		assertThat(detector.matches(copy, stored)).isEmpty();

		write(first);
		Note rewritten = note(copy.id(), "Patient/p1", "Practitioner/a1", day(51), Content.random(random, 80).in(day(51)));
		assertThat(write(rewritten)).as("the update is compared by its new text").isEmpty();
		assertThat(detector.size()).isEqualTo(size);
		assertThat(detector.matches(note("DocumentReference/n3", "Patient/p1", "Practitioner/a1", day(52), copy.text()),
				stored)).extracting(CloneMatch::noteId).containsExactly(first.id());
	}

	@Test
	void aNoteWithTooLittleContentOfItsOwnIsNeitherIndexedNorFlagged() {
		String bare = NoteFixtures.templated(day(50), "Cough.", "Better.", "Resolved.");
		int size = detector.size();

		assertThat(write(note("DocumentReference/n1", "Patient/p1", "Practitioner/a1", day(50), bare))).isEmpty();
		assertThat(write(note("DocumentReference/n2", "Patient/p1", "Practitioner/a1", day(51), bare))).isEmpty();
		assertThat(detector.size()).isEqualTo(size);
	}

	@Test
	void withoutTextsTheEstimateDecidesAndAVanishedNoteIsDropped() {
		Content content = Content.random(random, 80);
		Note first = note("DocumentReference/n1", "Patient/p1", "Practitioner/a1", day(50), content.in(day(50)));
		Note copy = note("DocumentReference/n2", "Patient/p1", "Practitioner/a1", day(51), content.in(day(51)));
		detector.index(first);

		assertThat(detector.matches(copy, null)).singleElement().satisfies(m -> {
			assertThat(m.exact()).isFalse();
			assertThat(m.similarity()).isGreaterThanOrEqualTo(0.8);
		});
		assertThat(detector.matches(copy, id -> Optional.empty())).isEmpty();
		detector.index(copy);
		assertThat(detector.estimatedMatches(copy.id())).extracting(CloneMatch::noteId).containsExactly(first.id());
	}

	@Test
	void theMostSimilarEarlierNotesComeFirstUpToTheLimit() {
		CloneDetector limited = new CloneDetector(CloneSettings.defaults().withMaxMatches(2));
		Content content = Content.random(random, 120);
		int[] edits = { 4, 0, 2, 1 };
		for (int i = 0; i < edits.length; i++) {
			Note n = note("DocumentReference/v" + i, "Patient/p1", "Practitioner/a1", day(50 + i),
					content.edited(edits[i], random).in(day(50 + i)));
			texts.put(n.id(), n.text());
			limited.write(n, stored);
		}
		Note latest = note("DocumentReference/latest", "Patient/p1", "Practitioner/a1", day(60), content.in(day(60)));

		List<CloneMatch> matches = limited.write(latest, stored);

		assertThat(matches).extracting(CloneMatch::noteId).containsExactly("DocumentReference/v1", "DocumentReference/v3");
		assertThat(matches.get(0).similarity()).isEqualTo(1.0);
	}

	@Test
	void verificationReadsTheShinglesOfAFewCandidatesAtOnceHoweverManyNearCopiesThereAre() {
		// one author's short notes, all near-identical: every earlier note is a candidate
		Content content = Content.random(random, 40);
		Map<String, long[]> rows = new HashMap<>();
		for (int i = 0; i < 300; i++) {
			Note n = note("DocumentReference/same" + i, "Patient/s" + i, "Practitioner/prolific", day(200).plusSeconds(i),
					content.edited(1, random).in(day(200)));
			ShingledNote shingled = detector.shingled(n);
			rows.put(n.id(), shingled.shingles());
			detector.add(shingled);
		}
		List<List<String>> asked = new ArrayList<>();
		NoteShingles table = ids -> {
			asked.add(List.copyOf(ids));
			Map<String, long[]> found = new HashMap<>();
			ids.forEach(id -> found.put(id, rows.get(id)));
			return found;
		};
		Note next = note("DocumentReference/next", "Patient/s-next", "Practitioner/prolific", day(201),
				content.edited(1, random).in(day(200)));
		List<CloneMatch> matches = detector.matches(detector.shingled(next), table);

		assertThat(matches).hasSize(CloneSettings.defaults().maxMatches()).allMatch(CloneMatch::exact);
		assertThat(asked).singleElement().satisfies(ids -> assertThat(ids).hasSizeLessThanOrEqualTo(
				CloneDetector.VERIFY_PER_MATCH * CloneSettings.defaults().maxMatches()));
		// the same notes verified from their text find the same matches
		assertThat(detector.matches(next, stored)).isEqualTo(matches);
	}

	/** Eight authors, each writing for two patients, each patient seen by two authors: only the template in common. */
	private List<Note> templateOnlyNotes() {
		List<Note> notes = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			String author = "Practitioner/t" + (i % 8);
			String patient = "Patient/t" + (i / 2);
			notes.add(note("DocumentReference/t" + i, patient, author, day(100 + i),
					Content.random(random, 6).in(day(100 + i))));
		}
		return notes;
	}

	private List<CloneMatch> write(Note n) {
		texts.put(n.id(), n.text());
		return detector.write(n, stored);
	}

	private Note note(String id, String patient, String author, Instant at, String text) {
		texts.put(id, text);
		return new Note(id, patient, author, at, text);
	}
}

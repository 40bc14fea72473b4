package dev.chartcheck.engine.clones;

import static dev.chartcheck.engine.clones.NoteFixtures.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.clones.NoteFixtures.Content;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CloneBoilerplateTest {

	private static final long TEMPLATE = 0x7E3A_0001L;
	private final SplittableRandom random = new SplittableRandom(11);
	private final Boilerplate boilerplate = new Boilerplate(CloneSettings.defaults().withBoilerplate(20, 4));

	@Test
	void aShingleRecurringInManyNotesByManyAuthorsBecomesBoilerplate() {
		for (int i = 0; i < 19; i++) {
			boilerplate.observe(noteWith(TEMPLATE), "Practitioner/" + (i % 5));
		}
		assertThat(boilerplate.isBoilerplate(TEMPLATE)).as("19 notes are not many").isFalse();

		for (int i = 19; i < 30; i++) {
			boilerplate.observe(noteWith(TEMPLATE), "Practitioner/" + (i % 5));
		}

		assertThat(boilerplate.isBoilerplate(TEMPLATE)).isTrue();
		assertThat(boilerplate.size()).isEqualTo(1);
		assertThat(boilerplate.version()).isEqualTo(1);
		assertThat(boilerplate.content(new long[] { 5, TEMPLATE, 6 })).containsExactly(5, 6);
	}

	@Test
	void oneAuthorRepeatingAParagraphIsNotTemplateHoweverOften() {
		for (int i = 0; i < 300; i++) {
			boilerplate.observe(noteWith(TEMPLATE), "Practitioner/copier");
		}
		for (int i = 0; i < 300; i++) {
			boilerplate.observe(noteWith(TEMPLATE), null);
		}

		assertThat(boilerplate.isBoilerplate(TEMPLATE)).isFalse();
		assertThat(boilerplate.watchedCount()).isEqualTo(1);
	}

	@Test
	void aPhraseManyAuthorsUseNowAndThenStaysContent() {
		long phrase = 0x7E3A_0003L;
		for (int i = 0; i < 600; i++) {
			long[] note = noteWith(TEMPLATE);
			if (i % 10 == 3) {
				note[30] = phrase;
			}
			boilerplate.observe(note, "Practitioner/" + (i % 12));
		}

		assertThat(boilerplate.isBoilerplate(TEMPLATE)).as("in every note of its authors").isTrue();
		assertThat(boilerplate.isBoilerplate(phrase)).as("60 notes by 12 authors, but a tenth of each one's notes").isFalse();
	}

	@Test
	void aShingleRepeatedWithinOneNoteCountsOnce() {
		long[] repeated = new long[40];
		java.util.Arrays.fill(repeated, TEMPLATE);
		for (int i = 0; i < 15; i++) {
			boilerplate.observe(repeated, "Practitioner/" + i);
		}

		assertThat(boilerplate.isBoilerplate(TEMPLATE)).isFalse();
	}

	@Test
	void recurringMeansRecurringWithinTheLearningWindow() {
		// a 1 KiB sketch ages every 2,048 counted shingles: here every 20 notes of 100 shingles
		Boilerplate small = new Boilerplate(CloneSettings.defaults().withBoilerplate(20, 4).withSketchBits(10));
		long rare = 0x7E3A_0002L;
		for (int i = 0; i < 1200; i++) {
			long[] note = MinHashTest.randomShingles(random, 100);
			note[0] = TEMPLATE;
			if (i % 30 == 0) {
				note[1] = rare;
			}
			small.observe(note, "Practitioner/" + (i % 7));
		}

		assertThat(small.isBoilerplate(TEMPLATE)).isTrue();
		assertThat(small.isBoilerplate(rare)).as("40 notes in all, but under one per window").isFalse();
		assertThat(small.size()).as("no random shingle reached 20 notes").isEqualTo(1);
	}

	@Test
	void notesSignedBeforeTheirTemplateWasLearnedAreStaleUntilIndexedAgain() {
		CloneDetector detector = new CloneDetector(CloneSettings.defaults());
		Map<String, String> texts = new HashMap<>();
		List<Note> notes = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			Note n = new Note("DocumentReference/n" + i, "Patient/p" + i, "Practitioner/a" + (i % 8), day(i),
					Content.random(random, 40).in(day(i)));
			notes.add(n);
			texts.put(n.id(), n.text());
			detector.write(n, id -> Optional.ofNullable(texts.get(id)));
		}

		NoteTexts stored = id -> Optional.ofNullable(texts.get(id));
		Note copyOfFirst = new Note("DocumentReference/copy", "Patient/p0", "Practitioner/a5", day(60),
				notes.get(0).text());

		List<String> stale = detector.staleNotes();
		assertThat(stale).as("the first notes were signed with the template").contains("DocumentReference/n0")
				.doesNotContain("DocumentReference/n39");
		assertThat(detector.matches(copyOfFirst, stored)).as("a stale signature hides the copy").isEmpty();

		assertThat(detector.reindexStale(stored)).isEqualTo(stale.size());

		assertThat(detector.staleNotes()).isEmpty();
		assertThat(detector.matches(copyOfFirst, stored)).extracting(CloneMatch::noteId)
				.containsExactly("DocumentReference/n0");
	}

	private long[] noteWith(long shingle) {
		long[] note = MinHashTest.randomShingles(random, 50);
		note[17] = shingle;
		return note;
	}
}

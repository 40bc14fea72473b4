package dev.chartcheck.engine.clones;

import static dev.chartcheck.engine.clones.NoteFixtures.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartcheck.engine.clones.NoteFixtures.Content;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CloneSerializationTest {

	private final SplittableRandom random = new SplittableRandom(13);
	private final Map<String, String> texts = new HashMap<>();
	private final NoteTexts stored = id -> Optional.ofNullable(texts.get(id));

	@Test
	void aReadIndexGivesTheSameAnswersAndLearnsOnAsTheOriginal() throws IOException {
		CloneDetector original = new CloneDetector(CloneSettings.defaults());
		List<Note> notes = practiceWithCopies(original);
		original.remove(notes.get(3).id());

		byte[] bytes = write(original);
		CloneDetector read = CloneDetector.readFrom(new ByteArrayInputStream(bytes), CloneSettings.defaults());

		assertThat(read.stats()).isEqualTo(original.stats());
		assertThat(write(read)).as("written again, byte for byte").isEqualTo(bytes);
		assertThat(read.staleNotes()).isEqualTo(original.staleNotes());
		int withMatches = 0;
		for (Note n : notes) {
			List<CloneMatch> expected = original.matches(n, stored);
			assertThat(read.matches(n, stored)).as(n.id()).isEqualTo(expected);
			assertThat(read.estimatedMatches(n.id())).isEqualTo(original.estimatedMatches(n.id()));
			withMatches += expected.isEmpty() ? 0 : 1;
		}
		assertThat(withMatches).as("the comparison covers copies").isGreaterThanOrEqualTo(10);

		Content content = Content.random(random, 60);
		for (int i = 0; i < 30; i++) {
			Note n = new Note("DocumentReference/new" + i, "Patient/new" + (i % 3), "Practitioner/new" + (i % 6), day(200 + i),
					content.edited(i % 4, random).in(day(200 + i)));
			texts.put(n.id(), n.text());
			assertThat(read.write(n, stored)).isEqualTo(original.write(n, stored));
		}
		assertThat(write(read)).isEqualTo(write(original));
	}

	@Test
	void anIndexBuiltWithOtherSettingsIsRefusedSoThatTheCallerRebuilds() throws IOException {
		CloneDetector detector = new CloneDetector(CloneSettings.defaults());
		practiceWithCopies(detector);
		byte[] bytes = write(detector);

		assertThatThrownBy(() -> CloneDetector.readFrom(new ByteArrayInputStream(bytes), CloneSettings.defaults().withShingleSize(4)))
				.isInstanceOf(IOException.class).hasMessageContaining("rebuild");
		assertThatThrownBy(() -> CloneDetector.readFrom(new ByteArrayInputStream(bytes), CloneSettings.defaults().withBands(10, 4)))
				.isInstanceOf(IOException.class).hasMessageContaining("rebuild");
		assertThatThrownBy(() -> CloneDetector.readFrom(new ByteArrayInputStream(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }),
				CloneSettings.defaults())).isInstanceOf(IOException.class).hasMessageContaining("not a clone index");
	}

	/** Forty notes of eight authors in the practice template, and twelve copies with a few words changed. */
	private List<Note> practiceWithCopies(CloneDetector detector) {
		List<Note> notes = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			notes.add(new Note("DocumentReference/" + i, "Patient/" + (i % 20), "Practitioner/" + (i % 8), day(i),
					Content.random(random, 50).in(day(i))));
		}
		for (int i = 0; i < 12; i++) {
			Note source = notes.get(i);
			notes.add(new Note("DocumentReference/copy" + i, i % 2 == 0 ? source.patientId() : "Patient/other" + i,
					source.authorId(), day(100 + i), source.text().replace("Subjective:", "Subjective: also")));
		}
		for (Note n : notes) {
			texts.put(n.id(), n.text());
			detector.write(n, stored);
		}
		detector.reindexStale(stored);
		return notes;
	}

	private static byte[] write(CloneDetector detector) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		detector.writeTo(out);
		return out.toByteArray();
	}
}

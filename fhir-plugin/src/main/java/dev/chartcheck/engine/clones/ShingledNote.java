package dev.chartcheck.engine.clones;

import java.time.Instant;
import java.util.Objects;

/**
 * A note as the clone index keeps it: who it is about, who wrote it, when, and its {@link Shingles} (in text order,
 * repeats kept) instead of its text. Everything the index does with a note (learn its template text, sign it,
 * verify it against another) works from these, so a stored note never has to be read back to be compared.
 *
 * @param shingles {@link CloneDetector#shingles(String)} of the note's text
 */
public record ShingledNote(String id, String patientId, String authorId, Instant writtenAt, long[] shingles) {

	public ShingledNote {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(patientId, "patientId");
		Objects.requireNonNull(writtenAt, "writtenAt");
		Objects.requireNonNull(shingles, "shingles");
	}
}

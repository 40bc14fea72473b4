package dev.chartcheck.engine.clones;

import java.time.Instant;

/**
 * An earlier note that a note is near-identical to: the evidence of a {@code cloned-documentation} finding.
 *
 * @param noteId the earlier note
 * @param patientId its patient
 * @param authorId its author, or null
 * @param writtenAt when it was written
 * @param similarity the Jaccard similarity of the two notes' boilerplate-free shingle sets, exact when
 *        {@code exact}, else estimated from their signatures
 * @param exact whether the similarity was computed from both notes' text
 * @param relation how the two notes are related
 */
public record CloneMatch(
		String noteId,
		String patientId,
		String authorId,
		Instant writtenAt,
		double similarity,
		boolean exact,
		Relation relation) {

	/** Why the two notes are compared at all. */
	public enum Relation {
		/** Both notes are about the same patient (by any authors). */
		SAME_PATIENT,
		/** Another patient's note by the same author. */
		SAME_AUTHOR
	}

	CloneMatch withExactSimilarity(double value) {
		return new CloneMatch(noteId, patientId, authorId, writtenAt, value, true, relation);
	}
}

package dev.chartcheck.engine.clones;

import java.util.Optional;

/**
 * Where the clone check reads an earlier note's text to verify a candidate exactly. The index keeps only a
 * signature per note (a few hundred bytes), so the exact similarity that a finding reports is computed from the
 * stored note itself, and only for the few candidates the signatures point to.
 */
@FunctionalInterface
public interface NoteTexts {

	/** The text of note {@code noteId}, or empty when it is gone or unreadable (the candidate is then dropped). */
	Optional<String> textOf(String noteId);
}

package dev.chartcheck.engine.clones;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The exact check of the candidates the index's estimate found: the most similar few by the estimate (at most
 * {@link #PER_MATCH} per reported match, however many near-duplicates the note has) are compared on both notes'
 * content shingles, and kept when their Jaccard similarity reaches the threshold.
 */
final class CandidateVerification {

	/** At most this many candidates per reported match are read and verified (the most similar by estimate). */
	static final int PER_MATCH = 4;

	private static final Comparator<CloneMatch> MOST_SIMILAR_FIRST = Comparator
			.comparingDouble(CloneMatch::similarity).reversed()
			.thenComparing(CloneMatch::writtenAt)
			.thenComparing(CloneMatch::noteId);

	private final CloneSettings settings;
	private final UnaryOperator<long[]> content;

	/** @param content a note's shingles without today's boilerplate */
	CandidateVerification(CloneSettings settings, UnaryOperator<long[]> content) {
		this.settings = settings;
		this.content = content;
	}

	/** The least estimated similarity of a candidate: a margin below the threshold when candidates are verified. */
	double minEstimate(NoteShingles earlier) {
		return earlier == null ? settings.threshold() : Math.max(0, settings.threshold() - settings.estimateMargin());
	}

	/** The candidates that are near-identical, most similar first; all of them, capped, when nothing can verify. */
	List<CloneMatch> verify(long[] shingles, List<CloneMatch> candidates, NoteShingles earlier) {
		if (earlier == null || candidates.isEmpty()) {
			return candidates.size() > settings.maxMatches() ? List.copyOf(candidates.subList(0, settings.maxMatches()))
					: candidates;
		}
		long[] query = Shingles.distinct(content.apply(shingles));
		List<CloneMatch> verified = new ArrayList<>();
		// the estimate orders candidates only roughly: verify a few more than needed, keep the most similar
		long readAtMost = (long) PER_MATCH * settings.maxMatches();
		List<CloneMatch> toRead = candidates.size() > readAtMost ? candidates.subList(0, (int) readAtMost) : candidates;
		List<String> ids = new ArrayList<>(toRead.size());
		toRead.forEach(c -> ids.add(c.noteId()));
		Map<String, long[]> stored = earlier.shinglesOf(ids);
		for (CloneMatch candidate : toRead) {
			long[] found = stored.get(candidate.noteId());
			if (found == null) {
				continue;
			}
			long[] other = Shingles.distinct(content.apply(found));
			if (other.length < settings.minContentShingles()) {
				continue;
			}
			double similarity = Shingles.jaccard(query, other);
			if (similarity >= settings.threshold()) {
				verified.add(candidate.withExactSimilarity(similarity));
			}
		}
		verified.sort(MOST_SIMILAR_FIRST);
		return verified.size() > settings.maxMatches() ? List.copyOf(verified.subList(0, settings.maxMatches())) : verified;
	}
}

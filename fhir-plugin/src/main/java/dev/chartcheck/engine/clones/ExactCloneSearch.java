package dev.chartcheck.engine.clones;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The exact baseline the index is measured against: every earlier related note, found by a scan of all notes,
 * compared by exact Jaccard similarity on the same boilerplate-free shingles. For tests and benchmarks: its query
 * costs a pass over the whole store.
 */
public final class ExactCloneSearch {

	private final CloneSettings settings;
	private final List<Entry> notes = new ArrayList<>();

	public ExactCloneSearch(CloneSettings settings) {
		this.settings = settings;
	}

	/** Adds a note by its boilerplate-free shingles as a sorted set ({@link CloneDetector#contentShingles}). */
	public void add(String id, String patientId, String authorId, Instant writtenAt, long[] contentShingles) {
		if (contentShingles.length >= settings.minContentShingles()) {
			notes.add(new Entry(id, patientId, authorId, writtenAt, contentShingles));
		}
	}

	public int size() {
		return notes.size();
	}

	/** Every earlier related note whose exact similarity reaches the threshold, most similar first (no cap). */
	public List<CloneMatch> matches(String id, String patientId, String authorId, Instant writtenAt,
			long[] contentShingles) {
		List<CloneMatch> out = new ArrayList<>();
		if (contentShingles.length < settings.minContentShingles()) {
			return out;
		}
		for (Entry e : notes) {
			CloneMatch.Relation relation;
			if (e.patientId.equals(patientId)) {
				relation = CloneMatch.Relation.SAME_PATIENT;
			} else if (authorId != null && authorId.equals(e.authorId)) {
				relation = CloneMatch.Relation.SAME_AUTHOR;
			} else {
				continue;
			}
			int order = e.writtenAt.compareTo(writtenAt);
			if (e.id.equals(id) || order > 0 || (order == 0 && e.id.compareTo(id) >= 0)) {
				continue;
			}
			double similarity = Shingles.jaccard(contentShingles, e.shingles);
			if (similarity >= settings.threshold()) {
				out.add(new CloneMatch(e.id, e.patientId, e.authorId, e.writtenAt, similarity, true, relation));
			}
		}
		out.sort(Comparator.comparingDouble(CloneMatch::similarity).reversed().thenComparing(CloneMatch::noteId));
		return out;
	}

	private record Entry(String id, String patientId, String authorId, Instant writtenAt, long[] shingles) {
	}
}

package dev.chartcheck.engine.clones;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the clone check finds an earlier note's shingles to verify a candidate exactly: what the index keeps for
 * every note beside its signature (in the server, a table in the shared database with a cache in front), never the
 * note itself. Asked once per checked note, for its few best candidates together.
 */
@FunctionalInterface
public interface NoteShingles {

	/**
	 * The shingles ({@link CloneDetector#shingles(String)}: text order, repeats kept) of each of {@code noteIds} that
	 * is known; a note that is gone is left out (its candidacy is then dropped).
	 */
	Map<String, long[]> shinglesOf(Collection<String> noteIds);

	/** The shingles of the notes' texts, as {@code texts} gives them (for tests and benchmarks that hold the texts). */
	static NoteShingles ofTexts(NoteTexts texts, CloneSettings settings) {
		return ids -> {
			Map<String, long[]> found = new HashMap<>();
			for (String id : ids) {
				texts.textOf(id).ifPresent(text -> found.put(id, Shingles.of(text, settings.shingleSize(), settings.seed())));
			}
			return found;
		};
	}
}

package dev.chartcheck.engine.clones;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The author evidence behind boilerplate: for each recurring shingle, which authors write it and in what share of
 * their notes. A template is text that the clinicians who use it put in most of their notes; a common clinical phrase
 * ("presents with severe", "mg oral tablet twice") recurs across many notes and authors too, but each author uses it in
 * a small share of notes. So a shingle is a template once {@code minAuthors} authors have each written it in at least
 * two notes and in at least {@code share} of the notes they wrote since they first used it. Unlike a count of notes,
 * the share does not depend on how many practices the store serves, and it keeps a store's boilerplate from growing
 * with every phrase that happens to recur.
 *
 * <p>Each watched shingle tracks up to {@code 2 × minAuthors} authors (author key, the author's note count before
 * their first use, uses since). Not thread-safe.
 */
final class AuthorShares {

	private static final int MIN_USES = 2;

	private final int minAuthors;
	private final double share;
	private final int tracked;
	private final Map<Long, int[]> watched = new HashMap<>();
	private final Map<Integer, int[]> notesByAuthor = new HashMap<>();

	AuthorShares(int minAuthors, double share) {
		this.minAuthors = minAuthors;
		this.share = share;
		this.tracked = 2 * minAuthors;
	}

	/** Counts a note by {@code author} (a non-zero key): call once per note, before its {@link #use}s. */
	void noteBy(int author) {
		notesByAuthor.computeIfAbsent(author, a -> new int[1])[0]++;
	}

	/**
	 * {@code author} used recurring shingle {@code h} in the note just counted; true when that makes it a template (it
	 * is then no longer watched).
	 */
	boolean use(long h, int author) {
		int[] e = watched.get(h);
		int notes = notesOf(author);
		if (e == null) {
			if (watched.size() >= Boilerplate.MAX_WATCHED) {
				return false;
			}
			e = new int[3 * tracked];
			watched.put(h, e);
		}
		int free = -1;
		for (int i = 0; i < tracked; i++) {
			if (e[3 * i] == author) {
				e[3 * i + 2]++;
				if (qualifies(e, i, notes) && qualifyingAuthors(e) >= minAuthors) {
					watched.remove(h);
					return true;
				}
				return false;
			}
			if (e[3 * i] == 0 && free < 0) {
				free = i;
			}
		}
		if (free >= 0) {
			e[3 * free] = author;
			e[3 * free + 1] = notes - 1;
			e[3 * free + 2] = 1;
		}
		return false;
	}

	/** Forgets watched shingles that no author uses in a template's share of their notes (frees their slots). */
	void age() {
		watched.values().removeIf(e -> qualifyingAuthors(e) == 0);
	}

	int size() {
		return watched.size();
	}

	long bytes() {
		return watched.size() * (64L + 12L * tracked) + notesByAuthor.size() * 64L;
	}

	/** The state, for {@link CloneIndexFormat}: watched shingles (sorted) with their entries, then author counts. */
	List<long[]> watchedEntries() {
		List<long[]> out = new ArrayList<>();
		watched.keySet().stream().sorted().forEach(h -> {
			int[] e = watched.get(h);
			long[] row = new long[1 + e.length];
			row[0] = h;
			for (int i = 0; i < e.length; i++) {
				row[1 + i] = e[i];
			}
			out.add(row);
		});
		return out;
	}

	List<int[]> authorCounts() {
		List<int[]> out = new ArrayList<>();
		notesByAuthor.keySet().stream().sorted().forEach(a -> out.add(new int[] { a, notesByAuthor.get(a)[0] }));
		return out;
	}

	int entryLength() {
		return 3 * tracked;
	}

	void restore(long h, int[] entry) {
		watched.put(h, entry);
	}

	void restoreAuthor(int author, int notes) {
		notesByAuthor.put(author, new int[] { notes });
	}

	private int notesOf(int author) {
		int[] n = notesByAuthor.get(author);
		return n == null ? 0 : n[0];
	}

	private boolean qualifies(int[] e, int i, int authorNotes) {
		int uses = e[3 * i + 2];
		return uses >= MIN_USES && uses >= share * (authorNotes - e[3 * i + 1]);
	}

	private int qualifyingAuthors(int[] e) {
		int n = 0;
		for (int i = 0; i < tracked; i++) {
			if (e[3 * i] != 0 && qualifies(e, i, notesOf(e[3 * i]))) {
				n++;
			}
		}
		return n;
	}
}

package dev.chartcheck.engine.clones;


/**
 * Learns, note by note, which shingles are template boilerplate (headers, section titles, a practice's standard
 * phrases), so that similarity is measured on clinical content only. A shingle becomes boilerplate once it has
 * recurred in at least {@code boilerplateMinNotes} notes <em>and</em> at least {@code boilerplateMinAuthors} distinct
 * authors each put it in a good share ({@code boilerplateAuthorShare}) of their notes (see {@link AuthorShares}).
 * One clinician pasting the same paragraph into every note is the copying the check looks for, not a template,
 * however often it recurs; a clinical phrase many clinicians use now and then is content.
 *
 * <p>Counting every shingle exactly would cost more than the whole index, since most shingles are seen once.
 * So note counts go to a count-min sketch (one byte array, two counters per shingle, conservative update,
 * counters saturate at 255), and only a shingle whose count reaches {@code boilerplateMinNotes} is watched
 * exactly, with its authors. The sketch ages: each time it has taken twice its size in increments, every counter
 * is halved and watched shingles no author uses in a template's share are forgotten. So "recurring" means
 * recurring within a window of about {@code 2 × sketch size / shingles per note} notes (some 12,000 notes of 340
 * shingles at the default 2 MiB), which keeps false counts from piling up however large the store grows.
 *
 * <p>Boilerplate only grows. A note signed before one of its shingles became boilerplate keeps that shingle in
 * its signature; verification of candidates always uses the current boilerplate on both sides, and
 * {@link CloneIndex#staleNotes(Boilerplate)} finds the notes whose signatures are affected.
 *
 * <p>Not thread-safe; {@link CloneDetector} guards it.
 */
public final class Boilerplate {

	/** Watched shingles beyond this many are not watched until aging frees room (bounds memory). */
	static final int MAX_WATCHED = 1 << 16;

	private final int minNotes;
	private final byte[] sketch;
	private final int mask;
	private final long agingPeriod;
	private final ShingleSet boilerplate = new ShingleSet();
	private final AuthorShares authors;
	private long increments;
	private long version;
	private long[] seenKeys = new long[1024];
	private int[] seenStamp = new int[1024];
	private int stamp;

	public Boilerplate(CloneSettings settings) {
		this.minNotes = settings.boilerplateMinNotes();
		this.authors = new AuthorShares(settings.boilerplateMinAuthors(), settings.boilerplateAuthorShare());
		this.sketch = new byte[1 << settings.boilerplateSketchBits()];
		this.mask = sketch.length - 1;
		this.agingPeriod = 2L * sketch.length;
	}

	/** Counts one note's shingles (each once per note) towards boilerplate, with its author as evidence. */
	public void observe(long[] shingles, String authorId) {
		int author = authorKey(authorId);
		if (author != 0) {
			authors.noteBy(author);
		}
		prepareSeen(shingles.length);
		for (long h : shingles) {
			if (!firstInNote(h) || boilerplate.contains(h)) {
				continue;
			}
			int i1 = (int) h & mask;
			int i2 = (int) (h >>> 32) & mask;
			int c1 = sketch[i1] & 0xff;
			int c2 = sketch[i2] & 0xff;
			int c = Math.min(c1, c2);
			if (c < 255) {
				if (c1 == c) {
					sketch[i1] = (byte) (c + 1);
				}
				if (c2 == c) {
					sketch[i2] = (byte) (c + 1);
				}
			}
			increments++;
			if (c + 1 >= minNotes && author != 0 && authors.use(h, author)) {
				boilerplate.add(h);
				version++;
			}
		}
		if (increments >= agingPeriod) {
			age();
		}
	}

	public boolean isBoilerplate(long shingle) {
		return boilerplate.contains(shingle);
	}

	/** The shingles that are not boilerplate, in their order (the same array when none is). */
	public long[] content(long[] shingles) {
		long[] out = null;
		int n = 0;
		for (int i = 0; i < shingles.length; i++) {
			long h = shingles[i];
			if (boilerplate.contains(h)) {
				if (out == null) {
					out = new long[shingles.length - 1];
					System.arraycopy(shingles, 0, out, 0, i);
					n = i;
				}
			} else if (out != null) {
				out[n++] = h;
			}
		}
		return out == null ? shingles : java.util.Arrays.copyOf(out, n);
	}

	/** The signature of the shingles that are not boilerplate, or null when fewer than {@code minContent} remain. */
	long[] sign(long[] shingles, int bands, int rows, int minContent) {
		return MinHash.signature(shingles, bands, rows, boilerplate, minContent);
	}

	/** How many shingles are boilerplate. */
	public int size() {
		return boilerplate.size();
	}

	/** How many shingles are being watched (recurring, not yet by enough authors). */
	public int watchedCount() {
		return authors.size();
	}

	/** Goes up by one each time a shingle becomes boilerplate. */
	public long version() {
		return version;
	}

	/** Bytes held: the sketch, the boilerplate set and (estimated) the watched shingles. */
	public long bytes() {
		return sketch.length + boilerplate.bytes() + authors.bytes();
	}

	long[] boilerplateShingles() {
		return boilerplate.toSortedArray();
	}

	byte[] sketch() {
		return sketch;
	}

	long increments() {
		return increments;
	}

	AuthorShares authors() {
		return authors;
	}

	/** Restores persisted state (see {@link CloneIndexFormat}); the author evidence is restored into {@link #authors()}. */
	void restore(long[] shingles, byte[] counts, long incrementCount, long versionNumber) {
		if (counts.length != sketch.length) {
			throw new IllegalArgumentException("sketch of " + counts.length + " bytes, expected " + sketch.length);
		}
		for (long h : shingles) {
			boilerplate.add(h);
		}
		System.arraycopy(counts, 0, sketch, 0, counts.length);
		increments = incrementCount;
		version = versionNumber;
	}

	/** A non-zero key per author; 0 for an unknown author, who counts towards notes but not towards authors. */
	static int authorKey(String authorId) {
		if (authorId == null || authorId.isEmpty()) {
			return 0;
		}
		int k = (int) (Shingles.mix(authorId.hashCode() * 0x9E3779B97F4A7C15L) >>> 32);
		return k == 0 ? 1 : k;
	}

	private void age() {
		for (int i = 0; i < sketch.length; i++) {
			sketch[i] = (byte) ((sketch[i] & 0xff) >>> 1);
		}
		authors.age();
		increments = 0;
	}

	/** A scratch set, cleared in O(1) by a new stamp, so that a shingle repeated within a note counts once. */
	private void prepareSeen(int n) {
		int needed = Integer.highestOneBit(Math.max(16, n) * 2 - 1) * 2;
		if (seenKeys.length < needed) {
			seenKeys = new long[needed];
			seenStamp = new int[needed];
			stamp = 0;
		}
		stamp++;
		if (stamp == 0) {
			java.util.Arrays.fill(seenStamp, 0);
			stamp = 1;
		}
	}

	private boolean firstInNote(long h) {
		int m = seenKeys.length - 1;
		for (int i = (int) (h ^ (h >>> 29)) & m;; i = (i + 1) & m) {
			if (seenStamp[i] != stamp) {
				seenStamp[i] = stamp;
				seenKeys[i] = h;
				return true;
			}
			if (seenKeys[i] == h) {
				return false;
			}
		}
	}
}

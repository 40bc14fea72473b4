package dev.chartcheck.engine.clones;

import java.util.Arrays;

/**
 * Word k-shingles as 64-bit hashes: every run of {@code k} consecutive words of a note, hashed with a seed.
 * Near-identical is measured as the Jaccard similarity of two notes' shingle sets; a shingle of three or
 * more words keeps word order, so the same vocabulary in a different note does not look like a copy.
 *
 * <p>The hash is not cryptographic: it only has to be fast and well mixed (the finalizer of MurmurHash3 over
 * an order-dependent combination of the words' hashes), and the same on every machine and every run, since
 * signatures are persisted.
 */
public final class Shingles {

	private static final long GOLDEN = 0x9E3779B97F4A7C15L;

	private Shingles() {
	}

	/** The shingles of a text, in text order, repeats kept. */
	public static long[] of(String text, int size, long seed) {
		return of(NoteText.wordHashes(text), size, seed);
	}

	/**
	 * The shingles of a sequence of word hashes: one per run of {@code size} consecutive words; a note shorter
	 * than that gives one shingle of all its words, an empty note none.
	 */
	public static long[] of(long[] words, int size, long seed) {
		if (size < 1) {
			throw new IllegalArgumentException("shingle size must be at least 1, was " + size);
		}
		if (words.length == 0) {
			return new long[0];
		}
		int k = Math.min(size, words.length);
		long[] shingles = new long[words.length - k + 1];
		for (int i = 0; i < shingles.length; i++) {
			long h = seed;
			for (int j = 0; j < k; j++) {
				h = (Long.rotateLeft(h, 27) ^ words[i + j]) * GOLDEN;
			}
			shingles[i] = mix(h ^ k);
		}
		return shingles;
	}

	/** The distinct shingles, sorted: the set form that {@link #jaccard(long[], long[])} compares. */
	public static long[] distinct(long[] shingles) {
		long[] s = shingles.clone();
		Arrays.sort(s);
		int n = 0;
		for (int i = 0; i < s.length; i++) {
			if (i == 0 || s[i] != s[i - 1]) {
				s[n++] = s[i];
			}
		}
		return n == s.length ? s : Arrays.copyOf(s, n);
	}

	/** The exact Jaccard similarity of two sets given as sorted distinct arrays; 0 when both are empty. */
	public static double jaccard(long[] a, long[] b) {
		if (a.length == 0 && b.length == 0) {
			return 0;
		}
		int i = 0;
		int j = 0;
		int common = 0;
		while (i < a.length && j < b.length) {
			if (a[i] == b[j]) {
				common++;
				i++;
				j++;
			} else if (a[i] < b[j]) {
				i++;
			} else {
				j++;
			}
		}
		return (double) common / (a.length + b.length - common);
	}

	/** The MurmurHash3 64-bit finalizer: every input bit flips each output bit with probability about 1/2. */
	static long mix(long h) {
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		h *= 0xc4ceb9fe1a85ec53L;
		h ^= h >>> 33;
		return h;
	}
}

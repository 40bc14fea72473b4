package dev.chartcheck.engine.clones;

import java.util.Arrays;

/**
 * MinHash signatures of shingle sets, by one-permutation hashing with optimal densification (Li, Owen and Zhang
 * 2012; Shrivastava 2017): each shingle falls into one of {@code K = bands × rows} bins by its hash, and a bin
 * keeps the least hash it saw; a bin no shingle fell into borrows the value of a bin chosen by a fixed hash
 * sequence. Two notes' bins agree with probability equal to the Jaccard similarity of their shingle sets, as
 * with {@code K} independent hash functions, but signing costs one pass over the shingles instead of {@code K}.
 *
 * <p>Each bin's value is kept as 16 bits (a hash of the bin's least 32-bit hash and the bin number), packed
 * {@code rows} to a {@code long}: one {@code long} per LSH band, so that a band is compared and hashed as a
 * word. Two different minima agree on 16 bits with probability 2<sup>-16</sup>, which biases the estimate by
 * less than 10<sup>-4</sup>.
 */
public final class MinHash {

	/** Bits kept per minhash value. */
	public static final int VALUE_BITS = 16;

	private static final long EMPTY = Long.MAX_VALUE;
	private static final long GOLDEN = 0x9E3779B97F4A7C15L;
	private static final long LOW_BIT_OF_LANES = 0x0001_0001_0001_0001L;

	private MinHash() {
	}

	/**
	 * The signature of a set of shingles (repeats do not matter): {@code bands} words of {@code rows} 16-bit values;
	 * {@code null} when there are no shingles.
	 */
	public static long[] signature(long[] shingles, int bands, int rows) {
		return signature(shingles, bands, rows, null, 1);
	}

	/**
	 * The signature of the shingles that {@code skip} does not exclude (boilerplate), or null when fewer than
	 * {@code minShingles} of them remain (repeats counted): filtering and signing in one pass.
	 */
	static long[] signature(long[] shingles, int bands, int rows, ShingleSet skip, int minShingles) {
		int k = bands * rows;
		long[] mins = new long[k];
		Arrays.fill(mins, EMPTY);
		int kept = 0;
		for (long h : shingles) {
			if (skip != null && skip.contains(h)) {
				continue;
			}
			kept++;
			int bin = bin(h >>> 32, k);
			long v = h & 0xFFFF_FFFFL;
			if (v < mins[bin]) {
				mins[bin] = v;
			}
		}
		if (kept < Math.max(1, minShingles)) {
			return null;
		}
		long[] filled = densify(mins, k);
		long[] signature = new long[bands];
		for (int b = 0; b < bands; b++) {
			long word = 0;
			for (int r = 0; r < rows; r++) {
				int bin = b * rows + r;
				word |= value(filled[bin], bin) << (VALUE_BITS * r);
			}
			signature[b] = word;
		}
		return signature;
	}

	/**
	 * The estimated Jaccard similarity of two signatures of {@code bands} words at {@code offsetA} and
	 * {@code offsetB}: the fraction of their {@code bands × rows} values that agree.
	 */
	public static double similarity(long[] a, int offsetA, long[] b, int offsetB, int bands, int rows) {
		int differing = 0;
		for (int i = 0; i < bands; i++) {
			long x = a[offsetA + i] ^ b[offsetB + i];
			// fold each 16-bit lane onto its lowest bit; bits never cross into the lane below
			x |= x >>> 8;
			x |= x >>> 4;
			x |= x >>> 2;
			x |= x >>> 1;
			differing += Long.bitCount(x & LOW_BIT_OF_LANES);
		}
		int k = bands * rows;
		return (double) (k - differing) / k;
	}

	/** The estimated Jaccard similarity of two whole signatures. */
	public static double similarity(long[] a, long[] b, int rows) {
		if (a.length != b.length) {
			throw new IllegalArgumentException("signatures of different sizes: " + a.length + " and " + b.length);
		}
		return similarity(a, 0, b, 0, a.length, rows);
	}

	/** The 16-bit value bin {@code bin} keeps for a 32-bit minimum {@code min}. */
	static long value(long min, int bin) {
		return Shingles.mix(min * GOLDEN + bin + 1) >>> (64 - VALUE_BITS);
	}

	/** The bin of a 32-bit hash: {@code hash × k / 2^32}, which spreads evenly without a modulo. */
	static int bin(long hash32, int k) {
		return (int) ((hash32 * k) >>> 32);
	}

	/** Empty bins take the value of the first non-empty bin in a sequence that depends only on the bin number. */
	private static long[] densify(long[] mins, int k) {
		long[] filled = mins;
		for (int i = 0; i < k; i++) {
			if (mins[i] != EMPTY) {
				continue;
			}
			if (filled == mins) {
				filled = mins.clone();
			}
			for (long attempt = 1;; attempt++) {
				int j = bin(Shingles.mix(i * GOLDEN + attempt) >>> 32, k);
				if (mins[j] != EMPTY) {
					filled[i] = mins[j];
					break;
				}
			}
		}
		return filled;
	}
}

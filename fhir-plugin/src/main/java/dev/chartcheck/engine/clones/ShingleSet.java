package dev.chartcheck.engine.clones;

import java.util.Arrays;

/**
 * A set of 64-bit shingle hashes in one open-addressing array (8 bytes a slot, at most 3/4 full), for the
 * boilerplate shingles that every note is filtered through: a probe costs one or two array reads, no boxing.
 */
final class ShingleSet {

	private long[] slots = new long[16];
	private boolean hasZero;
	private int size;

	boolean contains(long h) {
		if (h == 0) {
			return hasZero;
		}
		long[] s = slots;
		int mask = s.length - 1;
		for (int i = slot(h, mask);; i = (i + 1) & mask) {
			long v = s[i];
			if (v == h) {
				return true;
			}
			if (v == 0) {
				return false;
			}
		}
	}

	/** Adds {@code h}; true if it was not there. */
	boolean add(long h) {
		if (h == 0) {
			boolean added = !hasZero;
			hasZero = true;
			size += added ? 1 : 0;
			return added;
		}
		if ((size + 1) * 4L > slots.length * 3L) {
			grow();
		}
		int mask = slots.length - 1;
		for (int i = slot(h, mask);; i = (i + 1) & mask) {
			long v = slots[i];
			if (v == h) {
				return false;
			}
			if (v == 0) {
				slots[i] = h;
				size++;
				return true;
			}
		}
	}

	int size() {
		return size;
	}

	/** The members, sorted (a stable order for serialization). */
	long[] toSortedArray() {
		long[] out = new long[size];
		int n = 0;
		if (hasZero) {
			out[n++] = 0;
		}
		for (long v : slots) {
			if (v != 0) {
				out[n++] = v;
			}
		}
		Arrays.sort(out);
		return out;
	}

	long bytes() {
		return 8L * slots.length;
	}

	private void grow() {
		long[] old = slots;
		slots = new long[old.length * 2];
		int mask = slots.length - 1;
		for (long v : old) {
			if (v != 0) {
				int i = slot(v, mask);
				while (slots[i] != 0) {
					i = (i + 1) & mask;
				}
				slots[i] = v;
			}
		}
	}

	private static int slot(long h, int mask) {
		return (int) (h ^ (h >>> 32)) & mask;
	}
}

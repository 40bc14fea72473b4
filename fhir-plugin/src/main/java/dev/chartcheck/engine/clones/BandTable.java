package dev.chartcheck.engine.clones;

import java.util.Arrays;

/**
 * The LSH buckets: for each band, an open-addressing table from the band's value to the notes (slots) that have
 * it. A table entry is one {@code int}: the slot (26 bits) and 6 bits of the key's hash, so that a probe looks
 * at the signature of only about one note in 64 that shares its probe run without sharing its key. The band
 * values themselves are not stored again: they are the notes' signature words, which the caller passes in.
 *
 * <p>All bands share one array, one region of {@code capacity} entries per band; the capacity grows by a quarter
 * when a region is 3/4 full, so that regions stay between 3/5 and 3/4 full (5.3 to 6.7 bytes a note a band).
 */
final class BandTable {

	static final int SLOT_BITS = 26;
	/** The largest slot an entry can hold. */
	static final int MAX_SLOT = (1 << SLOT_BITS) - 2;
	private static final int SLOT_MASK = (1 << SLOT_BITS) - 1;
	private static final long GOLDEN = 0x9E3779B97F4A7C15L;

	private final int bands;
	private int capacity;
	private int[] entries;
	private int size;

	BandTable(int bands, int expectedNotes) {
		this.bands = bands;
		this.capacity = Math.max(16, (int) (expectedNotes / 0.75) + 1);
		this.entries = new int[bands * capacity];
	}

	/** Files note {@code slot} under each of its band values; {@code signatures} holds {@code bands} words per slot. */
	void insert(int slot, long[] signatures) {
		if (size + 1 > capacity * 3L / 4) {
			resize(capacity + (capacity >> 2), signatures);
		}
		for (int b = 0; b < bands; b++) {
			place(b, slot, signatures[slot * bands + b]);
		}
		size++;
	}

	/** Takes note {@code slot} out of every band; its signature must still be in {@code signatures}. */
	void delete(int slot, long[] signatures) {
		for (int b = 0; b < bands; b++) {
			long key = key(b, signatures[slot * bands + b]);
			int base = b * capacity;
			int i = home(key);
			while ((entries[base + i] & SLOT_MASK) != slot + 1) {
				if (entries[base + i] == 0) {
					throw new IllegalStateException("slot " + slot + " is not in band " + b);
				}
				i = next(i);
			}
			// backward-shift deletion keeps every other entry reachable from its home
			for (int j = next(i); entries[base + j] != 0; j = next(j)) {
				int other = (entries[base + j] & SLOT_MASK) - 1;
				int h = home(key(b, signatures[other * bands + b]));
				boolean stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
				if (!stays) {
					entries[base + i] = entries[base + j];
					i = j;
				}
			}
			entries[base + i] = 0;
		}
		size--;
	}

	/**
	 * Adds to {@code out} every slot that shares at least one whole band with {@code query} (a signature of
	 * {@code bands} words); a slot sharing several bands is added once per band. Returns the new length of {@code out}.
	 */
	int collect(long[] query, long[] signatures, int[][] out, int length) {
		int n = length;
		for (int b = 0; b < bands; b++) {
			long word = query[b];
			long key = key(b, word);
			int fingerprint = fingerprint(key);
			int base = b * capacity;
			for (int i = home(key);; i = next(i)) {
				int e = entries[base + i];
				if (e == 0) {
					break;
				}
				int slot = (e & SLOT_MASK) - 1;
				if ((e >>> SLOT_BITS) == fingerprint && signatures[slot * bands + b] == word) {
					if (n == out[0].length) {
						out[0] = Arrays.copyOf(out[0], n * 2);
					}
					out[0][n++] = slot;
				}
			}
		}
		return n;
	}

	long bytes() {
		return 4L * entries.length;
	}

	/** Rebuilds the table for exactly these slots (after a compaction renumbered them). */
	void rebuild(int slots, long[] signatures) {
		capacity = Math.max(16, (int) (slots / 0.75) + 1);
		entries = new int[bands * capacity];
		size = 0;
		for (int s = 0; s < slots; s++) {
			for (int b = 0; b < bands; b++) {
				place(b, s, signatures[s * bands + b]);
			}
			size++;
		}
	}

	private void resize(int newCapacity, long[] signatures) {
		int[] old = entries;
		int oldCapacity = capacity;
		capacity = newCapacity;
		entries = new int[bands * capacity];
		for (int b = 0; b < bands; b++) {
			for (int i = 0; i < oldCapacity; i++) {
				int e = old[b * oldCapacity + i];
				if (e != 0) {
					int slot = (e & SLOT_MASK) - 1;
					place(b, slot, signatures[slot * bands + b]);
				}
			}
		}
	}

	private void place(int band, int slot, long word) {
		if (slot > MAX_SLOT) {
			throw new IllegalStateException("the clone index holds at most " + MAX_SLOT + " notes");
		}
		long key = key(band, word);
		int base = band * capacity;
		int i = home(key);
		while (entries[base + i] != 0) {
			i = next(i);
		}
		entries[base + i] = (fingerprint(key) << SLOT_BITS) | (slot + 1);
	}

	private int next(int i) {
		return i + 1 == capacity ? 0 : i + 1;
	}

	/** The home position: the high 32 bits of the key scaled to the capacity. */
	private int home(long key) {
		return (int) (((key >>> 32) * capacity) >>> 32);
	}

	private static int fingerprint(long key) {
		return (int) (key & 63);
	}

	private static long key(int band, long word) {
		return Shingles.mix(word ^ ((band + 1) * GOLDEN));
	}
}

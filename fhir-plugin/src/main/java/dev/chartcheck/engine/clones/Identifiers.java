package dev.chartcheck.engine.clones;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Resource ids numbered 0, 1, 2… and kept as UTF-8 bytes in one array, with an open-addressing table from id to
 * number: a few bytes more than the id's own length per entry, where a {@code HashMap<String, Integer>} costs
 * some 100. Removal frees the number's table entry; its bytes stay until the owner compacts.
 */
final class Identifiers {

	private static final int EMPTY = 0;

	private byte[] bytes = new byte[256];
	private int used;
	/** Where id {@code n} begins; it ends where {@code n + 1} begins (the array holds {@code count + 1} offsets). */
	private int[] start = new int[17];
	private int count;
	private int[] table = new int[16];
	private int live;

	/** The number of {@code id}, adding it if new. */
	int intern(String id) {
		byte[] b = id.getBytes(StandardCharsets.UTF_8);
		int found = find(b, hash(b, 0, b.length));
		return found >= 0 ? found : append(b);
	}

	/** Adds {@code id} under the next number, which the caller knows it does not have (after {@link #remove}). */
	int append(String id) {
		return append(id.getBytes(StandardCharsets.UTF_8));
	}

	/** The number of {@code id}, or -1. */
	int find(String id) {
		if (id == null) {
			return -1;
		}
		byte[] b = id.getBytes(StandardCharsets.UTF_8);
		return find(b, hash(b, 0, b.length));
	}

	String get(int n) {
		return new String(bytes, start[n], start[n + 1] - start[n], StandardCharsets.UTF_8);
	}

	/** How many numbers were handed out (removed ones included). */
	int count() {
		return count;
	}

	/** Takes {@code n} out of the lookup table; {@link #get(int)} still answers for it. */
	void remove(int n) {
		int i = home(n);
		while (table[i] != n + 1) {
			if (table[i] == EMPTY) {
				return;
			}
			i = next(i);
		}
		// backward-shift deletion keeps every other entry reachable from its home slot
		for (int j = next(i); table[j] != EMPTY; j = next(j)) {
			int h = home(table[j] - 1);
			boolean stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
			if (!stays) {
				table[i] = table[j];
				i = j;
			}
		}
		table[i] = EMPTY;
		live--;
	}

	/** Bytes held by the arrays (their capacity, not only what is in use). */
	long bytes() {
		return bytes.length + 4L * start.length + 4L * table.length;
	}

	/** Bytes of the ids themselves plus the per-entry arrays and table slots in use. */
	long usedBytes() {
		return used + 4L * count + 4L * live;
	}

	private int append(byte[] b) {
		if (count + 1 == start.length) {
			start = Arrays.copyOf(start, count + Math.max(1024, count >> 3));
		}
		if (used + b.length > bytes.length) {
			bytes = Arrays.copyOf(bytes, Math.max(used + b.length, bytes.length + Math.max(4096, bytes.length >> 3)));
		}
		System.arraycopy(b, 0, bytes, used, b.length);
		used += b.length;
		start[count + 1] = used;
		int n = count++;
		if ((live + 1) * 4L > table.length * 3L) {
			rehash(table.length + (table.length >> 2));
		}
		insert(n);
		live++;
		return n;
	}

	private int find(byte[] b, int h) {
		for (int i = position(h);; i = next(i)) {
			int e = table[i];
			if (e == EMPTY) {
				return -1;
			}
			int n = e - 1;
			if (Arrays.equals(bytes, start[n], start[n + 1], b, 0, b.length)) {
				return n;
			}
		}
	}

	private void insert(int n) {
		int i = home(n);
		while (table[i] != EMPTY) {
			i = next(i);
		}
		table[i] = n + 1;
	}

	private void rehash(int capacity) {
		int[] old = table;
		table = new int[capacity];
		for (int e : old) {
			if (e != EMPTY) {
				insert(e - 1);
			}
		}
	}

	private int home(int n) {
		return position(hash(bytes, start[n], start[n + 1] - start[n]));
	}

	/** The table position of a hash: the hash scaled to the table's length (which need not be a power of two). */
	private int position(int h) {
		return (int) (((h & 0xFFFF_FFFFL) * table.length) >>> 32);
	}

	private int next(int i) {
		return i + 1 == table.length ? 0 : i + 1;
	}

	private static int hash(byte[] b, int from, int len) {
		long h = 0xcbf29ce484222325L;
		for (int i = from; i < from + len; i++) {
			h = (h ^ b[i]) * 0x100000001b3L;
		}
		return (int) (Shingles.mix(h) >>> 32);
	}
}

package dev.chartcheck.engine.clones;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * The LSH index of note signatures. What it keeps per note: the signature ({@code bands} words of 64 bits), the
 * patient and author (as numbers into shared dictionaries), the time, the note's id (UTF-8 bytes), and one
 * {@code int} per band in the {@link BandTable}. Finding candidates costs one probe per band, not a scan of
 * the notes.
 *
 * <p>Slots are appended; removing or replacing a note leaves a dead slot, and the index compacts itself when
 * dead slots pass a quarter of all slots. Not thread-safe; {@link CloneDetector} guards it.
 */
public final class CloneIndex {

	private static final Comparator<CloneMatch> MOST_SIMILAR_FIRST = Comparator
			.comparingDouble(CloneMatch::similarity).reversed()
			.thenComparing(CloneMatch::writtenAt)
			.thenComparing(CloneMatch::noteId);

	private final int bands;
	private final int rows;
	private final int maxSlots;
	private Identifiers notes = new Identifiers();
	private final Identifiers patients = new Identifiers();
	private final Identifiers authors = new Identifiers();
	private long[] signatures;
	private int[] patientOf;
	private int[] authorOf;
	private long[] writtenAt;
	private final BandTable table;
	private int slots;
	private int live;

	public CloneIndex(CloneSettings settings) {
		this.bands = settings.bands();
		this.rows = settings.rows();
		this.maxSlots = Math.min(BandTable.MAX_SLOT, Integer.MAX_VALUE / bands - 1);
		this.table = new BandTable(bands, 16);
		allocate(16);
	}

	/** How many notes are indexed. */
	public int size() {
		return live;
	}

	public boolean contains(String noteId) {
		return notes.find(noteId) >= 0;
	}

	/** Indexes a note under its signature ({@link MinHash#signature}), replacing any earlier entry with its id. */
	public void put(String noteId, String patientId, String authorId, Instant time, long[] signature) {
		if (signature.length != bands) {
			throw new IllegalArgumentException("signature of " + signature.length + " bands, expected " + bands);
		}
		remove(noteId);
		if (slots == maxSlots) {
			throw new IllegalStateException("the clone index holds at most " + maxSlots + " notes");
		}
		if (slots == patientOf.length) {
			// small steps: the slack of a growing array counts against the bytes per note
			allocate(slots + Math.max(1024, slots >> 3));
		}
		int slot = notes.append(noteId);
		System.arraycopy(signature, 0, signatures, slot * bands, bands);
		patientOf[slot] = patients.intern(patientId);
		authorOf[slot] = authorId == null ? -1 : authors.intern(authorId);
		writtenAt[slot] = time.toEpochMilli();
		slots++;
		live++;
		table.insert(slot, signatures);
	}

	/** Removes a note; false if it was not indexed. */
	public boolean remove(String noteId) {
		int slot = notes.find(noteId);
		if (slot < 0) {
			return false;
		}
		table.delete(slot, signatures);
		notes.remove(slot);
		patientOf[slot] = -1;
		live--;
		if (slots - live > 1024 && (slots - live) * 4L > slots) {
			compact();
		}
		return true;
	}

	/** The stored signature of a note, or null. */
	public long[] signatureOf(String noteId) {
		int slot = notes.find(noteId);
		return slot < 0 ? null : Arrays.copyOfRange(signatures, slot * bands, slot * bands + bands);
	}

	/** An indexed note's patient, author and time, with the given shingles; null when it is not indexed. */
	ShingledNote noteOf(String noteId, long[] shingles) {
		int slot = notes.find(noteId);
		if (slot < 0) {
			return null;
		}
		return new ShingledNote(noteId, patients.get(patientOf[slot]), authorOf[slot] < 0 ? null : authors.get(authorOf[slot]),
				Instant.ofEpochMilli(writtenAt[slot]), shingles);
	}

	/** Candidates for an indexed note, from what the index stored for it (empty when it is not indexed). */
	public List<CloneMatch> candidatesOf(String noteId, double minEstimate) {
		int slot = notes.find(noteId);
		if (slot < 0) {
			return List.of();
		}
		int a = authorOf[slot];
		return candidates(signatureOf(noteId), noteId, patientOf[slot], a, writtenAt[slot], minEstimate);
	}

	/**
	 * The indexed notes that share an LSH band with {@code signature}, are related to the note (same patient, or
	 * same author on another patient), are earlier than it ({@code time}, then id), and whose estimated similarity
	 * is at least {@code minEstimate}; most similar first. The note itself is never among them.
	 */
	public List<CloneMatch> candidates(long[] signature, String noteId, String patientId, String authorId, Instant time,
			double minEstimate) {
		int p = patients.find(patientId);
		int a = authorId == null ? -1 : authors.find(authorId);
		return candidates(signature, noteId, p, a, time.toEpochMilli(), minEstimate);
	}

	private List<CloneMatch> candidates(long[] signature, String noteId, int patient, int author, long time,
			double minEstimate) {
		if (patient < 0 && author < 0) {
			return List.of();
		}
		int self = noteId == null ? -1 : notes.find(noteId);
		// the buffer is the call's own: readers run side by side under the detector's read lock
		int[][] collected = { new int[64] };
		int n = table.collect(signature, signatures, collected, 0);
		int[] found = collected[0];
		Arrays.sort(found, 0, n);
		List<CloneMatch> out = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int slot = found[i];
			if ((i > 0 && found[i - 1] == slot) || slot == self || patientOf[slot] < 0) {
				continue;
			}
			CloneMatch.Relation relation;
			if (patientOf[slot] == patient) {
				relation = CloneMatch.Relation.SAME_PATIENT;
			} else if (author >= 0 && authorOf[slot] == author) {
				relation = CloneMatch.Relation.SAME_AUTHOR;
			} else {
				continue;
			}
			if (!earlier(slot, time, noteId)) {
				continue;
			}
			double estimate = MinHash.similarity(signatures, slot * bands, signature, 0, bands, rows);
			if (estimate >= minEstimate) {
				out.add(new CloneMatch(notes.get(slot), patients.get(patientOf[slot]),
						authorOf[slot] < 0 ? null : authors.get(authorOf[slot]), Instant.ofEpochMilli(writtenAt[slot]),
						estimate, false, relation));
			}
		}
		out.sort(MOST_SIMILAR_FIRST);
		return out;
	}

	/**
	 * The notes whose signature still carries shingles that have since become boilerplate, in enough of its values to
	 * matter: at least {@code max(2, K / 12)} of its {@code K} values equal the value a boilerplate shingle takes in its
	 * bin. Re-indexing them (with the current boilerplate) restores their recall. A note with fewer such values loses
	 * little (a value or two of its estimate, a band or two of 12), and single matches are often chance: 16-bit values
	 * of thousands of boilerplate shingles cover some 0.5 % of each bin's values.
	 */
	public List<String> staleNotes(Boilerplate boilerplate) {
		int k = bands * rows;
		int enough = Math.max(2, k / 12);
		BitSet marks = new BitSet(k << MinHash.VALUE_BITS);
		for (long h : boilerplate.boilerplateShingles()) {
			int bin = MinHash.bin(h >>> 32, k);
			marks.set((bin << MinHash.VALUE_BITS) | (int) MinHash.value(h & 0xFFFF_FFFFL, bin));
		}
		List<String> stale = new ArrayList<>();
		if (marks.isEmpty()) {
			return stale;
		}
		for (int slot = 0; slot < slots; slot++) {
			if (patientOf[slot] < 0) {
				continue;
			}
			int marked = 0;
			for (int b = 0; b < bands; b++) {
				long word = signatures[slot * bands + b];
				for (int r = 0; r < rows; r++) {
					int value = (int) (word >>> (MinHash.VALUE_BITS * r)) & 0xFFFF;
					marked += marks.get(((b * rows + r) << MinHash.VALUE_BITS) | value) ? 1 : 0;
				}
			}
			if (marked >= enough) {
				stale.add(notes.get(slot));
			}
		}
		return stale;
	}

	/** Bytes held by the index's arrays (allocated capacity), excluding the boilerplate learner. */
	public long bytes() {
		return 8L * signatures.length + 4L * patientOf.length + 4L * authorOf.length + 8L * writtenAt.length
				+ notes.bytes() + patients.bytes() + authors.bytes() + table.bytes();
	}

	/** Drops dead slots and trims every array to what the live notes need. */
	public void compact() {
		Identifiers kept = new Identifiers();
		int n = 0;
		for (int slot = 0; slot < slots; slot++) {
			if (patientOf[slot] < 0) {
				continue;
			}
			kept.append(notes.get(slot));
			System.arraycopy(signatures, slot * bands, signatures, n * bands, bands);
			patientOf[n] = patientOf[slot];
			authorOf[n] = authorOf[slot];
			writtenAt[n] = writtenAt[slot];
			n++;
		}
		notes = kept;
		slots = n;
		live = n;
		allocate(Math.max(16, n));
		table.rebuild(n, signatures);
	}

	/** Calls {@code visitor} for every indexed note, for serialization. */
	void forEach(NoteVisitor visitor) {
		for (int slot = 0; slot < slots; slot++) {
			if (patientOf[slot] >= 0) {
				visitor.visit(notes.get(slot), patients.get(patientOf[slot]),
						authorOf[slot] < 0 ? null : authors.get(authorOf[slot]), writtenAt[slot],
						Arrays.copyOfRange(signatures, slot * bands, slot * bands + bands));
			}
		}
	}

	interface NoteVisitor {
		void visit(String noteId, String patientId, String authorId, long writtenAtMillis, long[] signature);
	}

	private boolean earlier(int slot, long time, String noteId) {
		long t = writtenAt[slot];
		if (t != time) {
			return t < time;
		}
		return noteId != null && notes.get(slot).compareTo(noteId) < 0;
	}

	private void allocate(int capacity) {
		signatures = signatures == null ? new long[capacity * bands] : Arrays.copyOf(signatures, capacity * bands);
		patientOf = patientOf == null ? new int[capacity] : Arrays.copyOf(patientOf, capacity);
		authorOf = authorOf == null ? new int[capacity] : Arrays.copyOf(authorOf, capacity);
		writtenAt = writtenAt == null ? new long[capacity] : Arrays.copyOf(writtenAt, capacity);
	}
}

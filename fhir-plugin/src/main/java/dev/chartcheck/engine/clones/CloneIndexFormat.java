package dev.chartcheck.engine.clones;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a clone index, so that a server restarts without reading every note again. Big-endian
 * ({@link DataOutputStream}):
 *
 * <pre>
 * int magic "CCLX", int format version (1)
 * int shingleSize, int bands, int rows, long seed, int sketchBits, int minNotes, int minAuthors, double authorShare
 * long boilerplate version, long sketch increments
 * int n, n × long           boilerplate shingles (sorted)
 * 2^sketchBits bytes        the note-count sketch
 * int w, w × (long shingle, 2 × minAuthors × (int author key, int notes before, int uses)) watched shingles (sorted)
 * int a, a × (int author key, int notes)                  notes counted per author (sorted)
 * int notes, then per note:
 *   UTF id, int patient ref, [UTF patient], int author ref (-1: none), [UTF author], long written-at millis,
 *   bands × long signature
 * </pre>
 *
 * A patient or author ref equal to the number of patients (authors) read so far introduces a new one, whose id
 * follows. The LSH tables are not stored: they are rebuilt from the signatures on reading.
 */
final class CloneIndexFormat {

	static final int MAGIC = 0x43434C58;
	static final int VERSION = 1;

	private CloneIndexFormat() {
	}

	static void write(OutputStream stream, CloneSettings s, Boilerplate boilerplate, CloneIndex index) throws IOException {
		DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
		out.writeInt(MAGIC);
		out.writeInt(VERSION);
		writeSettings(out, s);
		out.writeLong(boilerplate.version());
		out.writeLong(boilerplate.increments());
		long[] shingles = boilerplate.boilerplateShingles();
		out.writeInt(shingles.length);
		for (long h : shingles) {
			out.writeLong(h);
		}
		out.write(boilerplate.sketch());
		AuthorShares shares = boilerplate.authors();
		List<long[]> watched = shares.watchedEntries();
		out.writeInt(watched.size());
		for (long[] row : watched) {
			out.writeLong(row[0]);
			for (int i = 1; i < row.length; i++) {
				out.writeInt((int) row[i]);
			}
		}
		List<int[]> counts = shares.authorCounts();
		out.writeInt(counts.size());
		for (int[] c : counts) {
			out.writeInt(c[0]);
			out.writeInt(c[1]);
		}
		out.writeInt(index.size());
		Map<String, Integer> patients = new HashMap<>();
		Map<String, Integer> authors = new HashMap<>();
		IOException[] failure = new IOException[1];
		index.forEach((id, patient, author, time, signature) -> {
			if (failure[0] != null) {
				return;
			}
			try {
				out.writeUTF(id);
				writeRef(out, patients, patient);
				if (author == null) {
					out.writeInt(-1);
				} else {
					writeRef(out, authors, author);
				}
				out.writeLong(time);
				for (long word : signature) {
					out.writeLong(word);
				}
			} catch (IOException e) {
				failure[0] = e;
			}
		});
		if (failure[0] != null) {
			throw failure[0];
		}
		out.flush();
	}

	static void read(InputStream stream, CloneSettings s, Boilerplate boilerplate, CloneIndex index) throws IOException {
		DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
		if (in.readInt() != MAGIC) {
			throw new IOException("not a clone index");
		}
		int version = in.readInt();
		if (version != VERSION) {
			throw new IOException("clone index format " + version + ", this version reads " + VERSION + ": rebuild it");
		}
		readSettings(in, s);
		long boilerplateVersion = in.readLong();
		long increments = in.readLong();
		long[] shingles = new long[in.readInt()];
		for (int i = 0; i < shingles.length; i++) {
			shingles[i] = in.readLong();
		}
		byte[] sketch = new byte[1 << s.boilerplateSketchBits()];
		in.readFully(sketch);
		boilerplate.restore(shingles, sketch, increments, boilerplateVersion);
		AuthorShares shares = boilerplate.authors();
		int watchedCount = in.readInt();
		for (int i = 0; i < watchedCount; i++) {
			long h = in.readLong();
			int[] entry = new int[shares.entryLength()];
			for (int a = 0; a < entry.length; a++) {
				entry[a] = in.readInt();
			}
			shares.restore(h, entry);
		}
		int authorCount = in.readInt();
		for (int i = 0; i < authorCount; i++) {
			shares.restoreAuthor(in.readInt(), in.readInt());
		}
		int notes = in.readInt();
		List<String> patients = new ArrayList<>();
		List<String> authors = new ArrayList<>();
		long[] signature = new long[s.bands()];
		for (int n = 0; n < notes; n++) {
			String id = in.readUTF();
			String patient = readRef(in, patients);
			int authorRef = in.readInt();
			String author = authorRef < 0 ? null : readRef(in, authors, authorRef);
			long time = in.readLong();
			for (int b = 0; b < signature.length; b++) {
				signature[b] = in.readLong();
			}
			index.put(id, patient, author, Instant.ofEpochMilli(time), signature);
		}
	}

	private static void writeSettings(DataOutputStream out, CloneSettings s) throws IOException {
		out.writeInt(s.shingleSize());
		out.writeInt(s.bands());
		out.writeInt(s.rows());
		out.writeLong(s.seed());
		out.writeInt(s.boilerplateSketchBits());
		out.writeInt(s.boilerplateMinNotes());
		out.writeInt(s.boilerplateMinAuthors());
		out.writeDouble(s.boilerplateAuthorShare());
	}

	private static void readSettings(DataInputStream in, CloneSettings s) throws IOException {
		int shingleSize = in.readInt();
		int bands = in.readInt();
		int rows = in.readInt();
		long seed = in.readLong();
		int sketchBits = in.readInt();
		int minNotes = in.readInt();
		int minAuthors = in.readInt();
		double share = in.readDouble();
		if (share != s.boilerplateAuthorShare() || shingleSize != s.shingleSize() || bands != s.bands() || rows != s.rows() || seed != s.seed()
				|| sketchBits != s.boilerplateSketchBits() || minNotes != s.boilerplateMinNotes()
				|| minAuthors != s.boilerplateMinAuthors()) {
			throw new IOException("the clone index was built with other settings (shingle size " + shingleSize + ", "
					+ bands + " bands of " + rows + " rows, boilerplate " + minNotes + " notes / " + minAuthors
					+ " authors / share " + share + ", sketch 2^" + sketchBits + "): rebuild it");
		}
	}

	private static void writeRef(DataOutputStream out, Map<String, Integer> seen, String value) throws IOException {
		Integer ref = seen.get(value);
		if (ref != null) {
			out.writeInt(ref);
			return;
		}
		out.writeInt(seen.size());
		out.writeUTF(value);
		seen.put(value, seen.size());
	}

	private static String readRef(DataInputStream in, List<String> seen) throws IOException {
		return readRef(in, seen, in.readInt());
	}

	private static String readRef(DataInputStream in, List<String> seen, int ref) throws IOException {
		if (ref == seen.size()) {
			seen.add(in.readUTF());
		} else if (ref < 0 || ref > seen.size()) {
			throw new IOException("corrupt clone index: reference " + ref + " of " + seen.size());
		}
		return seen.get(ref);
	}
}

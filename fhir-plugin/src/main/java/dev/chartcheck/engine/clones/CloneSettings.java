package dev.chartcheck.engine.clones;

/**
 * How the clone check measures "near-identical", and what it treats as template boilerplate. The defaults
 * were chosen by measurement on a planted-clone corpus (see {@code docs/BENCHMARKS.md}, "Clone detection").
 *
 * @param shingleSize words per shingle
 * @param threshold the Jaccard similarity of the notes' boilerplate-free shingle sets from which a note is a clone
 * @param bands LSH bands: a pair of notes becomes a candidate when all rows of one band agree
 * @param rows minhash values per band, 1 to 4 (a band is packed into one 64-bit word of 16-bit values)
 * @param estimateMargin candidates whose estimated similarity is at least {@code threshold - estimateMargin} are
 *        verified exactly; the margin absorbs the estimate's noise
 * @param minContentShingles a note with fewer boilerplate-free shingles is neither indexed nor flagged: too
 *        little of its own content to call it a copy
 * @param boilerplateMinNotes a shingle is boilerplate only once it has recurred in at least this many notes
 *        (within the learning window, see {@link Boilerplate})
 * @param boilerplateMinAuthors ... and at least this many distinct authors each used it in at least two notes and
 * @param boilerplateAuthorShare ... in at least this share of the notes they wrote since they first used it
 * @param boilerplateSketchBits log2 of the size in bytes of the note-count sketch that learns boilerplate
 * @param maxMatches at most this many earlier notes are reported per note (the most similar)
 * @param seed the hash seed; signatures made with another seed cannot be compared
 */
public record CloneSettings(
		int shingleSize,
		double threshold,
		int bands,
		int rows,
		double estimateMargin,
		int minContentShingles,
		int boilerplateMinNotes,
		int boilerplateMinAuthors,
		double boilerplateAuthorShare,
		int boilerplateSketchBits,
		int maxMatches,
		long seed) {

	public static final long DEFAULT_SEED = 0x5EEDC10E5EEDC10EL;

	public CloneSettings {
		require(shingleSize >= 1 && shingleSize <= 16, "shingleSize must be 1 to 16");
		require(threshold > 0 && threshold <= 1, "threshold must be in (0, 1]");
		require(bands >= 1 && bands <= 64, "bands must be 1 to 64");
		require(rows >= 1 && rows <= 4, "rows must be 1 to 4");
		require(estimateMargin >= 0 && estimateMargin < 1, "estimateMargin must be in [0, 1)");
		require(minContentShingles >= 1, "minContentShingles must be at least 1");
		require(boilerplateMinNotes >= 2 && boilerplateMinNotes <= 255, "boilerplateMinNotes must be 2 to 255");
		require(boilerplateMinAuthors >= 2 && boilerplateMinAuthors <= 64, "boilerplateMinAuthors must be 2 to 64");
		require(boilerplateAuthorShare > 0 && boilerplateAuthorShare <= 1, "boilerplateAuthorShare must be in (0, 1]");
		require(boilerplateSketchBits >= 10 && boilerplateSketchBits <= 30, "boilerplateSketchBits must be 10 to 30");
		require(maxMatches >= 1, "maxMatches must be at least 1");
	}

	public static CloneSettings defaults() {
		return new CloneSettings(3, 0.8, 12, 4, 0.15, 10, 20, 4, 0.5, 21, 10, DEFAULT_SEED);
	}

	/** Minhash values per signature: {@code bands × rows}. */
	public int signatureSize() {
		return bands * rows;
	}

	public CloneSettings withShingleSize(int size) {
		return new CloneSettings(size, threshold, bands, rows, estimateMargin, minContentShingles, boilerplateMinNotes,
				boilerplateMinAuthors, boilerplateAuthorShare, boilerplateSketchBits, maxMatches, seed);
	}

	public CloneSettings withThreshold(double value) {
		return new CloneSettings(shingleSize, value, bands, rows, estimateMargin, minContentShingles, boilerplateMinNotes,
				boilerplateMinAuthors, boilerplateAuthorShare, boilerplateSketchBits, maxMatches, seed);
	}

	public CloneSettings withBands(int bandCount, int rowCount) {
		return new CloneSettings(shingleSize, threshold, bandCount, rowCount, estimateMargin, minContentShingles,
				boilerplateMinNotes, boilerplateMinAuthors, boilerplateAuthorShare, boilerplateSketchBits, maxMatches, seed);
	}

	public CloneSettings withEstimateMargin(double margin) {
		return new CloneSettings(shingleSize, threshold, bands, rows, margin, minContentShingles, boilerplateMinNotes,
				boilerplateMinAuthors, boilerplateAuthorShare, boilerplateSketchBits, maxMatches, seed);
	}

	public CloneSettings withBoilerplate(int minNotes, int minAuthors) {
		return new CloneSettings(shingleSize, threshold, bands, rows, estimateMargin, minContentShingles, minNotes,
				minAuthors, boilerplateAuthorShare, boilerplateSketchBits, maxMatches, seed);
	}

	public CloneSettings withAuthorShare(double share) {
		return new CloneSettings(shingleSize, threshold, bands, rows, estimateMargin, minContentShingles, boilerplateMinNotes,
				boilerplateMinAuthors, share, boilerplateSketchBits, maxMatches, seed);
	}

	public CloneSettings withSketchBits(int bits) {
		return new CloneSettings(shingleSize, threshold, bands, rows, estimateMargin, minContentShingles, boilerplateMinNotes,
				boilerplateMinAuthors, boilerplateAuthorShare, bits, maxMatches, seed);
	}

	public CloneSettings withMaxMatches(int max) {
		return new CloneSettings(shingleSize, threshold, bands, rows, estimateMargin, minContentShingles, boilerplateMinNotes,
				boilerplateMinAuthors, boilerplateAuthorShare, boilerplateSketchBits, max, seed);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}
}

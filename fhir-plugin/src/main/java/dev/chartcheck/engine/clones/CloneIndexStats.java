package dev.chartcheck.engine.clones;

/**
 * The size of a clone index, for monitoring and the benchmark.
 *
 * @param notes notes indexed
 * @param indexBytes bytes held by the index's arrays (allocated capacity)
 * @param boilerplateShingles shingles known as boilerplate
 * @param watchedShingles recurring shingles watched for more authors
 * @param boilerplateBytes bytes held by the boilerplate learner (its sketch is a fixed size)
 * @param boilerplateVersion goes up each time a shingle becomes boilerplate: signatures made before may be stale
 */
public record CloneIndexStats(int notes, long indexBytes, int boilerplateShingles, int watchedShingles,
		long boilerplateBytes, long boilerplateVersion) {

	/** Index bytes per indexed note (the learner excluded). */
	public double bytesPerNote() {
		return notes == 0 ? 0 : (double) indexBytes / notes;
	}
}

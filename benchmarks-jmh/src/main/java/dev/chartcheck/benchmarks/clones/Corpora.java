package dev.chartcheck.benchmarks.clones;

import dev.chartcheck.engine.clones.Note;
import java.util.List;

/** The corpora the benchmarks share: generated from a fixed seed, so that every run measures the same notes. */
public final class Corpora {

	/** The seed of every generated corpus. */
	public static final long SEED = 20_250_301L;

	private Corpora() {
	}

	/** {@code size} notes in time order, with planted clones (see {@link PlantedCloneCorpus}). */
	public static List<Note> notes(int size) {
		return PlantedCloneCorpus.generate(size, SEED, new ClinicalPhrases()).notes().stream()
				.map(PlantedCloneCorpus.CorpusNote::note).toList();
	}
}

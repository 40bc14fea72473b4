package dev.chartcheck.benchmarks.clones;

import dev.chartcheck.benchmarks.clones.PlantedCloneCorpus.CorpusNote;
import dev.chartcheck.benchmarks.clones.PlantedCloneCorpus.Kind;
import dev.chartcheck.engine.clones.CloneDetector;
import dev.chartcheck.engine.clones.CloneSettings;
import dev.chartcheck.engine.clones.Note;
import dev.chartcheck.engine.clones.Shingles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The clone-detection report: accuracy against the exact baseline in the same run, planted clones found, indexing
 * and query figures at two sizes 10× apart, bytes per note, and the sweeps behind the default settings. Prints
 * Markdown. Options: {@code --notes=20000 --scale=10 --queries=2000 --exact-queries=200 --sweeps=true
 * --synthea=<dir of Synthea FHIR bundles>}.
 */
public final class CloneAccuracyReport {

	private CloneAccuracyReport() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = new HashMap<>();
		for (String a : args) {
			String[] kv = a.replaceFirst("^--", "").split("=", 2);
			options.put(kv[0], kv.length > 1 ? kv[1] : "true");
		}
		int notes = Integer.parseInt(options.getOrDefault("notes", "20000"));
		int scale = Integer.parseInt(options.getOrDefault("scale", "10"));
		int queries = Integer.parseInt(options.getOrDefault("queries", "2000"));
		int exactQueries = Integer.parseInt(options.getOrDefault("exact-queries", "200"));
		System.out.printf("# Clone detection report%n%nJava %s, %d processors, max heap %d MiB. Corpus seed %d.%n",
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
				Runtime.getRuntime().maxMemory() >> 20, Corpora.SEED);
		PlantedCloneCorpus.Corpus corpus = PlantedCloneCorpus.generate(notes, Corpora.SEED, new ClinicalPhrases());
		describe(corpus);
		accuracy(corpus, CloneSettings.defaults());
		incremental(corpus, CloneSettings.defaults());
		ScaleReport.run(notes, scale, queries, exactQueries);
		if (Boolean.parseBoolean(options.getOrDefault("sweeps", "true"))) {
			SettingsSweeps.run(corpus);
		}
		if (options.containsKey("synthea")) {
			SyntheaNotes.report(java.nio.file.Path.of(options.get("synthea")));
		}
	}

	private static void describe(PlantedCloneCorpus.Corpus corpus) {
		Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
		double words = 0;
		for (CorpusNote n : corpus.notes()) {
			kinds.merge(n.kind(), 1, Integer::sum);
			words += Shingles.of(n.note().text(), 1, 0).length;
		}
		System.out.printf("%n## Corpus%n%n%d notes (%s), %d authors in %d practices, %d patients; %.0f words per note on "
				+ "average.%n", corpus.notes().size(), kinds, corpus.authors(), corpus.templates().count(), corpus.patients(),
				words / corpus.notes().size());
	}

	/** Pair-level recall and precision against the exact baseline, two-pass build, default settings but no cap. */
	static void accuracy(PlantedCloneCorpus.Corpus corpus, CloneSettings defaults) throws IOException {
		CloneSettings settings = defaults.withMaxMatches(Integer.MAX_VALUE);
		List<Note> notes = notes(corpus);
		Map<String, String> texts = texts(notes);
		CloneDetector detector = new CloneDetector(settings);
		notes.forEach(detector::learn);
		notes.forEach(detector::index);
		Map<String, Set<String>> exact = ClonePairs.exact(notes, detector, settings);
		ClonePairs.Found verified = ClonePairs.found(notes, detector, texts, true);
		ClonePairs.Found estimated = ClonePairs.found(notes, detector, texts, false);
		CloneDetector everyCandidate = reread(detector, settings.withEstimateMargin(settings.threshold() - 1e-9));
		ClonePairs.Found lsh = ClonePairs.found(notes, everyCandidate, texts, true);

		System.out.printf("%n## Accuracy against the exact baseline%n%n%d notes, two-pass build (learn, then index), "
				+ "shingle size %d, threshold %.2f, %d bands × %d rows, estimate margin %.2f. A pair is (note, earlier related "
				+ "note) with exact Jaccard ≥ %.2f on the same boilerplate-free shingles; the baseline scans all notes.%n%n",
				notes.size(), settings.shingleSize(), settings.threshold(), settings.bands(), settings.rows(),
				settings.estimateMargin(), settings.threshold());
		System.out.println("| detector | pairs found | true | recall | precision | texts read per note |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
		row("exact baseline", ClonePairs.score(exact, exact), 0, notes.size());
		row("LSH candidates, all verified", ClonePairs.score(exact, lsh.pairs()), lsh.reads(), notes.size());
		row("LSH + estimate ≥ threshold − margin, verified (default)", ClonePairs.score(exact, verified.pairs()),
				verified.reads(), notes.size());
		row("LSH + estimate ≥ threshold, not verified", ClonePairs.score(exact, estimated.pairs()), 0, notes.size());
		plantedTruth(corpus, detector, exact, verified.pairs());
	}

	private static void row(String name, ClonePairs.Score s, long reads, int notes) {
		System.out.printf("| %s | %d | %d | %.4f | %.4f | %.2f |%n", name, s.found(), s.truePositives(), s.recall(),
				s.precision(), (double) reads / notes);
	}

	/** Planted clones found by edit size, and exact pairs that are not planted (template-only or chance likeness). */
	private static void plantedTruth(PlantedCloneCorpus.Corpus corpus, CloneDetector detector,
			Map<String, Set<String>> exact, Map<String, Set<String>> found) {
		Map<String, CorpusNote> byId = new HashMap<>();
		corpus.notes().forEach(n -> byId.put(n.note().id(), n));
		TreeMap<Double, List<Double>> similarity = new TreeMap<>();
		TreeMap<Double, int[]> flagged = new TreeMap<>();
		for (CorpusNote n : corpus.notes()) {
			if (n.kind() != Kind.CLONE) {
				continue;
			}
			double j = Shingles.jaccard(detector.contentShingles(n.note().text()),
					detector.contentShingles(byId.get(n.sourceId()).note().text()));
			similarity.computeIfAbsent(n.editFraction(), f -> new ArrayList<>()).add(j);
			int[] counts = flagged.computeIfAbsent(n.editFraction(), f -> new int[3]);
			counts[0]++;
			counts[1] += j >= detector.settings().threshold() ? 1 : 0;
			counts[2] += found.getOrDefault(n.note().id(), Set.of()).contains(n.sourceId()) ? 1 : 0;
		}
		System.out.printf("%nPlanted clones, by the share of the source's content words edited:%n%n");
		System.out.println("| words edited | clones | median exact J | exact J ≥ threshold | flagged with their source |");
		System.out.println("| ---: | ---: | ---: | ---: | ---: |");
		for (Map.Entry<Double, List<Double>> e : similarity.entrySet()) {
			List<Double> js = e.getValue();
			Collections.sort(js);
			int[] c = flagged.get(e.getKey());
			System.out.printf("| %.1f %% | %d | %.3f | %.3f | %.3f |%n", e.getKey() * 100, c[0], js.get(js.size() / 2),
					(double) c[1] / c[0], (double) c[2] / c[0]);
		}
		Map<String, Integer> unplanted = new TreeMap<>();
		exact.forEach((id, earlier) -> {
			for (String other : earlier) {
				if (!root(id, byId).equals(root(other, byId))) {
					unplanted.merge(byId.get(other).kind() + " → " + byId.get(id).kind(), 1, Integer::sum);
				}
			}
		});
		System.out.printf("%nExact pairs (J ≥ threshold) that are not a planted clone and its source (or two copies of "
				+ "one source), by kind (earlier → later): %s%n", unplanted.isEmpty() ? "none" : unplanted);
	}

	/** Built from empty in one pass, as a server that starts with no notes sees them: learn, index, match on write. */
	static void incremental(PlantedCloneCorpus.Corpus corpus, CloneSettings defaults) {
		CloneSettings settings = defaults.withMaxMatches(Integer.MAX_VALUE);
		List<Note> notes = notes(corpus);
		Map<String, String> texts = texts(notes);
		CloneDetector detector = new CloneDetector(settings);
		Map<String, Set<String>> atWrite = new HashMap<>();
		long start = System.nanoTime();
		for (Note n : notes) {
			Set<String> ids = new java.util.HashSet<>();
			detector.write(n, id -> Optional.ofNullable(texts.get(id))).forEach(m -> ids.add(m.noteId()));
			if (!ids.isEmpty()) {
				atWrite.put(n.id(), ids);
			}
		}
		long writeNanos = System.nanoTime() - start;
		Map<String, Set<String>> exact = ClonePairs.exact(notes, detector, settings);
		int stale = detector.staleNotes().size();
		ClonePairs.Found before = ClonePairs.found(notes, detector, texts, true);
		start = System.nanoTime();
		detector.reindexStale(id -> Optional.ofNullable(texts.get(id)));
		long reindexNanos = System.nanoTime() - start;
		ClonePairs.Found after = ClonePairs.found(notes, detector, texts, true);
		System.out.printf("%n## Built incrementally from empty%n%nEach note written in time order (learn, index, find "
				+ "earlier matches, verified): %.0f notes/s including verification reads. Compared with the exact pairs on the "
				+ "final boilerplate:%n%n", notes.size() / (writeNanos / 1e9));
		System.out.println("| | recall | precision |");
		System.out.println("| --- | ---: | ---: |");
		ClonePairs.Score w = ClonePairs.score(exact, atWrite);
		ClonePairs.Score b = ClonePairs.score(exact, before.pairs());
		ClonePairs.Score a = ClonePairs.score(exact, after.pairs());
		System.out.printf("| matches returned at write time | %.4f | %.4f |%n", w.recall(), w.precision());
		System.out.printf("| queried afterwards, %d stale notes not re-indexed | %.4f | %.4f |%n", stale, b.recall(),
				b.precision());
		System.out.printf("| queried after `reindexStale` (%.1f s) | %.4f | %.4f |%n", reindexNanos / 1e9, a.recall(),
				a.precision());
	}

	static String root(String id, Map<String, CorpusNote> byId) {
		CorpusNote n = byId.get(id);
		while (n.kind() == Kind.CLONE) {
			n = byId.get(n.sourceId());
		}
		return n.note().id();
	}

	static List<Note> notes(PlantedCloneCorpus.Corpus corpus) {
		return corpus.notes().stream().map(CorpusNote::note).toList();
	}

	static Map<String, String> texts(List<Note> notes) {
		Map<String, String> texts = new HashMap<>();
		notes.forEach(n -> texts.put(n.id(), n.text()));
		return texts;
	}

	/** The same index under other query settings (margin, cap), through the persisted form. */
	static CloneDetector reread(CloneDetector detector, CloneSettings settings) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		detector.writeTo(out);
		return CloneDetector.readFrom(new ByteArrayInputStream(out.toByteArray()), settings);
	}
}

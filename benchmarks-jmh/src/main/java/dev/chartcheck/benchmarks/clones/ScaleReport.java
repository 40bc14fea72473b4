package dev.chartcheck.benchmarks.clones;

import dev.chartcheck.engine.clones.CloneDetector;
import dev.chartcheck.engine.clones.CloneIndexStats;
import dev.chartcheck.engine.clones.CloneSettings;
import dev.chartcheck.engine.clones.ExactCloneSearch;
import dev.chartcheck.engine.clones.Note;
import dev.chartcheck.engine.clones.NoteTexts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Indexing throughput, bytes per note, persistence, and query time at two sizes 10× apart, with the brute-force
 * exact scan timed on the same queries. Single thread; wall-clock {@code System.nanoTime}, after one warm-up pass of
 * each query set (the JMH benchmarks measure the same operations with proper warm-up).
 */
final class ScaleReport {

	private ScaleReport() {
	}

	private record Figures(int notes, double learnPerSecond, double indexPerSecond, double indexPerCpuSecond,
			double bytesPerNote,
			double bytesPerNoteCompact, long learnerBytes, double serializedPerNote, long learnerSerialized,
			double readPerSecond, double[] estimated, double[] verified, double[] exact) {
	}

	static void run(int notes, int scale, int queries, int exactQueries) throws IOException {
		Figures small = measure(notes, queries, exactQueries);
		Figures large = measure(notes * scale, queries, exactQueries);
		System.out.printf("%n## Scale%n%nSingle thread. Query times: mean / median / 99th percentile in microseconds over "
				+ "%d notes of the index (random, each queried once after a warm-up pass); the exact scan over %d of them.%n%n",
				queries, exactQueries);
		System.out.println("| notes | learn (notes/s) | index (notes/s) | index (notes per CPU second) | index bytes/note "
				+ "| after compaction | boilerplate learner (memory) | stored bytes/note (index) | learner stored | read (notes/s) |");
		System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (Figures f : List.of(small, large)) {
			System.out.printf("| %d | %.0f | %.0f | %.0f | %.1f | %.1f | %.1f MiB | %.1f | %.1f MiB | %.0f |%n", f.notes,
					f.learnPerSecond, f.indexPerSecond, f.indexPerCpuSecond, f.bytesPerNote, f.bytesPerNoteCompact,
					f.learnerBytes / 1048576.0,
					f.serializedPerNote, f.learnerSerialized / 1048576.0, f.readPerSecond);
		}
		System.out.println();
		System.out.println("| notes | estimated, by stored signature (µs) | verified, from text (µs) | exact scan (µs) |");
		System.out.println("| ---: | ---: | ---: | ---: |");
		for (Figures f : List.of(small, large)) {
			System.out.printf("| %d | %s | %s | %s |%n", f.notes, stats(f.estimated), stats(f.verified), stats(f.exact));
		}
		System.out.printf("%nGrowth ×%d in notes: estimated query ×%.2f, verified query ×%.2f, exact scan ×%.2f (means).%n",
				scale, mean(large.estimated) / mean(small.estimated), mean(large.verified) / mean(small.verified),
				mean(large.exact) / mean(small.exact));
	}

	private static Figures measure(int size, int queries, int exactQueries) throws IOException {
		CloneSettings settings = CloneSettings.defaults();
		List<Note> notes = Corpora.notes(size);
		Map<String, String> texts = CloneAccuracyReport.texts(notes);
		NoteTexts reader = id -> Optional.ofNullable(texts.get(id));
		CloneDetector detector = new CloneDetector(settings);
		long start = System.nanoTime();
		notes.forEach(detector::learn);
		double learn = size / ((System.nanoTime() - start) / 1e9);
		long learnerOnly = serialized(detector).length;
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long cpu = threads.getCurrentThreadCpuTime();
		start = System.nanoTime();
		notes.forEach(detector::index);
		double index = size / ((System.nanoTime() - start) / 1e9);
		double indexCpu = size / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9);
		CloneIndexStats grown = detector.stats();
		detector.compact();
		CloneIndexStats compact = detector.stats();
		byte[] stored = serialized(detector);
		start = System.nanoTime();
		CloneDetector.readFrom(new ByteArrayInputStream(stored), settings);
		double read = grown.notes() / ((System.nanoTime() - start) / 1e9);

		SplittableRandom random = new SplittableRandom(size);
		Note[] sample = new Note[queries];
		for (int i = 0; i < queries; i++) {
			sample[i] = notes.get(random.nextInt(size));
		}
		double[] estimated = time(sample, n -> detector.estimatedMatches(n.id()).size());
		double[] verified = time(sample, n -> detector.matches(n, reader).size());
		ExactCloneSearch exact = new ExactCloneSearch(settings);
		for (Note n : notes) {
			exact.add(n.id(), n.patientId(), n.authorId(), n.writtenAt(), detector.contentShingles(n.text()));
		}
		Note[] exactSample = Arrays.copyOf(sample, Math.min(exactQueries, queries));
		double[] scan = time(exactSample, n -> exact.matches(n.id(), n.patientId(), n.authorId(), n.writtenAt(),
				detector.contentShingles(n.text())).size());
		return new Figures(size, learn, index, indexCpu, grown.bytesPerNote(), compact.bytesPerNote(), grown.boilerplateBytes(),
				(double) (stored.length - learnerOnly) / grown.notes(), learnerOnly, read, estimated, verified, scan);
	}

	private interface Query {
		int run(Note n);
	}

	/** Microseconds per query, sorted; each query run once as warm-up first. */
	private static double[] time(Note[] sample, Query query) {
		int sink = 0;
		for (Note n : sample) {
			sink += query.run(n);
		}
		double[] micros = new double[sample.length];
		for (int i = 0; i < sample.length; i++) {
			long t = System.nanoTime();
			sink += query.run(sample[i]);
			micros[i] = (System.nanoTime() - t) / 1e3;
		}
		if (sink == 42) {
			System.out.print("");
		}
		Arrays.sort(micros);
		return micros;
	}

	private static String stats(double[] sorted) {
		return String.format("%.1f / %.1f / %.1f", mean(sorted), sorted[sorted.length / 2],
				sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))]);
	}

	private static double mean(double[] values) {
		return Arrays.stream(values).average().orElse(0);
	}

	private static byte[] serialized(CloneDetector detector) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		detector.writeTo(out);
		return out.toByteArray();
	}
}

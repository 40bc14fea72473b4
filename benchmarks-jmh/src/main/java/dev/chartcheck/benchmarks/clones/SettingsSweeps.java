package dev.chartcheck.benchmarks.clones;

import dev.chartcheck.benchmarks.clones.PlantedCloneCorpus.CorpusNote;
import dev.chartcheck.benchmarks.clones.PlantedCloneCorpus.Kind;
import dev.chartcheck.engine.clones.CloneDetector;
import dev.chartcheck.engine.clones.CloneSettings;
import dev.chartcheck.engine.clones.Note;
import dev.chartcheck.engine.clones.Shingles;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The measurements behind the defaults: shingle size, boilerplate thresholds, banding and estimate margin. */
final class SettingsSweeps {

	private static final double[] EDITS = { 0, 0.01, 0.02, 0.03, 0.05, 0.10 };

	private SettingsSweeps() {
	}

	static void run(PlantedCloneCorpus.Corpus corpus) throws IOException {
		System.out.printf("%n## Sweeps behind the defaults%n%nSame corpus (%d notes), two-pass build; one setting varied "
				+ "at a time from the defaults.%n", corpus.notes().size());
		CloneSettings d = CloneSettings.defaults().withMaxMatches(Integer.MAX_VALUE);
		System.out.printf("%n### Shingle size and boilerplate thresholds%n%n\"clones ≥ threshold\": share of planted clones "
				+ "whose exact similarity to their source reaches %.2f, by the share of content words edited. \"other pairs\": "
				+ "exact pairs at or above it that are not planted (template-only or chance likeness). \"template learned\": share of "
				+ "the practices' template shingles (those of a template filled with nothing) that became boilerplate.%n%n",
				d.threshold());
		StringBuilder header = new StringBuilder("| shingle size | min notes | min authors | author share | boilerplate shingles "
				+ "| template learned | content shingles/note |");
		StringBuilder rule = new StringBuilder("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (double e : EDITS) {
			header.append(String.format(" %.0f %% edited |", e * 100));
			rule.append(" ---: |");
		}
		System.out.println(header.append(" other pairs |"));
		System.out.println(rule.append(" ---: |"));
		for (int k : new int[] { 2, 3, 4, 5 }) {
			quality(corpus, d.withShingleSize(k), true);
		}
		for (int[] b : new int[][] { { 10, 3 }, { 50, 4 }, { 20, 2 }, { 20, 8 } }) {
			quality(corpus, d.withBoilerplate(b[0], b[1]), true);
		}
		for (double share : new double[] { 0.01, 0.25, 0.75 }) {
			quality(corpus, d.withAuthorShare(share), true);
		}
		quality(corpus, d, false);

		List<Note> notes = CloneAccuracyReport.notes(corpus);
		Map<String, String> texts = CloneAccuracyReport.texts(notes);
		System.out.printf("%n### Banding and estimate margin%n%nRecall and precision against the exact pairs; "
				+ "\"reads\": earlier notes' texts read per note to verify candidates; bytes per note after compaction.%n%n");
		System.out.println("| bands × rows | margin | LSH candidates recall | verified recall | reads/note | estimate-only recall "
				+ "| estimate-only precision | index bytes/note |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		Map<String, Set<String>> exact = null;
		for (int[] br : new int[][] { { 8, 4 }, { 10, 4 }, { 12, 4 }, { 16, 4 }, { 16, 3 }, { 24, 2 } }) {
			CloneSettings s = d.withBands(br[0], br[1]);
			CloneDetector detector = new CloneDetector(s);
			notes.forEach(detector::learn);
			notes.forEach(detector::index);
			if (exact == null) {
				exact = ClonePairs.exact(notes, detector, s);
			}
			detector.compact();
			double bytes = detector.stats().bytesPerNote();
			ClonePairs.Score lsh = ClonePairs.score(exact, ClonePairs.found(notes,
					CloneAccuracyReport.reread(detector, s.withEstimateMargin(s.threshold() - 1e-9)), texts, true).pairs());
			ClonePairs.Score estimated = ClonePairs.score(exact, ClonePairs.found(notes, detector, texts, false).pairs());
			double[] margins = br[0] == 12 && br[1] == 4 ? new double[] { 0, 0.05, 0.1, 0.15, 0.2 }
					: new double[] { s.estimateMargin() };
			for (double m : margins) {
				ClonePairs.Found verified = ClonePairs.found(notes, CloneAccuracyReport.reread(detector, s.withEstimateMargin(m)),
						texts, true);
				ClonePairs.Score v = ClonePairs.score(exact, verified.pairs());
				System.out.printf("| %d × %d | %.2f | %.4f | %.4f | %.2f | %.4f | %.4f | %.1f |%n", br[0], br[1], m, lsh.recall(),
						v.recall(), (double) verified.reads() / notes.size(), estimated.recall(), estimated.precision(), bytes);
			}
		}
	}

	/** One row of the shingle-size and boilerplate table; without learning, nothing is boilerplate. */
	private static void quality(PlantedCloneCorpus.Corpus corpus, CloneSettings s, boolean learn) {
		List<Note> notes = CloneAccuracyReport.notes(corpus);
		CloneDetector detector = new CloneDetector(s);
		if (learn) {
			notes.forEach(detector::learn);
		}
		Map<String, CorpusNote> byId = new HashMap<>();
		corpus.notes().forEach(n -> byId.put(n.note().id(), n));
		double content = 0;
		for (Note n : notes) {
			content += detector.contentShingles(n.text()).length;
		}
		int[] clones = new int[EDITS.length];
		int[] above = new int[EDITS.length];
		for (CorpusNote n : corpus.notes()) {
			int bucket = bucket(n.editFraction());
			if (n.kind() != Kind.CLONE || bucket < 0) {
				continue;
			}
			clones[bucket]++;
			double j = Shingles.jaccard(detector.contentShingles(n.note().text()),
					detector.contentShingles(byId.get(n.sourceId()).note().text()));
			above[bucket] += j >= s.threshold() ? 1 : 0;
		}
		int other = 0;
		for (Map.Entry<String, Set<String>> e : ClonePairs.exact(notes, detector, s).entrySet()) {
			for (String earlier : e.getValue()) {
				other += CloneAccuracyReport.root(e.getKey(), byId).equals(CloneAccuracyReport.root(earlier, byId)) ? 0 : 1;
			}
		}
		StringBuilder row = new StringBuilder(String.format("| %d | %s | %s | %s | %d | %.3f | %.0f |", s.shingleSize(),
				learn ? String.valueOf(s.boilerplateMinNotes()) : "not learned", learn ? String.valueOf(s.boilerplateMinAuthors()) : "",
				learn ? String.format("%.2f", s.boilerplateAuthorShare()) : "", detector.stats().boilerplateShingles(),
				templateLearned(corpus, detector), content / notes.size()));
		for (int i = 0; i < EDITS.length; i++) {
			row.append(String.format(" %.2f |", clones[i] == 0 ? 0 : (double) above[i] / clones[i]));
		}
		System.out.println(row.append(String.format(" %d |", other)));
	}

	/** The share of template shingles (present in a template filled with nothing, whoever the patient) now boilerplate. */
	static double templateLearned(PlantedCloneCorpus.Corpus corpus, CloneDetector detector) {
		NoteContent empty = new NoteContent("", "", "", "", "", "", "", "");
		int template = 0;
		int learned = 0;
		for (int p = 0; p < corpus.templates().count(); p++) {
			PracticeTemplates.Template t = corpus.templates().of(p);
			String a = t.render(empty, new PracticeTemplates.Patient("a", "Ann Able", "01/01/1950", "1111111", p),
					"2024-01-01", "1:00 PM", "Carl Cole, MD");
			String b = t.render(empty, new PracticeTemplates.Patient("b", "Bea Best", "02/02/1960", "2222222", p),
					"2024-03-03", "2:00 PM", "Dora Dunn, NP");
			Set<Long> inA = new HashSet<>();
			for (long h : Shingles.distinct(detector.shingles(a))) {
				inA.add(h);
			}
			Set<Long> stillContent = new HashSet<>();
			for (long h : detector.contentShingles(b)) {
				stillContent.add(h);
			}
			for (long h : Shingles.distinct(detector.shingles(b))) {
				if (inA.contains(h)) {
					template++;
					learned += stillContent.contains(h) ? 0 : 1;
				}
			}
		}
		return template == 0 ? 0 : (double) learned / template;
	}

	private static int bucket(double fraction) {
		for (int i = 0; i < EDITS.length; i++) {
			if (Math.abs(EDITS[i] - fraction) < 1e-9) {
				return i;
			}
		}
		return -1;
	}
}

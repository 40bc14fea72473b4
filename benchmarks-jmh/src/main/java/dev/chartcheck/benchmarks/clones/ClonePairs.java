package dev.chartcheck.benchmarks.clones;

import dev.chartcheck.engine.clones.CloneDetector;
import dev.chartcheck.engine.clones.CloneMatch;
import dev.chartcheck.engine.clones.CloneSettings;
import dev.chartcheck.engine.clones.ExactCloneSearch;
import dev.chartcheck.engine.clones.Note;
import dev.chartcheck.engine.clones.NoteTexts;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Clone pairs (a note, an earlier note it copies) as the exact baseline and the detector find them. */
final class ClonePairs {

	private ClonePairs() {
	}

	/** The pairs found, with how many earlier-note texts were read to verify them and how long it took. */
	record Found(Map<String, Set<String>> pairs, long reads, long nanos) {
	}

	/** How the detector's pairs compare with the exact ones. */
	record Score(long exact, long found, long truePositives) {

		double recall() {
			return exact == 0 ? 1 : (double) truePositives / exact;
		}

		double precision() {
			return found == 0 ? 1 : (double) truePositives / found;
		}
	}

	/**
	 * For every note, the earlier related notes whose exact Jaccard similarity reaches the threshold, by the brute-force
	 * baseline, on the boilerplate-free shingles of {@code learned} (which must be done learning).
	 */
	static Map<String, Set<String>> exact(List<Note> notes, CloneDetector learned, CloneSettings settings) {
		ExactCloneSearch search = new ExactCloneSearch(settings);
		long[][] content = new long[notes.size()][];
		for (int i = 0; i < notes.size(); i++) {
			Note n = notes.get(i);
			content[i] = learned.contentShingles(n.text());
			search.add(n.id(), n.patientId(), n.authorId(), n.writtenAt(), content[i]);
		}
		Map<String, Set<String>> out = new HashMap<>();
		for (int i = 0; i < notes.size(); i++) {
			Note n = notes.get(i);
			List<CloneMatch> matches = search.matches(n.id(), n.patientId(), n.authorId(), n.writtenAt(), content[i]);
			if (!matches.isEmpty()) {
				out.put(n.id(), ids(matches));
			}
		}
		return out;
	}

	/** What {@code detector} finds for every note: verified on the texts, or by the estimate alone. */
	static Found found(List<Note> notes, CloneDetector detector, Map<String, String> texts, boolean verify) {
		AtomicLong reads = new AtomicLong();
		NoteTexts reader = id -> {
			reads.incrementAndGet();
			return Optional.ofNullable(texts.get(id));
		};
		Map<String, Set<String>> out = new HashMap<>();
		long start = System.nanoTime();
		for (Note n : notes) {
			List<CloneMatch> matches = detector.matches(n, verify ? reader : null);
			if (!matches.isEmpty()) {
				out.put(n.id(), ids(matches));
			}
		}
		return new Found(out, reads.get(), System.nanoTime() - start);
	}

	static Score score(Map<String, Set<String>> exact, Map<String, Set<String>> found) {
		long e = 0;
		long f = 0;
		long tp = 0;
		for (Set<String> s : exact.values()) {
			e += s.size();
		}
		for (Map.Entry<String, Set<String>> entry : found.entrySet()) {
			Set<String> truth = exact.getOrDefault(entry.getKey(), Set.of());
			for (String id : entry.getValue()) {
				f++;
				tp += truth.contains(id) ? 1 : 0;
			}
		}
		return new Score(e, f, tp);
	}

	static int count(Map<String, Set<String>> pairs) {
		return pairs.values().stream().mapToInt(Set::size).sum();
	}

	private static Set<String> ids(List<CloneMatch> matches) {
		Set<String> ids = new HashSet<>();
		for (CloneMatch m : matches) {
			ids.add(m.noteId());
		}
		return ids;
	}
}

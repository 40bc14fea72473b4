package dev.chartcheck.benchmarks.clones;

import dev.chartcheck.engine.clones.CloneDetector;
import dev.chartcheck.engine.clones.CloneMatch;
import dev.chartcheck.engine.clones.CloneSettings;
import dev.chartcheck.engine.clones.Note;
import dev.chartcheck.engine.clones.Shingles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The notes of Synthea FHIR bundles (as {@code synthea-data} generates them): each DocumentReference's base64
 * {@code text/plain} attachment, with its patient, author and date. Synthea writes its notes from one template and
 * carries each patient's history forward from visit to visit, which is what copy-forward looks like; the report shows
 * how the check reads them.
 */
final class SyntheaNotes {

	private static final Pattern DOCUMENT = Pattern.compile(
			"\"resourceType\"\\s*:\\s*\"DocumentReference\".*?\"subject\"\\s*:\\s*\\{\\s*\"reference\"\\s*:\\s*\"([^\"]+)\".*?"
					+ "\"date\"\\s*:\\s*\"([^\"]+)\".*?\"author\"\\s*:\\s*\\[\\s*\\{\\s*\"reference\"\\s*:\\s*\"([^\"]+)\".*?"
					+ "\"data\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"", Pattern.DOTALL);

	private SyntheaNotes() {
	}

	static List<Note> read(Path directory) throws IOException {
		List<Note> notes = new ArrayList<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
				String json = Files.readString(file);
				Matcher m = DOCUMENT.matcher(json);
				while (m.find()) {
					notes.add(new Note("DocumentReference/synthea-" + notes.size(), m.group(1), m.group(3),
							Instant.parse(m.group(2).replaceFirst("\\+00:00$", "Z")),
							new String(Base64.getDecoder().decode(m.group(4)), StandardCharsets.UTF_8)));
				}
			}
		}
		notes.sort(Comparator.comparing(Note::writtenAt));
		return notes;
	}

	static void report(Path directory) throws IOException {
		List<Note> notes = read(directory);
		System.out.printf("%n## Synthea notes%n%n%d notes read from %s (DocumentReference text/plain attachments).%n",
				notes.size(), directory);
		if (notes.isEmpty()) {
			return;
		}
		CloneSettings settings = CloneSettings.defaults();
		CloneDetector detector = new CloneDetector(settings);
		notes.forEach(detector::learn);
		int indexed = 0;
		for (Note n : notes) {
			indexed += detector.index(n) ? 1 : 0;
		}
		Map<String, String> texts = new HashMap<>();
		notes.forEach(n -> texts.put(n.id(), n.text()));
		Map<String, Note> previous = new HashMap<>();
		List<Double> consecutive = new ArrayList<>();
		int flagged = 0;
		for (Note n : notes) {
			Note before = previous.put(n.patientId(), n);
			if (before != null) {
				consecutive.add(Shingles.jaccard(detector.contentShingles(n.text()), detector.contentShingles(before.text())));
			}
			List<CloneMatch> matches = detector.matches(n, id -> Optional.ofNullable(texts.get(id)));
			flagged += matches.isEmpty() ? 0 : 1;
		}
		consecutive.sort(null);
		double words = notes.stream().mapToInt(n -> Shingles.of(n.text(), 1, 0).length).average().orElse(0);
		System.out.printf("%.0f words per note; boilerplate learned from these notes alone: %d shingles; %d of %d notes "
				+ "have enough content of their own to be indexed. Exact similarity of each note to the same patient's previous "
				+ "note: median %.3f, 90th percentile %.3f, max %.3f. Notes flagged as near-identical (≥ %.2f) to an earlier "
				+ "note: %d of %d.%n", words, detector.stats().boilerplateShingles(), indexed, notes.size(),
				pick(consecutive, 0.5), pick(consecutive, 0.9), pick(consecutive, 1.0), settings.threshold(), flagged,
				notes.size());
	}

	private static double pick(List<Double> sorted, double q) {
		return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size())));
	}
}

package dev.chartcheck.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clone-rebuild phase: what rebuilding the {@code cloned-documentation} index from the stored notes adds to the
 * server's start, and what the standard flags on a realistic load.
 *
 * <ol>
 * <li>A fresh server (plugin on) loads the largest Synthea data set, then {@link CloneNotes}: generated clinic notes
 * with planted near-copies. Both loads are timed.
 * <li>It counts the open {@code cloned-documentation} gaps and sorts them by the note they are on: generated (planted
 * copies found, other generated notes flagged) or Synthea's. The texts of the first flagged Synthea notes and of the
 * notes they copy are written to {@code clone-examples.txt} in the run directory, for a reader to judge.
 * <li>The server is stopped and started again on the same database, alternately with the standard off (no rebuild:
 * the baseline) and on, {@code restarts} times each (off first). Each start is timed from launching the process to
 * the first 200 from {@code /actuator/health/readiness} (asked every 250 ms); for the starts with the standard on,
 * the server's log line {@code Clone index built from N stored notes in X ms} gives the rebuild, and the actuator
 * metrics {@code chartcheck.clones.indexed.notes} and {@code chartcheck.clones.index.bytes} its size.
 * <li>On the last start (standard on), one more copy of a note written before the restarts is PUT: the write must
 * answer with a {@code cloned-documentation} warning naming that note, or the phase fails.
 * </ol>
 * Each server's log is kept in the run directory as {@code server-<step>.log}.
 */
final class CloneRebuild {

	private static final String CODE = "cloned-documentation";
	private static final String OFF = "--chartcheck.standards." + CODE + "=off";
	private static final Duration POLL = Duration.ofMillis(250);
	private static final Pattern BUILT = Pattern.compile(
			"Clone index built from (\\d+) stored notes in (\\d+) ms: (\\d+) notes indexed, (\\d+) KiB, "
					+ "(\\d+) template phrases");
	private static final int EXAMPLES = 2;

	/** The open gaps after the load, by the note they are on. */
	record Gaps(long open, int onGenerated, int plantedFound, int planted, int onSynthea, int syntheaSamePatient,
			long syntheaNotes, long generatedNotes, List<String> syntheaExamples) {}

	/** One restart. Rebuild figures are -1 with the standard off. */
	record Start(int number, boolean on, double readySeconds, long rebuiltNotes, long rebuildMs, long indexKiB,
			long templatePhrases, long indexedNotes, long indexBytes) {}

	record Result(Path dataDir, int syntheaBundles, double syntheaSeconds, int noteBundles, int notes, int patients,
			double notesSeconds, Gaps gaps, List<Start> starts, String check) {}

	private CloneRebuild() {}

	static Result run(Path jar, String heap, Path work, Path dataDir, int notes, int restarts) throws Exception {
		List<Path> synthea = Bundles.index(dataDir);
		Path runDir = BenchServer.runDir(work, "clone-rebuild-" + dataDir.getParent().getFileName());
		CloneNotes generated = CloneNotes.write(runDir.resolve("notes"), notes);
		log(String.format(Locale.ROOT, "generated %d notes (%d planted copies) for %d patients in %d bundles",
				generated.notes(), generated.planted().size(), generated.patients(), generated.bundles().size()));
		double syntheaSeconds;
		double notesSeconds;
		Gaps gaps;
		try (BenchServer server = BenchServer.start(jar, heap, runDir, List.of())) {
			syntheaSeconds = server.load(synthea);
			log(String.format(Locale.ROOT, "loaded %d Synthea bundles in %.1f s", synthea.size(), syntheaSeconds));
			notesSeconds = server.load(generated.bundles());
			log(String.format(Locale.ROOT, "loaded %d generated notes in %d bundles in %.1f s (%.1f notes/s)",
					generated.notes(), generated.bundles().size(), notesSeconds, generated.notes() / notesSeconds));
			gaps = gaps(server.base(), generated, runDir.resolve("clone-examples.txt"));
		}
		keepLog(runDir, "load");

		List<Start> starts = new ArrayList<>();
		String check = null;
		for (int round = 1; round <= restarts; round++) {
			for (boolean on : new boolean[] { false, true }) {
				try (BenchServer server = BenchServer.start(jar, heap, runDir, on ? List.of() : List.of(OFF), POLL)) {
					Start start = measure(server, starts.size() + 1, on);
					starts.add(start);
					log(String.format(Locale.ROOT, "start %d, standard %s: ready after %.1f s%s", start.number(),
							on ? "on" : "off", start.readySeconds(), on ? String.format(Locale.ROOT,
									", rebuilt from %d notes in %d ms", start.rebuiltNotes(), start.rebuildMs()) : ""));
					if (on && round == restarts) {
						check = checkCopyFound(server.base(), generated);
						log("after the restart: " + check);
					}
				}
				keepLog(runDir, "start-" + starts.size() + (on ? "-on" : "-off"));
			}
		}
		return new Result(dataDir, synthea.size(), syntheaSeconds, generated.bundles().size(), generated.notes(),
				generated.patients(), notesSeconds, gaps, starts, check);
	}

	private static Gaps gaps(String base, CloneNotes generated, Path examplesFile) throws Exception {
		long open = openGaps(base);
		Map<String, String> copiedBy = new LinkedHashMap<>();
		Map<String, String> details = new LinkedHashMap<>();
		String url = base + "/DetectedIssue?code=" + CODE + "&gap-status=open-gap&_count=500";
		for (int page = 0; url != null && page < Http.MAX_PAGES; page++) {
			JsonNode bundle = Http.getJson(url);
			for (JsonNode entry : bundle.path("entry")) {
				JsonNode issue = entry.path("resource");
				String note = issue.path("implicated").path(0).path("reference").asText();
				copiedBy.put(note, issue.path("evidence").path(0).path("detail").path(0).path("reference").asText());
				details.put(note, issue.path("detail").asText());
			}
			url = Http.next(bundle);
		}
		Set<String> planted = new HashSet<>();
		generated.planted().forEach(p -> planted.add(p.copy()));
		int onGenerated = 0;
		int found = 0;
		int samePatient = 0;
		List<String> synthea = new ArrayList<>();
		for (String note : copiedBy.keySet()) {
			if (note.startsWith(CloneNotes.NOTE_PREFIX)) {
				onGenerated++;
				if (planted.contains(note)) found++;
			} else {
				synthea.add(note);
				if (details.get(note).contains("of the same patient")) samePatient++;
			}
		}
		long allNotes = count(base + "/DocumentReference?_summary=count");
		long generatedNotes = count(base + "/DocumentReference?identifier=" + CloneNotes.IDENTIFIER_SYSTEM
				+ "%7C&_summary=count");
		log(String.format(Locale.ROOT, "open %s gaps: %d (read %d): %d on generated notes (%d of %d planted copies), "
				+ "%d on Synthea notes (of %d; %d copying the same patient's note)", CODE, open, copiedBy.size(),
				onGenerated, found, planted.size(), synthea.size(), allNotes - generatedNotes, samePatient));
		List<String> examples = new ArrayList<>();
		StringBuilder texts = new StringBuilder();
		for (String note : synthea.subList(0, Math.min(EXAMPLES, synthea.size()))) {
			String example = note + " copies " + copiedBy.get(note) + ": " + details.get(note);
			examples.add(example);
			texts.append("=== ").append(example).append("\n--- ").append(note).append('\n').append(text(base, note))
					.append("\n--- ").append(copiedBy.get(note)).append('\n').append(text(base, copiedBy.get(note)))
					.append("\n\n");
		}
		Files.writeString(examplesFile, texts.toString(), StandardCharsets.UTF_8);
		return new Gaps(open, onGenerated, found, planted.size(), synthea.size(), samePatient, allNotes - generatedNotes,
				generatedNotes, examples);
	}

	/** A note's date, status and first attachment's text. */
	private static String text(String base, String noteId) throws Exception {
		JsonNode note = Http.getJson(base + "/" + noteId);
		String data = note.path("content").path(0).path("attachment").path("data").asText();
		return "date " + note.path("date").asText() + ", status " + note.path("status").asText() + ", subject "
				+ note.path("subject").path("reference").asText() + ", author "
				+ note.path("author").path(0).path("reference").asText() + "\n"
				+ new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
	}

	private static Start measure(BenchServer server, int number, boolean on) throws Exception {
		if (!on) {
			return new Start(number, false, server.readySeconds(), -1, -1, -1, -1, -1, -1);
		}
		Matcher built = BUILT.matcher(Files.readString(server.log(), StandardCharsets.UTF_8));
		if (!built.find()) {
			throw new IllegalStateException("standard on, yet no 'Clone index built' line in " + server.log());
		}
		return new Start(number, true, server.readySeconds(), Long.parseLong(built.group(1)),
				Long.parseLong(built.group(2)), Long.parseLong(built.group(4)), Long.parseLong(built.group(5)),
				metric(server, "chartcheck.clones.indexed.notes"), metric(server, "chartcheck.clones.index.bytes"));
	}

	/** The value of a gauge from the actuator, or -1 where it is not served. */
	private static long metric(BenchServer server, String name) throws Exception {
		HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(server.root() + "/actuator/metrics/"
				+ name)).header("Accept", "application/json").GET());
		if (response.statusCode() != 200) return -1;
		for (JsonNode measurement : Http.JSON.readTree(response.body()).path("measurements")) {
			if ("VALUE".equals(measurement.path("statistic").asText())) return measurement.path("value").asLong();
		}
		return -1;
	}

	/** PUTs one more copy of a note written before the restarts; fails unless the write is warned of it. */
	private static String checkCopyFound(String base, CloneNotes generated) throws Exception {
		String[] copy = generated.oneMoreCopy();
		String url = base + "/" + copy[0];
		long before = openGaps(base);
		HttpResponse<String> response = Http.check(Http.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/fhir+json").header("Prefer", "return=OperationOutcome")
				.PUT(HttpRequest.BodyPublishers.ofString(copy[2]))), "PUT " + copy[0]);
		String warning = null;
		for (JsonNode issue : Http.JSON.readTree(response.body()).path("issue")) {
			if (CODE.equals(issue.path("details").path("coding").path(0).path("code").asText())) {
				warning = issue.path("diagnostics").asText();
			}
		}
		long after = openGaps(base);
		for (int wait = 0; wait < 20 && after == before; wait++) {
			Thread.sleep(500); // should the gap be stored after the answer
			after = openGaps(base);
		}
		if (warning == null || !warning.contains(copy[1])) {
			throw new IllegalStateException("the copy " + copy[0] + " of " + copy[1] + ", written after the restart, was "
					+ "not flagged as its copy: " + (warning == null ? "no " + CODE + " warning" : warning));
		}
		return String.format(Locale.ROOT, "%s (a copy of %s) flagged: \"%s\"; open gaps %d -> %d",
				copy[0], copy[1], warning, before, after);
	}

	private static long openGaps(String base) throws Exception {
		return count(base + "/DetectedIssue?code=" + CODE + "&gap-status=open-gap&_summary=count");
	}

	/** The total of a {@code _summary=count} search, asked past HAPI's cache of recent searches. */
	private static long count(String url) throws Exception {
		JsonNode total = Http.JSON.readTree(Http.check(Http.send(Http.get(url).header("Cache-Control", "no-cache")), url)
				.body()).path("total");
		if (!total.isNumber()) throw new IllegalStateException(url + " answered without a total");
		return total.asLong();
	}

	private static void keepLog(Path runDir, String step) throws Exception {
		Files.copy(runDir.resolve("server.log"), runDir.resolve("server-" + step + ".log"),
				StandardCopyOption.REPLACE_EXISTING);
	}

	static void print(Result r) {
		Gaps g = r.gaps();
		System.out.println();
		System.out.printf(Locale.ROOT, "Clone index rebuild: %s (%d bundles) and %d generated notes (%d patients, %d "
				+ "clinicians, %d bundles)%n", r.dataDir(), r.syntheaBundles(), r.notes(), r.patients(),
				CloneNotes.CLINICIANS, r.noteBundles());
		System.out.printf(Locale.ROOT, "load (plugin on): Synthea %.1f s, generated notes %.1f s (%.1f notes/s)%n",
				r.syntheaSeconds(), r.notesSeconds(), r.notes() / r.notesSeconds());
		System.out.printf(Locale.ROOT, "open %s gaps: %d; on generated notes %d (planted copies found: %d of %d; other "
				+ "generated notes: %d); on Synthea notes %d of %d (%d copying the same patient's note)%n", CODE, g.open(),
				g.onGenerated(), g.plantedFound(), g.planted(), g.onGenerated() - g.plantedFound(), g.onSynthea(),
				g.syntheaNotes(), g.syntheaSamePatient());
		g.syntheaExamples().forEach(e -> System.out.println("  e.g. " + e));
		System.out.println();
		System.out.println("| start | standard | readiness (s) | notes rebuilt | rebuild (ms) | notes/s rebuilt "
				+ "| index (KiB, log) | template phrases | indexed notes (metric) | index bytes (metric) |");
		System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (Start s : r.starts()) {
			if (s.on()) {
				System.out.printf(Locale.ROOT, "| %d | on | %.1f | %d | %d | %.0f | %d | %d | %d | %d |%n", s.number(),
						s.readySeconds(), s.rebuiltNotes(), s.rebuildMs(),
						s.rebuiltNotes() * 1000.0 / Math.max(1, s.rebuildMs()), s.indexKiB(), s.templatePhrases(), s.indexedNotes(), s.indexBytes());
			} else {
				System.out.printf(Locale.ROOT, "| %d | off | %.1f | | | | | | | |%n", s.number(), s.readySeconds());
			}
		}
		double off = median(r.starts(), false);
		double on = median(r.starts(), true);
		double rebuild = Benchmark.median(r.starts().stream().filter(Start::on).mapToDouble(Start::rebuildMs).toArray());
		System.out.printf(Locale.ROOT, "%nmedian readiness: off %.1f s, on %.1f s -> ratio on/off %.2f (on - off: %.1f s); "
				+ "median rebuild %.0f ms%n", off, on, on / off, on - off, rebuild);
		System.out.println("after the restart: " + r.check());
	}

	private static double median(List<Start> starts, boolean on) {
		return Benchmark.median(starts.stream().filter(s -> s.on() == on).mapToDouble(Start::readySeconds).toArray());
	}

	private static void log(String message) {
		Benchmark.log("clone-rebuild: " + message);
	}
}

package dev.chartcheck.benchmarks.clones;

import dev.chartcheck.engine.clones.CloneDetector;
import dev.chartcheck.engine.clones.CloneMatch;
import dev.chartcheck.engine.clones.CloneSettings;
import dev.chartcheck.engine.clones.ExactCloneSearch;
import dev.chartcheck.engine.clones.Note;
import dev.chartcheck.engine.clones.NoteTexts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Query time as the index grows tenfold, against the exact baseline in the same run. Each call looks up the earlier
 * near-identical notes of one note of the corpus (a different one each call, cycling through 1,024 chosen at random):
 *
 * <ul>
 * <li>{@code estimated}: by the stored signature alone (LSH probe, relation and time filter, estimate);
 * <li>{@code verified}: from the note's text, with exact verification of candidates on their text (the
 * {@code cloned-documentation} path; texts come from memory here, from the store in a server);
 * <li>{@code exactScan}: the brute-force baseline, a scan of all notes with exact Jaccard on related ones.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xmx3g" })
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class QueryBenchmark {

	private static final int QUERIES = 1024;

	@Param({ "20000", "200000" })
	public int notes;

	private final CloneSettings settings = CloneSettings.defaults();
	private CloneDetector detector;
	private ExactCloneSearch exact;
	private Note[] queries;
	private long[][] queryShingles;
	private NoteTexts texts;
	private int next;

	@Setup
	public void setUp() {
		List<Note> corpus = Corpora.notes(notes);
		detector = new CloneDetector(settings);
		corpus.forEach(detector::learn);
		corpus.forEach(detector::index);
		Map<String, String> byId = new HashMap<>();
		exact = new ExactCloneSearch(settings);
		for (Note n : corpus) {
			byId.put(n.id(), n.text());
			exact.add(n.id(), n.patientId(), n.authorId(), n.writtenAt(), detector.contentShingles(n.text()));
		}
		texts = id -> Optional.ofNullable(byId.get(id));
		SplittableRandom random = new SplittableRandom(Corpora.SEED);
		queries = new Note[QUERIES];
		queryShingles = new long[QUERIES][];
		for (int i = 0; i < QUERIES; i++) {
			queries[i] = corpus.get(random.nextInt(corpus.size()));
			queryShingles[i] = detector.contentShingles(queries[i].text());
		}
	}

	@Benchmark
	public List<CloneMatch> estimated() {
		return detector.estimatedMatches(queries[advance()].id());
	}

	@Benchmark
	public List<CloneMatch> verified() {
		return detector.matches(queries[advance()], texts);
	}

	@Benchmark
	public List<CloneMatch> exactScan() {
		int i = advance();
		Note q = queries[i];
		return exact.matches(q.id(), q.patientId(), q.authorId(), q.writtenAt(), queryShingles[i]);
	}

	private int advance() {
		next = (next + 1) & (QUERIES - 1);
		return next;
	}
}

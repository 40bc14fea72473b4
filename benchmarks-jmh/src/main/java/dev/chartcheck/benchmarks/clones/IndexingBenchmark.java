package dev.chartcheck.benchmarks.clones;

import dev.chartcheck.engine.clones.CloneDetector;
import dev.chartcheck.engine.clones.CloneSettings;
import dev.chartcheck.engine.clones.Note;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Indexing throughput on one thread, in notes per second: each invocation handles the same {@value #NOTES} notes of
 * a planted-clone corpus from their text.
 *
 * <ul>
 * <li>{@code index}: normalize, shingle, drop boilerplate, sign, file in the LSH tables (the boilerplate learned
 * beforehand, as in the second pass of a rebuild);
 * <li>{@code learn}: the first pass of a rebuild, boilerplate counting only;
 * <li>{@code write}: what a write hook does per note: learn, index and look up earlier matches (by the estimate,
 * no text reads);
 * <li>{@code read}: restart from a persisted index.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xmx2g" })
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class IndexingBenchmark {

	static final int NOTES = 20_000;

	private final CloneSettings settings = CloneSettings.defaults();
	private List<Note> notes;
	private byte[] learnedOnly;
	private byte[] fullIndex;
	/** A detector that has learned the corpus' boilerplate and indexed nothing, fresh for each invocation. */
	private CloneDetector learned;

	@Setup
	public void setUp() throws IOException {
		notes = Corpora.notes(NOTES);
		CloneDetector learned = new CloneDetector(settings);
		notes.forEach(learned::learn);
		learnedOnly = bytes(learned);
		notes.forEach(learned::index);
		fullIndex = bytes(learned);
	}

	/** An invocation indexes 20,000 notes (some 0.4 s), long enough for a per-invocation setup not to distort it. */
	@Setup(Level.Invocation)
	public void freshDetector() throws IOException {
		learned = CloneDetector.readFrom(new ByteArrayInputStream(learnedOnly), settings);
	}

	@Benchmark
	@OperationsPerInvocation(NOTES)
	public CloneDetector index() {
		for (Note n : notes) {
			learned.index(n);
		}
		return learned;
	}

	@Benchmark
	@OperationsPerInvocation(NOTES)
	public CloneDetector learn() {
		CloneDetector detector = new CloneDetector(settings);
		for (Note n : notes) {
			detector.learn(n);
		}
		return detector;
	}

	@Benchmark
	@OperationsPerInvocation(NOTES)
	public int write() {
		int found = 0;
		for (Note n : notes) {
			found += learned.write(n, null).size();
		}
		return found;
	}

	@Benchmark
	@OperationsPerInvocation(NOTES)
	public CloneDetector read() throws IOException {
		return CloneDetector.readFrom(new ByteArrayInputStream(fullIndex), settings);
	}

	private static byte[] bytes(CloneDetector detector) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		detector.writeTo(out);
		return out.toByteArray();
	}
}

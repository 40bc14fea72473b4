package dev.chartcheck.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the soak saw: every request's time and kind, the samples, the failed rounds; and the report over windows of
 * a fixed length ({@code soak-report.md}), with the raw figures beside it ({@code soak-requests.csv},
 * {@code soak-samples.csv}). Thread-safe: the load and the sampler write at the same time.
 */
final class SoakStats {

	private static final List<String> KINDS = List.of(Soak.WRITE, Soak.AUDIT_NEW, Soak.AUDIT_EARLIER, Soak.AUDIT_SAMPLE);

	/** One request; for a write and its patient's audit, which Synthea bundle (else -1) and, for a write, its entries. */
	private record Request(double elapsedSeconds, String kind, double millis, int bundle, int entries) {}

	private final Duration window;
	private final List<Request> requests = new ArrayList<>();
	private final List<SoakSampler.Sample> samples = new ArrayList<>();
	private final List<Double> failures = new ArrayList<>();
	private long start;
	private long patientsAtEnd = -1;
	private long issuesAtEnd = -1;

	SoakStats(Duration window) {
		this.window = window;
	}

	synchronized void start() {
		start = System.nanoTime();
	}

	synchronized double elapsedSeconds() {
		return (System.nanoTime() - start) / 1e9;
	}

	synchronized void request(String kind, double millis, int bundle, int entries) {
		requests.add(new Request(elapsedSeconds(), kind, millis, bundle, entries));
	}

	synchronized void sample(SoakSampler.Sample sample) {
		samples.add(sample);
	}

	synchronized void failed() {
		failures.add(elapsedSeconds());
	}

	synchronized void patientsAtEnd(long patients, long issues) {
		patientsAtEnd = patients;
		issuesAtEnd = issues;
	}

	/** The window a moment falls in; the tail after the last full window counts with it. */
	private int windowOf(double elapsedSeconds, int windows) {
		return Math.min((int) (elapsedSeconds / (window.toMillis() / 1000.0)), windows - 1);
	}

	synchronized void write(Path dir) throws IOException {
		StringBuilder csv = new StringBuilder("elapsed_s,kind,ms,bundle,entries\n");
		requests.forEach(r -> csv.append(String.format(Locale.ROOT, "%.1f,%s,%.1f,%d,%d%n", r.elapsedSeconds(), r.kind(), r.millis(),
				r.bundle(), r.entries())));
		Files.writeString(dir.resolve("soak-requests.csv"), csv);
		StringBuilder sampleCsv = new StringBuilder("elapsed_s,heap_after_gc_mb,heap_before_gc_mb,non_heap_mb,threads,"
				+ "hikari_active,hikari_idle,hikari_pending,pg_sessions,pg_active,pg_idle,pg_idle_in_transaction\n");
		samples.forEach(s -> sampleCsv.append(String.format(Locale.ROOT, "%.1f,%.1f,%.1f,%.1f,%d,%d,%d,%d,%d,%d,%d,%d%n",
				s.elapsedSeconds(), s.heapAfterGcMb(), s.heapBeforeGcMb(), s.nonHeapMb(), s.threads(), s.hikariActive(),
				s.hikariIdle(), s.hikariPending(), s.pgSessions(), s.pgActive(), s.pgIdle(), s.pgIdleInTransaction())));
		Files.writeString(dir.resolve("soak-samples.csv"), sampleCsv);
		Files.writeString(dir.resolve("soak-report.md"), report());
	}

	private String report() {
		double last = requests.isEmpty() ? 0 : requests.get(requests.size() - 1).elapsedSeconds();
		int windows = Math.max(1, (int) (last / (window.toMillis() / 1000.0)));
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT, "Soak: %.1f minutes, %d requests, %d failed rounds; %d Patients and %d DetectedIssues at the end%n%n",
				last / 60, requests.size(), failures.size(), patientsAtEnd, issuesAtEnd));
		md.append("Latency in ms (p50 / p95, count) per window; heap after a full GC, lowest / highest of the window's samples "
				+ "(the highest includes what requests in flight hold); threads at the window's last sample; connections: the most seen "
				+ "in the window\n\n");
		md.append("| window (min) | write | write per entry | audit-new | audit-earlier | audit-sample | failed | heap after GC, min / max (MB) | threads "
				+ "| hikari active / idle (max) | pg sessions (max) |\n");
		md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		double[][] p95 = new double[windows][KINDS.size()];
		for (int w = 0; w < windows; w++) {
			final int current = w;
			double from = w * window.toSeconds() / 60.0;
			double to = w == windows - 1 ? last / 60 : (w + 1) * window.toSeconds() / 60.0;
			md.append(String.format(Locale.ROOT, "| %.0f-%.0f ", from, to));
			for (int k = 0; k < KINDS.size(); k++) {
				String kind = KINDS.get(k);
				double[] times = requests.stream().filter(r -> r.kind().equals(kind) && windowOf(r.elapsedSeconds(), windows) == current)
						.mapToDouble(Request::millis).sorted().toArray();
				p95[w][k] = percentile(times, 95);
				md.append(times.length == 0 ? "| - " : String.format(Locale.ROOT, "| %.0f / %.0f (%d) ",
						percentile(times, 50), p95[w][k], times.length));
				if (kind.equals(Soak.WRITE)) {
					double[] perEntry = requests.stream().filter(r -> r.kind().equals(kind) && r.entries() > 0
									&& windowOf(r.elapsedSeconds(), windows) == current)
							.mapToDouble(r -> r.millis() / r.entries()).sorted().toArray();
					md.append(perEntry.length == 0 ? "| - " : String.format(Locale.ROOT, "| %.1f / %.1f ",
							percentile(perEntry, 50), percentile(perEntry, 95)));
				}
			}
			long failed = failures.stream().filter(f -> windowOf(f, windows) == current).count();
			List<SoakSampler.Sample> in = samples.stream().filter(s -> windowOf(s.elapsedSeconds(), windows) == current).toList();
			SoakSampler.Sample end = in.isEmpty() ? null : in.get(in.size() - 1);
			md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s / %s | %s |%n", failed,
					end == null ? "-" : String.format(Locale.ROOT, "%.0f / %.0f",
							in.stream().mapToDouble(SoakSampler.Sample::heapAfterGcMb).min().orElse(-1),
							in.stream().mapToDouble(SoakSampler.Sample::heapAfterGcMb).max().orElse(-1)),
					end == null ? "-" : Long.toString(end.threads()),
					max(in, SoakSampler.Sample::hikariActive), max(in, SoakSampler.Sample::hikariIdle),
					max(in, SoakSampler.Sample::pgSessions)));
		}
		md.append("\nEnd against start (last window / first window):\n\n");
		for (int k = 0; k < KINDS.size(); k++) {
			md.append(String.format(Locale.ROOT, "- p95 %s: %.0f ms -> %.0f ms, ratio %.2f%s%n", KINDS.get(k), p95[0][k],
					p95[windows - 1][k], p95[windows - 1][k] / p95[0][k],
					windows > 2 && !Double.isNaN(p95[1][k]) ? String.format(Locale.ROOT, " (against the second window, after warm-up: %.2f)",
							p95[windows - 1][k] / p95[1][k]) : ""));
		}
		md.append(sameBundle(Soak.WRITE)).append(sameBundle(Soak.AUDIT_NEW));
		if (!samples.isEmpty()) {
			SoakSampler.Sample first = samples.get(0);
			SoakSampler.Sample lastSample = samples.get(samples.size() - 1);
			double[] heap = samples.stream().mapToDouble(SoakSampler.Sample::heapAfterGcMb).toArray();
			md.append(String.format(Locale.ROOT, "- heap after GC: %.0f MB at the first sample, %.0f MB at the last (min %.0f, max %.0f)%n",
					first.heapAfterGcMb(), lastSample.heapAfterGcMb(), Arrays.stream(heap).min().orElse(-1), Arrays.stream(heap).max().orElse(-1)));
			md.append(String.format(Locale.ROOT, "- threads: %d -> %d; hikari active/idle: %d/%d -> %d/%d; pg sessions: %d -> %d%n",
					first.threads(), lastSample.threads(), first.hikariActive(), first.hikariIdle(), lastSample.hikariActive(),
					lastSample.hikariIdle(), first.pgSessions(), lastSample.pgSessions()));
		}
		return md.toString();
	}

	/**
	 * The same Synthea bundle (the same record) at its last load against its first: the median and the extremes of
	 * the ratios, free of the mix of bundles that falls into a window.
	 */
	private String sameBundle(String kind) {
		java.util.Map<Integer, List<Double>> byBundle = new java.util.TreeMap<>();
		requests.stream().filter(r -> r.kind().equals(kind) && r.bundle() >= 0)
				.forEach(r -> byBundle.computeIfAbsent(r.bundle(), b -> new ArrayList<>()).add(r.millis()));
		double[] ratios = byBundle.values().stream().filter(times -> times.size() >= 2)
				.mapToDouble(times -> times.get(times.size() - 1) / times.get(0)).sorted().toArray();
		if (ratios.length == 0) return "";
		return String.format(Locale.ROOT, "- %s, the same record at its last load against its first (%d records, loaded up to %d times): "
						+ "median ratio %.2f, min %.2f, max %.2f%n", kind, ratios.length,
				byBundle.values().stream().mapToInt(List::size).max().orElse(0), percentile(ratios, 50), ratios[0], ratios[ratios.length - 1]);
	}

	private static String max(List<SoakSampler.Sample> in, java.util.function.ToLongFunction<SoakSampler.Sample> figure) {
		return in.isEmpty() ? "-" : Long.toString(in.stream().mapToLong(figure).max().orElse(-1));
	}

	/** Nearest-rank percentile of sorted values; NaN when there are none. */
	static double percentile(double[] sorted, int p) {
		if (sorted.length == 0) return Double.NaN;
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}
}

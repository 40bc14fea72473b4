package dev.chartcheck.server;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives {@link ConcurrentRecords}' writers against a server, each on its own thread, with (optionally) threads
 * that run {@code $audit?persist=true} on the same patients for as long as the writers write. Every write and
 * audit that is not answered 2xx is kept, with its answer.
 */
final class ConcurrentLoad {

	/** What the load did: the versions acknowledged per resource, how many writes each got, what was refused. */
	record Result(
			Map<String, Integer> acknowledged, Map<String, Integer> writesPerResource, List<String> refused, int audits,
			double seconds) {

		int writes() {
			return writesPerResource.values().stream().mapToInt(Integer::intValue).sum();
		}

		double writesPerSecond() {
			return writes() / seconds;
		}
	}

	private ConcurrentLoad() {}

	/** Stores each record's base, so that the load has patients to write to. */
	static void storeBaseRecords(FhirHttp http, List<ConcurrentRecords> records) {
		for (ConcurrentRecords record : records) {
			HttpResponse<String> stored = http.send("POST", "", record.baseRecord(), Map.of());
			if (stored.statusCode() != 200) {
				throw new AssertionError("base record of " + record.patient() + ": " + stored.statusCode() + " " + head(stored.body()));
			}
		}
	}

	static Result run(FhirHttp http, List<ConcurrentRecords> records, int writers, int writesPerWriter, int auditors)
			throws Exception {
		Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
		Map<String, AtomicInteger> writesPerResource = new ConcurrentHashMap<>();
		List<String> refused = Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger audits = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(writers + auditors);
		try {
			long started = System.nanoTime();
			List<Future<?>> writerTasks = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				ConcurrentRecords.Writer plan = new ConcurrentRecords.Writer("w" + w, records, new Random(9_000L + w));
				writerTasks.add(pool.submit(() -> {
					for (int n = 0; n < writesPerWriter; n++) {
						ConcurrentRecords.Write write = plan.next();
						HttpResponse<String> response = http.send("PUT", "/" + write.reference(), write.body(), Map.of());
						if (response.statusCode() / 100 != 2) {
							refused.add(write.reference() + " -> " + response.statusCode() + " " + head(response.body()));
							continue;
						}
						acknowledged.merge(write.reference(), version(response), Math::max);
						writesPerResource.computeIfAbsent(write.reference(), k -> new AtomicInteger()).incrementAndGet();
					}
					return null;
				}));
			}
			List<Future<?>> auditing = new ArrayList<>();
			for (int a = 0; a < auditors; a++) {
				int first = a;
				auditing.add(pool.submit(() -> {
					for (int n = first; writing.get(); n++) {
						String patient = records.get(n % records.size()).patient();
						HttpResponse<String> response = http.send("GET", "/" + patient + "/$audit?persist=true", null, Map.of());
						if (response.statusCode() != 200) {
							refused.add(patient + "/$audit -> " + response.statusCode() + " " + head(response.body()));
						}
						audits.incrementAndGet();
					}
					return null;
				}));
			}
			for (Future<?> writer : writerTasks) {
				writer.get(20, TimeUnit.MINUTES);
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			writing.set(false);
			for (Future<?> auditor : auditing) {
				auditor.get(5, TimeUnit.MINUTES);
			}
			Map<String, Integer> counts = new ConcurrentHashMap<>();
			writesPerResource.forEach((k, v) -> counts.put(k, v.get()));
			return new Result(Map.copyOf(acknowledged), Map.copyOf(counts), List.copyOf(refused), audits.get(), seconds);
		} finally {
			pool.shutdownNow();
		}
	}

	/** The version a write was stored as, from its ETag. */
	static int version(HttpResponse<String> response) {
		String etag = response.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + head(response.body())));
		return Integer.parseInt(etag.replaceAll("[^0-9]", ""));
	}

	static String head(String body) {
		return body.length() > 400 ? body.substring(0, 400) + "…" : body;
	}
}

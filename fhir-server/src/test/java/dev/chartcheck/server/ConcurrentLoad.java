package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;

/**
 * Drives {@link ConcurrentRecords}' writers against a server, each on its own thread, with (optionally) threads
 * that run {@code $audit?persist=true} on the same patients for as long as the writers write. Every write and
 * audit that is not answered 2xx is kept, with its answer.
 */
final class ConcurrentLoad {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

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
		return run(List.of(http), records, writers, writesPerWriter, auditors);
	}

	/** As {@link #run(FhirHttp, List, int, int, int)}, the writers and auditors spread over several servers in turn. */
	static Result run(List<FhirHttp> servers, List<ConcurrentRecords> records, int writers, int writesPerWriter, int auditors)
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
				FhirHttp http = servers.get(w % servers.size());
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
				FhirHttp http = servers.get(a % servers.size());
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

	/**
	 * Every acknowledged write is stored: each resource is at the version its last write was acknowledged with, and
	 * has had exactly as many versions as acknowledged writes (each write changes it). Every finding key has exactly
	 * one DetectedIssue, and the gaps stored are exactly those a fresh check of the record finds.
	 *
	 * @param storedIssues a patient's DetectedIssues as stored, all of them
	 */
	static void assertStoredAndConsistent(
			FhirHttp http, Result load, List<ConcurrentRecords> records, Function<String, List<DetectedIssue>> storedIssues) {
		for (Map.Entry<String, Integer> write : load.acknowledged().entrySet()) {
			HttpResponse<String> current = http.send("GET", "/" + write.getKey(), null, Map.of());
			assertThat(current.statusCode()).as(write.getKey()).isEqualTo(200);
			assertThat(version(current)).as("stored version of " + write.getKey()).isEqualTo(write.getValue());
			assertThat(write.getValue()).as("versions of " + write.getKey()).isEqualTo(load.writesPerResource().get(write.getKey()));
		}
		for (ConcurrentRecords record : records) {
			List<DetectedIssue> stored = storedIssues.apply(record.patient());
			Map<String, Long> perKey = stored.stream()
					.collect(Collectors.groupingBy(Gaps::findingKey, Collectors.counting()));
			assertThat(perKey.keySet()).as("every DetectedIssue of " + record.patient() + " has a finding key").doesNotContainNull();
			assertThat(perKey.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
					.as("finding keys of " + record.patient() + " with more than one DetectedIssue")
					.isEmpty();

			// what a fresh check of the record finds, stored nowhere, against what is stored
			HttpResponse<String> fresh = http.send("GET", "/" + record.patient() + "/$audit?persist=false", null, Map.of());
			assertThat(fresh.statusCode()).as(head(fresh.body())).isEqualTo(200);
			Set<Gaps> expected = Gaps.live(Gaps.issuesIn(FHIR.newJsonParser().parseResource(Bundle.class, fresh.body())));
			assertThat(Gaps.live(stored)).as("gaps stored for " + record.patient() + " against a fresh check")
					.containsExactlyInAnyOrderElementsOf(expected);
			assertThat(expected).as("the record has gaps to keep").isNotEmpty();
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

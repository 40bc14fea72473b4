package dev.chartcheck.engine.clones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CloneIndexTest {

	private static final Instant LATER = Instant.parse("2100-01-01T00:00:00Z");

	private record Stored(String patient, String author, long time, long[] signature) {
	}

	/**
	 * Puts, replaces and removes notes at random, with band values drawn from a tiny range so that buckets and probe
	 * runs are crowded, and checks every answer against a scan of what should be there.
	 */
	@Test
	void candidatesAreExactlyTheRelatedEarlierNotesSharingABandThroughPutsRemovalsAndCompactions() {
		CloneSettings settings = CloneSettings.defaults().withBands(6, 2);
		CloneIndex index = new CloneIndex(settings);
		Map<String, Stored> expected = new LinkedHashMap<>();
		SplittableRandom random = new SplittableRandom(3);
		for (int op = 0; op < 6000; op++) {
			String id = "DocumentReference/" + random.nextInt(1500);
			if (random.nextInt(4) == 0) {
				assertThat(index.remove(id)).isEqualTo(expected.remove(id) != null);
			} else {
				Stored s = new Stored("Patient/" + random.nextInt(40), "Practitioner/" + random.nextInt(15),
						random.nextLong(1_000_000), randomSignature(random, 6));
				index.put(id, s.patient, s.author, Instant.ofEpochMilli(s.time), s.signature);
				expected.put(id, s);
			}
			if (op % 1000 == 999) {
				index.compact();
			}
			if (op % 50 == 0) {
				Stored q = new Stored("Patient/" + random.nextInt(40), "Practitioner/" + random.nextInt(15), 0,
						randomSignature(random, 6));
				assertThat(ids(index.candidates(q.signature, null, q.patient, q.author, LATER, 0)))
						.isEqualTo(scan(expected, q, settings));
			}
		}
		assertThat(index.size()).isEqualTo(expected.size());
	}

	/**
	 * The detector lets readers look up candidates side by side (under its read lock): each lookup must be its own.
	 * Four threads asking at once get exactly what one thread alone gets, with lookups that collect hundreds of slots.
	 */
	@Test
	void lookupsSideBySideGetWhatALookupAloneGets() throws Exception {
		CloneSettings settings = CloneSettings.defaults();
		CloneIndex index = new CloneIndex(settings);
		SplittableRandom random = new SplittableRandom(7);
		List<long[]> templates = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			templates.add(MinHash.signature(MinHashTest.randomShingles(random, 100), settings.bands(), settings.rows()));
		}
		for (int i = 0; i < 600; i++) {
			index.put("n" + i, "Patient/" + (i % 50), "Practitioner/" + (i % 7), Instant.ofEpochSecond(i), templates.get(i % 4));
		}
		List<List<String>> alone = new ArrayList<>();
		for (int q = 0; q < 200; q++) {
			alone.add(index.candidates(templates.get(q % 4), null, "Patient/" + (q % 50), "Practitioner/" + (q % 7), LATER, 0.5)
					.stream().map(CloneMatch::noteId).toList());
		}
		// each lookup collects every slot of its template in every band (150 notes × 12 bands), far past its first buffer
		assertThat(alone).as("lookups that find something").allMatch(found -> !found.isEmpty());
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			List<java.util.concurrent.Future<Integer>> runs = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int offset = t;
				runs.add(pool.submit(() -> {
					int wrong = 0;
					for (int round = 0; round < 20; round++) {
						for (int q = 0; q < 200; q++) {
							int k = (q + offset * 37) % 200;
							List<String> found = index.candidates(templates.get(k % 4), null, "Patient/" + (k % 50),
									"Practitioner/" + (k % 7), LATER, 0.5).stream().map(CloneMatch::noteId).toList();
							if (!found.equals(alone.get(k))) {
								wrong++;
							}
						}
					}
					return wrong;
				}));
			}
			for (java.util.concurrent.Future<Integer> run : runs) {
				assertThat(run.get(2, java.util.concurrent.TimeUnit.MINUTES)).as("lookups that differed from one alone").isZero();
			}
		} finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theRelationAndTheEstimateAreReported() {
		CloneSettings settings = CloneSettings.defaults();
		CloneIndex index = new CloneIndex(settings);
		long[] signature = MinHash.signature(MinHashTest.randomShingles(new SplittableRandom(1), 100), 12, 4);
		index.put("n1", "Patient/1", "Practitioner/1", Instant.EPOCH, signature);
		index.put("n2", "Patient/2", "Practitioner/1", Instant.EPOCH, signature);
		index.put("n3", "Patient/1", null, Instant.EPOCH, signature);

		assertThat(index.candidates(signature, null, "Patient/1", "Practitioner/1", LATER, 0.5))
				.extracting(CloneMatch::noteId, CloneMatch::relation, CloneMatch::similarity, CloneMatch::authorId)
				.containsExactly(
						org.assertj.core.groups.Tuple.tuple("n1", CloneMatch.Relation.SAME_PATIENT, 1.0, "Practitioner/1"),
						org.assertj.core.groups.Tuple.tuple("n2", CloneMatch.Relation.SAME_AUTHOR, 1.0, "Practitioner/1"),
						org.assertj.core.groups.Tuple.tuple("n3", CloneMatch.Relation.SAME_PATIENT, 1.0, null));
		assertThat(index.candidates(signature, null, "Patient/9", "Practitioner/9", LATER, 0)).isEmpty();
		assertThat(index.candidatesOf("n2", 0)).as("n1 and n3 are no earlier than n2, n1 is by its author")
				.extracting(CloneMatch::noteId).containsExactly("n1");
		assertThatThrownBy(() -> index.put("n4", "Patient/1", null, Instant.EPOCH, new long[3]))
				.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void whatTheIndexKeepsPerNoteStaysWithinTheBudget() {
		CloneSettings settings = CloneSettings.defaults();
		CloneIndex index = new CloneIndex(settings);
		SplittableRandom random = new SplittableRandom(5);
		int notes = 50_000;
		for (int i = 0; i < notes; i++) {
			index.put("DocumentReference/" + (100_000 + i), "Patient/" + (10_000 + i / 5), "Practitioner/" + (i % 500),
					Instant.ofEpochSecond(i), MinHash.signature(MinHashTest.randomShingles(random, 60), 12, 4));
		}
		index.compact();

		// signature 96, patient + author + time 16, id (24 bytes) with its offset and table slot, a fifth of a patient
		// id, 12 band entries at 3/4 load
		assertThat((double) index.bytes() / notes).isLessThan(256);
	}

	private static long[] randomSignature(SplittableRandom random, int bands) {
		long[] signature = new long[bands];
		for (int b = 0; b < bands; b++) {
			signature[b] = random.nextInt(6) | ((long) random.nextInt(3) << 16);
		}
		return signature;
	}

	private static TreeSet<String> scan(Map<String, Stored> stored, Stored q, CloneSettings settings) {
		TreeSet<String> out = new TreeSet<>();
		stored.forEach((id, s) -> {
			boolean related = s.patient.equals(q.patient) || s.author.equals(q.author);
			boolean sharesBand = false;
			for (int b = 0; b < settings.bands(); b++) {
				sharesBand |= s.signature[b] == q.signature[b];
			}
			if (related && sharesBand) {
				out.add(id);
			}
		});
		return out;
	}

	private static TreeSet<String> ids(List<CloneMatch> matches) {
		return new TreeSet<>(new ArrayList<>(matches.stream().map(CloneMatch::noteId).toList()));
	}
}

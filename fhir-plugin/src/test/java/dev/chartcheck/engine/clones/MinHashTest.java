package dev.chartcheck.engine.clones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MinHashTest {

	private static final int BANDS = 12;
	private static final int ROWS = 4;

	@Test
	void identicalSetsHaveIdenticalSignaturesWhateverTheOrderAndRepeats() {
		long[] set = randomShingles(new SplittableRandom(1), 200);
		long[] shuffledWithRepeats = LongStream.concat(Arrays.stream(set), Arrays.stream(set, 0, 50)).toArray();
		reverse(shuffledWithRepeats);

		assertThat(MinHash.signature(shuffledWithRepeats, BANDS, ROWS)).containsExactly(MinHash.signature(set, BANDS, ROWS));
		assertThat(MinHash.similarity(MinHash.signature(set, BANDS, ROWS), MinHash.signature(shuffledWithRepeats, BANDS, ROWS),
				ROWS)).isEqualTo(1.0);
	}

	@Test
	void anEmptySetHasNoSignature() {
		assertThat(MinHash.signature(new long[0], BANDS, ROWS)).isNull();
	}

	@Test
	void theEstimateFollowsTheExactJaccardSimilarity() {
		SplittableRandom random = new SplittableRandom(42);
		double sumOfErrors = 0;
		double worst = 0;
		int pairs = 300;
		for (int p = 0; p < pairs; p++) {
			int shared = 20 + random.nextInt(300);
			long[] common = randomShingles(random, shared);
			long[] a = concat(common, randomShingles(random, random.nextInt(150)));
			long[] b = concat(common, randomShingles(random, random.nextInt(150)));
			double exact = Shingles.jaccard(Shingles.distinct(a), Shingles.distinct(b));

			double estimate = MinHash.similarity(MinHash.signature(a, BANDS, ROWS), MinHash.signature(b, BANDS, ROWS), ROWS);

			sumOfErrors += estimate - exact;
			worst = Math.max(worst, Math.abs(estimate - exact));
		}
		// 48 values: standard error at most 0.072; unbiased on average
		assertThat(sumOfErrors / pairs).isCloseTo(0, within(0.015));
		assertThat(worst).isLessThan(0.3);
	}

	@Test
	void disjointSetsAgreeAlmostNowhere() {
		SplittableRandom random = new SplittableRandom(3);
		double total = 0;
		for (int i = 0; i < 50; i++) {
			total += MinHash.similarity(MinHash.signature(randomShingles(random, 100), BANDS, ROWS),
					MinHash.signature(randomShingles(random, 100), BANDS, ROWS), ROWS);
		}
		assertThat(total / 50).isLessThan(0.01);
	}

	@Test
	void aSetSmallerThanTheSignatureStillFillsEveryBinConsistently() {
		long[] small = { Shingles.mix(11), Shingles.mix(22), Shingles.mix(33) };
		long[] other = { Shingles.mix(11), Shingles.mix(22), Shingles.mix(44) };

		long[] signature = MinHash.signature(small, BANDS, ROWS);

		assertThat(signature).hasSize(BANDS).containsExactly(MinHash.signature(small.clone(), BANDS, ROWS));
		assertThat(MinHash.similarity(signature, MinHash.signature(other, BANDS, ROWS), ROWS)).isLessThan(1.0);
	}

	@Test
	void withFewerRowsTheUnusedLanesDoNotCount() {
		SplittableRandom random = new SplittableRandom(5);
		long[] a = randomShingles(random, 100);
		long[] b = randomShingles(random, 100);

		assertThat(MinHash.similarity(MinHash.signature(a, 20, 2), MinHash.signature(b, 20, 2), 2)).isLessThan(0.1);
		assertThatThrownBy(() -> MinHash.similarity(new long[2], new long[3], 2)).isInstanceOf(IllegalArgumentException.class);
	}

	static long[] randomShingles(SplittableRandom random, int n) {
		long[] out = new long[n];
		for (int i = 0; i < n; i++) {
			out[i] = random.nextLong();
		}
		return out;
	}

	private static long[] concat(long[] a, long[] b) {
		return LongStream.concat(Arrays.stream(a), Arrays.stream(b)).toArray();
	}

	private static void reverse(long[] a) {
		for (int i = 0, j = a.length - 1; i < j; i++, j--) {
			long t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}
}

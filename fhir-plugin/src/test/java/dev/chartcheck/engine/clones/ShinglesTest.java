package dev.chartcheck.engine.clones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShinglesTest {

	private static final long SEED = CloneSettings.DEFAULT_SEED;

	@Test
	void oneShinglePerRunOfKWords() {
		assertThat(Shingles.of("a b c d e", 3, SEED)).hasSize(3);
		assertThat(Shingles.of("a b", 3, SEED)).as("shorter than k: one shingle of all words").hasSize(1);
		assertThat(Shingles.of("  ", 3, SEED)).isEmpty();
		assertThatThrownBy(() -> Shingles.of("a", 0, SEED)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void wordOrderAndSeedMatter() {
		assertThat(Shingles.of("chest pain resolved", 3, SEED)).doesNotContain(Shingles.of("resolved pain chest", 3, SEED));
		assertThat(Shingles.of("chest pain resolved", 3, SEED)).doesNotContain(Shingles.of("chest pain resolved", 3, 7L));
		assertThat(Shingles.of("chest pain resolved", 3, SEED)).containsExactly(Shingles.of("CHEST  Pain, resolved.", 3, SEED));
	}

	@Test
	void theHashIsFixedAcrossRunsBecauseSignaturesArePersisted() {
		// a change here makes every stored index unreadable in effect: bump CloneIndexFormat.VERSION with it
		assertThat(Shingles.of("no acute distress", 3, SEED)).containsExactly(-5_596_204_862_405_813_298L);
	}

	@Test
	void repeatedShinglesCollapseInTheSetForm() {
		long[] shingles = Shingles.of("ok ok ok ok ok", 2, SEED);

		assertThat(shingles).hasSize(4);
		assertThat(Shingles.distinct(shingles)).hasSize(1);
	}

	@Test
	void jaccardIsIntersectionOverUnion() {
		assertThat(Shingles.jaccard(new long[] { 1, 2, 3, 4 }, new long[] { 3, 4, 5, 6 })).isEqualTo(2.0 / 6);
		assertThat(Shingles.jaccard(new long[] { -5, 1 }, new long[] { -5, 1 })).isEqualTo(1.0);
		assertThat(Shingles.jaccard(new long[] { 1 }, new long[] { 2 })).isZero();
		assertThat(Shingles.jaccard(new long[0], new long[0])).isZero();
	}
}

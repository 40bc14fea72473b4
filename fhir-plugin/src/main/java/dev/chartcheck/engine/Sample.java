package dev.chartcheck.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A uniform random sample of records, as plan audits draw: the same population and seed always draw
 * the same records (the population is put in a fixed order first, so the order it was found in does not
 * matter).
 */
public final class Sample {

	private Sample() {}

	public static List<String> draw(List<String> population, int size, long seed) {
		List<String> ordered = new ArrayList<>(population);
		Collections.sort(ordered);
		if (size >= ordered.size()) {
			return ordered;
		}
		Collections.shuffle(ordered, new Random(seed));
		List<String> drawn = new ArrayList<>(ordered.subList(0, size));
		Collections.sort(drawn);
		return drawn;
	}
}

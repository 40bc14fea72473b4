package dev.chartcheck.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text scrape ({@code /actuator/prometheus}), read sample by sample. */
record Scrape(String text, List<Sample> samples) {

	/** One line: a metric name, its labels, its value. */
	record Sample(String name, Map<String, String> labels, double value) {}

	private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\d+)?$");
	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

	static Scrape parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = LINE.matcher(line);
			if (!sample.matches()) {
				throw new AssertionError("not a Prometheus sample: " + line);
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (sample.group(2) != null) {
				Matcher label = LABEL.matcher(sample.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
		}
		return new Scrape(text, samples);
	}

	/** The value of the one sample with this name and (at least) these labels, given as name, value, name, value… */
	double value(String name, String... labels) {
		List<Sample> matching = samples.stream()
				.filter(s -> s.name().equals(name))
				.filter(s -> {
					for (int i = 0; i < labels.length; i += 2) {
						if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
							return false;
						}
					}
					return true;
				})
				.toList();
		if (matching.size() != 1) {
			throw new AssertionError(matching.size() + " samples of " + name + " " + List.of(labels) + " in the scrape");
		}
		return matching.get(0).value();
	}
}

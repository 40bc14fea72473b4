package dev.chartcheck.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated Synthea data set: the transaction bundles listed in its {@code index.txt}, in load order
 * (organizations and locations, practitioners, then one bundle per patient).
 */
final class Bundles {

	private Bundles() {}

	/** The bundles listed in index.txt, in its order. */
	static List<Path> index(Path dataDir) throws IOException {
		Path index = dataDir.resolve("index.txt");
		if (!Files.isRegularFile(index)) {
			throw new IllegalStateException("no " + index + ": run `mvn -f benchmarks/pom.xml compile` first");
		}
		List<Path> bundles = new ArrayList<>();
		for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
			String name = line.strip();
			if (!name.isEmpty() && !name.startsWith("#")) bundles.add(dataDir.resolve(name));
		}
		return bundles;
	}

	/**
	 * Whether a bundle holds one patient's record: every bundle but Synthea's shared ones,
	 * {@code hospitalInformation*.json} (organizations, locations) and {@code practitionerInformation*.json}.
	 */
	static boolean isPatientBundle(Path bundle) {
		String name = bundle.getFileName().toString();
		return !name.startsWith("hospitalInformation") && !name.startsWith("practitionerInformation");
	}
}

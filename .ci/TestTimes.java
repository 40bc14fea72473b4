import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The test time of a build, read from the Surefire and Failsafe reports under each module's {@code target/}: for
 * each test run (module and report folder: {@code surefire-reports} on H2, {@code surefire-reports-postgres}, …) its
 * classes, tests and seconds, then the ten slowest test classes. Run with {@code java .ci/TestTimes.java [root]}.
 */
public class TestTimes {

	record Suite(String run, String name, double seconds, int tests, int failed, int skipped) {}

	private static final Pattern SUITE = Pattern.compile("<testsuite\\b([^>]*)>");

	public static void main(String[] args) throws IOException {
		Path root = Path.of(args.length > 0 ? args[0] : ".");
		List<Suite> suites = new ArrayList<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(TestTimes::isReport).toList()) {
				suites.add(read(root, file));
			}
		}
		if (suites.isEmpty()) {
			System.out.println("No test reports under " + root.toAbsolutePath());
			return;
		}
		Map<String, List<Suite>> runs = new TreeMap<>();
		suites.forEach(suite -> runs.computeIfAbsent(suite.run(), run -> new ArrayList<>()).add(suite));
		System.out.println("== Test time per run (the first class of a Spring run includes the server's start)");
		System.out.printf("%8s %8s %7s %7s %8s  %s%n", "classes", "tests", "failed", "skipped", "seconds", "run");
		double total = 0;
		for (Map.Entry<String, List<Suite>> run : runs.entrySet()) {
			List<Suite> of = run.getValue();
			double seconds = of.stream().mapToDouble(Suite::seconds).sum();
			total += seconds;
			System.out.printf("%8d %8d %7d %7d %8.0f  %s%n", of.size(), of.stream().mapToInt(Suite::tests).sum(),
					of.stream().mapToInt(Suite::failed).sum(), of.stream().mapToInt(Suite::skipped).sum(), seconds, run.getKey());
		}
		System.out.printf("%8d %8d %7s %7s %8.0f  %s%n", suites.size(), suites.stream().mapToInt(Suite::tests).sum(), "", "", total, "in all");
		System.out.println();
		System.out.println("== The ten slowest test classes");
		suites.stream().sorted(Comparator.comparingDouble(Suite::seconds).reversed()).limit(10)
				.forEach(suite -> System.out.printf("%8.1f s  %s  (%s)%n", suite.seconds(), suite.name(), suite.run()));
	}

	private static boolean isReport(Path file) {
		String name = file.getFileName().toString();
		Path folder = file.getParent();
		return name.startsWith("TEST-") && name.endsWith(".xml") && folder != null && folder.getParent() != null
				&& folder.getParent().getFileName().toString().equals("target");
	}

	/** The suite's attributes, from the opening tag (a report's output can be long: only its head is read). */
	private static Suite read(Path root, Path file) throws IOException {
		String head;
		try (InputStream in = Files.newInputStream(file)) {
			head = new String(in.readNBytes(8192), StandardCharsets.UTF_8);
		}
		Matcher suite = SUITE.matcher(head);
		if (!suite.find()) {
			throw new IOException("no <testsuite> in " + file);
		}
		String attributes = suite.group(1);
		Path module = root.relativize(file.getParent().getParent().getParent());
		String run = (module.toString().isEmpty() ? "." : module) + " " + file.getParent().getFileName();
		return new Suite(run, attribute(attributes, "name"), Double.parseDouble(attribute(attributes, "time").replace(",", "")),
				Integer.parseInt(attribute(attributes, "tests")),
				Integer.parseInt(attribute(attributes, "failures")) + Integer.parseInt(attribute(attributes, "errors")),
				Integer.parseInt(attribute(attributes, "skipped")));
	}

	private static String attribute(String attributes, String name) {
		Matcher value = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(attributes);
		return value.find() ? value.group(1) : "0";
	}
}

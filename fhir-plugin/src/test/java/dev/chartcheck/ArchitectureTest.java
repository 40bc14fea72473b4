package dev.chartcheck;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code, as rules the build checks (see docs/ARCHITECTURE.md): a check core that knows nothing of the
 * server it runs in, adapters that do not reach into each other, settings read only where they are wired, no package
 * cycles, and no main class over 300 lines.
 */
class ArchitectureTest {

	/** The core: the check path, the evaluation engine and the standards. */
	private static final String[] CORE = {"dev.chartcheck.check..", "dev.chartcheck.engine..", "dev.chartcheck.standards.."};

	/** The HAPI-facing entry points: write-time checks, operations, CDS services. */
	private static final List<String> ADAPTERS = List.of("write", "operation", "cds");

	private static final JavaClasses MAIN = new ClassFileImporter()
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.chartcheck");

	@Test
	void theCoreKnowsNothingOfTheServerItRunsIn() {
		noClasses().that().resideInAnyPackage(CORE)
				.should().dependOnClassesThat().resideInAnyPackage(
						"ca.uhn.fhir.jpa..", "ca.uhn.fhir.rest.server..", "ca.uhn.fhir.rest.api.server..",
						"ca.uhn.fhir.batch2..", "ca.uhn.fhir.interceptor..", "org.springframework..",
						"jakarta.persistence..", "jakarta.servlet..", "org.hibernate..")
				.check(MAIN);
	}

	@Test
	void theCoreReadsOnlyTheCore() {
		noClasses().that().resideInAnyPackage(CORE)
				.should().dependOnClassesThat().resideInAnyPackage(
						"dev.chartcheck.config..", "dev.chartcheck.storage..", "dev.chartcheck.content..",
						"dev.chartcheck.audit..", "dev.chartcheck.job..", "dev.chartcheck.remediation..",
						"dev.chartcheck.security..", "dev.chartcheck.audittrail..", "dev.chartcheck.conformance..",
						"dev.chartcheck.write..", "dev.chartcheck.operation..", "dev.chartcheck.cds..")
				.check(MAIN);
	}

	@Test
	void adaptersDoNotReachIntoEachOther() {
		for (String adapter : ADAPTERS) {
			String[] others = ADAPTERS.stream().filter(a -> !a.equals(adapter)).map(a -> "dev.chartcheck." + a + "..")
					.toArray(String[]::new);
			noClasses().that().resideInAPackage("dev.chartcheck." + adapter + "..")
					.should().dependOnClassesThat().resideInAnyPackage(others)
					.check(MAIN);
		}
	}

	@Test
	void onlyTheWiringReadsTheSettings() {
		noClasses().that().resideOutsideOfPackage("dev.chartcheck.config..")
				.should().dependOnClassesThat().resideInAPackage("dev.chartcheck.config..")
				.check(MAIN);
	}

	@Test
	void noPackageCycles() {
		slices().matching("dev.chartcheck.(**)").should().beFreeOfCycles().check(MAIN);
	}

	/** Every module's main sources, from the repository's root (this module's parent). */
	@Test
	void noMainClassOverThreeHundredLines() throws IOException {
		Path root = Path.of("").toAbsolutePath().getParent();
		List<String> tooLong;
		try (Stream<Path> files = Files.walk(root)) {
			tooLong = files
					.filter(file -> file.toString().endsWith(".java"))
					.filter(file -> root.relativize(file).toString().replace('\\', '/').matches("[^/]+/src/main/java/.*"))
					.filter(file -> lines(file) > 300)
					.map(file -> root.relativize(file) + " (" + lines(file) + " lines)")
					.toList();
		}
		assertThat(tooLong).isEmpty();
	}

	private static long lines(Path file) {
		try (Stream<String> lines = Files.lines(file)) {
			return lines.count();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

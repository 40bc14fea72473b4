package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chartcheck.check.CheckCore;
import dev.chartcheck.engine.StandardsCatalog;
import dev.chartcheck.audit.AuditParameters;
import dev.chartcheck.config.ChartcheckProperties;
import dev.chartcheck.storage.CheckStateTable;
import dev.chartcheck.storage.DetectedIssueStore;
import dev.chartcheck.storage.NoteClones;
import dev.chartcheck.storage.RecordSnapshotLoader;
import java.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each scenario in {@code test-bundles/} is loaded into the running server and audited; the gaps must be
 * exactly those its manifest expects. A second audit must change nothing. Then every stored record, loaded with others
 * in chunks as a population audit loads them, must be checked exactly as when loaded alone ({@link RecordChunks}).
 */
class ScenarioBundlesTest extends ServerTestBase {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	private DaoRegistry daos;

	@Autowired
	private RecordSnapshotLoader loader;

	@Autowired
	private CheckCore core;

	@Autowired
	private StandardsCatalog catalog;

	@Autowired
	private ChartcheckProperties properties;

	@Autowired
	private NoteClones clones;

	@Autowired
	private DetectedIssueStore gaps;

	@Autowired
	private CheckStateTable states;

	@Autowired
	private Clock clock;

	/** The scenarios' patients ({@code Patient/123}), without those of the other tests sharing the server. */
	private static List<String> scenarioPatients(List<Path> manifests) throws IOException {
		List<String> patients = new java.util.ArrayList<>();
		for (Path manifest : manifests) {
			String patient = JSON.readTree(manifest.toFile()).get("patient").asText();
			if (!patients.contains(patient)) {
				patients.add(patient);
			}
		}
		return patients;
	}

	/** The standards a population audit checks by default: those not switched off. */
	private List<dev.chartcheck.engine.Standard> enabledStandards() {
		return AuditParameters.parse(null, null, null, null, catalog, properties).standards();
	}

	@TestFactory
	Stream<DynamicTest> everyScenarioYieldsExactlyItsExpectedGaps() throws IOException {
		Path dir = Path.of(System.getProperty("chartcheck.test-bundles", "../test-bundles"));
		List<Path> manifests;
		try (Stream<Path> files = Files.list(dir)) {
			manifests = files.filter(f -> f.getFileName().toString().endsWith(".expected.json")).sorted().toList();
		}
		assertThat(manifests).as("scenario manifests in %s", dir).hasSizeGreaterThanOrEqualTo(15);
		Stream<DynamicTest> scenarios = manifests.stream().map(manifest -> DynamicTest.dynamicTest(
				manifest.getFileName().toString().replace(".expected.json", ""), () -> check(manifest)));
		// once every scenario is stored: the records, loaded a chunk of patients at a time as a population audit
		// loads them, are checked exactly as when loaded one by one
		// and then, findings kept current are what a full re-check finds (KeptCurrentChecks)
		return Stream.concat(scenarios, Stream.of(
				DynamicTest.dynamicTest("records loaded together, as loaded alone",
						() -> assertThat(RecordChunks.assertLoadedTogetherAsAlone(daos, loader, core, catalog.all()))
								.isGreaterThanOrEqualTo(manifests.size() / 2)),
				DynamicTest.dynamicTest("findings kept current, as a full re-check finds them",
						() -> assertThat(KeptCurrentChecks.assertKeptAsFull(daos, core, enabledStandards(),
								scenarioPatients(manifests), clones, loader, gaps, states, clock))
								.isGreaterThanOrEqualTo(manifests.size() / 2))));
	}

	private void check(Path manifestFile) throws IOException {
		JsonNode manifest = JSON.readTree(manifestFile.toFile());
		Path bundle = manifestFile.resolveSibling(manifestFile.getFileName().toString().replace(".expected.json", ".bundle.json"));
		String patient = manifest.get("patient").asText();
		Set<Gaps> expected = gaps(manifest.get("findings"));

		postTransaction(bundle);
		Bundle first = audit(patient, "");

		assertThat(first.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
		assertThat(first.getEntryFirstRep().getResource()).isInstanceOf(MeasureReport.class);
		MeasureReport report = (MeasureReport) first.getEntryFirstRep().getResource();
		assertThat(report.getType()).isEqualTo(MeasureReport.MeasureReportType.INDIVIDUAL);
		assertThat(report.getSubject().getReference()).isEqualTo(patient);
		assertThat(Gaps.live(Gaps.issuesIn(first))).as("gaps in the $audit answer").isEqualTo(expected);
		assertThat(Gaps.live(storedIssues(patient))).as("stored gaps").isEqualTo(expected);
		for (MeasureReport.MeasureReportGroupComponent group : report.getGroup()) {
			int denominator = group.getPopulation().get(0).getCount();
			int numerator = group.getPopulation().get(1).getCount();
			long failing = expected.stream()
					.filter(g -> g.standard().equals(group.getId()) && g.gapStatus().equals("open-gap"))
					.count();
			assertThat(denominator - numerator).as("non-compliant records of %s", group.getId()).isEqualTo((int) failing);
		}

		// a second audit finds the same gaps and writes nothing
		Map<String, String> versions = versionsById(storedIssues(patient));
		Bundle second = audit(patient, "");
		assertThat(Gaps.live(Gaps.issuesIn(second))).isEqualTo(expected);
		assertThat(versionsById(storedIssues(patient))).as("DetectedIssues after a second audit").isEqualTo(versions);

		// a scenario may go on: the record is fixed, and the next audit closes its gaps without deleting them
		JsonNode after = manifest.get("after");
		if (after != null) {
			postTransaction(manifestFile.resolveSibling(after.get("bundle").asText()));
			Bundle third = audit(patient, "");
			List<DetectedIssue> stored = storedIssues(patient);
			assertThat(Gaps.live(Gaps.issuesIn(third))).as("gaps after the fix").isEqualTo(gaps(after.get("findings")));
			assertThat(Gaps.live(stored)).as("stored gaps after the fix").isEqualTo(gaps(after.get("findings")));
			Set<Gaps> closed = stored.stream().map(Gaps::of).filter(g -> g.gapStatus().equals("closed-gap")).collect(Collectors.toSet());
			assertThat(closed).as("closed gaps after the fix").containsAll(gaps(after.get("closed")));
			for (JsonNode gap : after.get("closed")) {
				if (gap.has("resolvedBy")) {
					DetectedIssue issue = stored.stream()
							.filter(i -> Gaps.of(i).implicated().equals(gap.get("implicated").asText())
									&& Gaps.of(i).standard().equals(gap.get("standard").asText()))
							.findFirst()
							.orElseThrow();
					assertThat(issue.getMitigationFirstRep().getAction().getText())
							.as("what closed %s", gap.get("implicated").asText())
							.contains(gap.get("resolvedBy").asText());
				}
			}
			assertThat(stored).as("no DetectedIssue is deleted").hasSizeGreaterThanOrEqualTo(versions.size());
		}
	}

	private static Set<Gaps> gaps(JsonNode list) {
		Set<Gaps> result = new HashSet<>();
		for (JsonNode f : list) {
			result.add(new Gaps(f.get("standard").asText(), f.get("gapStatus").asText(), f.get("implicated").asText()));
		}
		return result;
	}

	private static Map<String, String> versionsById(List<DetectedIssue> issues) {
		return issues.stream().collect(Collectors.toMap(
				i -> i.getIdElement().getIdPart(), i -> i.getIdElement().getVersionIdPart(), (a, b) -> a, java.util.TreeMap::new));
	}
}

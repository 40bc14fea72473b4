package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Population audits: three copies of the three-gap scenario under one organization give known scores
 * (per copy: signature 1 of 2 notes, chronology 4 of 5 entries, contacts 2 of 3 encounters; patient identification
 * 3 of 3 (the patient and two notes), legibility 2 of 2 notes).
 */
class PopulationAuditTest extends ServerTestBase {

	private static final String ORG = "Organization/pop-org";
	private static final String EXT = "https://chartcheck.dev/fhir/StructureDefinition/";

	@BeforeEach
	void loadThreeRecordsOfOneOrganization() {
		for (String copy : List.of("popA", "popB", "popC")) {
			loadThreeGapRecord(copy, "pop-org");
		}
	}

	@Test
	void organizationAuditScoresEveryStandardAgainstTheGoal() {
		MeasureReport report = report("/" + ORG + "/$audit?persist=false");

		assertThat(report.getType()).isEqualTo(MeasureReport.MeasureReportType.SUMMARY);
		assertThat(report.getReporter().getReference()).isEqualTo(ORG);
		assertThat(sample(report, "population")).isEqualTo(3);
		assertThat(sample(report, "drawn")).isEqualTo(3);
		assertGroup(report, "signature-credentials", 6, 3, false);
		assertGroup(report, "chronological-order", 15, 12, true);
		assertGroup(report, "contact-documented", 9, 6, false);
		assertGroup(report, "dated", 15, 15, true);
		// the patients and their notes, every page of which shows the patient's name and MRN
		assertGroup(report, "patient-identification", 9, 9, true);
		assertGroup(report, "legibility", 6, 6, true);
		// three copies of one record, but each copy has its own clinicians, and its notes are a line or two: no copies
		assertGroup(report, "cloned-documentation", 6, 6, true);
		assertThat(group(report, "coordination-of-care").getPopulationFirstRep().getCount()).isZero();
		assertThat(((DecimalType) report.getExtensionByUrl(EXT + "overall-compliance").getValue()).getValueAsNumber().doubleValue())
				.isEqualTo(57.0 / 66, org.assertj.core.data.Offset.offset(0.0001));

		MeasureReportGroupComponent signatures = group(report, "signature-credentials");
		var byPractitioner = signatures.getStratifier().get(0);
		assertThat(byPractitioner.getStratum()).extracting(s -> s.getValue().getText())
				.contains("Practitioner/popA-prac", "Practitioner/popA-prac2");
		var uncredentialed = byPractitioner.getStratum().stream()
				.filter(s -> s.getValue().getText().equals("Practitioner/popA-prac")).findFirst().orElseThrow();
		assertThat(uncredentialed.getPopulation().get(0).getCount()).isEqualTo(1);
		assertThat(uncredentialed.getPopulation().get(1).getCount()).isZero();
		assertThat(((BooleanType) uncredentialed.getExtensionByUrl(EXT + "goal-met").getValue()).booleanValue()).isFalse();
		var byLicensure = signatures.getStratifier().get(1);
		assertThat(byLicensure.getStratum()).extracting(s -> s.getValue().getText() + " " + s.getPopulation().get(1).getCount()
				+ "/" + s.getPopulation().get(0).getCount())
				.containsExactlyInAnyOrder("MD 3/3", "no credentials 0/3");
	}

	@Test
	void theSameSeedDrawsTheSameSample() {
		MeasureReport first = report("/" + ORG + "/$audit?persist=false&sampleSize=2&seed=7");
		MeasureReport again = report("/" + ORG + "/$audit?persist=false&sampleSize=2&seed=7");
		assertThat(sample(first, "drawn")).isEqualTo(2);
		assertThat(sample(first, "population")).isEqualTo(3);
		assertThat(drawn(again)).isEqualTo(drawn(first)).hasSize(2);
		assertThat(group(first, "dated").getPopulationFirstRep().getCount()).isEqualTo(10);
		Set<List<String>> samples = new HashSet<>();
		for (int seed = 1; seed <= 10; seed++) {
			samples.add(drawn(report("/" + ORG + "/$audit?persist=false&sampleSize=2&seed=" + seed)));
		}
		assertThat(samples).as("ten seeds draw more than one sample").hasSizeGreaterThan(1);
	}

	@Test
	void practitionerAuditCoversTheRecordsTheyWroteOrTookPartIn() {
		MeasureReport report = report("/Practitioner/popB-prac2/$audit?persist=false&standard=signature-credentials");
		assertThat(report.getSubject().getReference()).isEqualTo("Practitioner/popB-prac2");
		assertThat(drawn(report)).containsExactly("Patient/popB-pat");
		assertGroup(report, "signature-credentials", 2, 1, false);
	}

	@Test
	void aStoredReportIsFoundBySearchAndTheNextOneShowsItsRate() {
		MeasureReport first = report("/" + ORG + "/$audit?standard=dated,signature-credentials");
		MeasureReport second = report("/" + ORG + "/$audit?standard=dated,signature-credentials");
		assertThat(first.getIdElement().getIdPart()).isNotBlank();
		Extension earlier = second.getExtensionByUrl(EXT + "previous-compliance");
		assertThat(earlier).isNotNull();
		assertThat(((Reference) earlier.getExtensionByUrl("report").getValue()).getReference())
				.isEqualTo("MeasureReport/" + first.getIdElement().getIdPart());
		Extension groupEarlier = group(second, "signature-credentials").getExtensionByUrl(EXT + "previous-compliance");
		assertThat(((DecimalType) groupEarlier.getExtensionByUrl("score").getValue()).getValueAsNumber().doubleValue()).isEqualTo(0.5);

		Bundle found = search("/MeasureReport?reporter=" + ORG + "&measure=https://chartcheck.dev/fhir/Measure/documentation-standards-audit");
		assertThat(found.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.contains(first.getIdElement().getIdPart(), second.getIdElement().getIdPart());
		assertThat(search("/MeasureReport?reporter=" + ORG + "&period=ge2026-01-01").getEntry()).isNotEmpty();
	}

	@Test
	void serverAuditAndItsErrors() {
		MeasureReport report = report("/$audit?persist=false&sampleSize=2&seed=3&standard=dated");
		assertThat(sample(report, "population")).isGreaterThanOrEqualTo(3);
		assertThat(drawn(report)).hasSize(2);
		assertThat(report.hasSubject()).isFalse();

		assertThat(http("GET", "/Practitioner/no-such-practitioner/$audit", null).statusCode()).isEqualTo(404);
		assertThat(http("GET", "/" + ORG + "/$audit?sampleSize=0", null).statusCode()).isEqualTo(400);
		assertThat(http("GET", "/" + ORG + "/$audit?seed=abc", null).statusCode()).isEqualTo(400);
	}

	@Test
	void responsiblePractitionersGetRemediationTasksThatFollowTheGaps() {
		loadThreeGapRecord("remA", "rem-org");
		MeasureReport report = report("/Organization/rem-org/$audit");
		assertThat(((IntegerType) report.getExtensionByUrl(EXT + "overdue-gaps").getValue()).getValue()).isZero();

		// the uncredentialed author of doc1 answers for its signature and chronology gaps
		Task task = onlyTask("Practitioner/remA-prac");
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(task.getFocus().getReference()).isEqualTo("MeasureReport/" + report.getIdElement().getIdPart());
		assertThat(task.getInput()).hasSize(2);
		assertThat(task.getRestriction().getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-08-30");
		String signatureGap = storedIssues("Patient/remA-pat").stream()
				.filter(i -> Gaps.of(i).standard().equals("signature-credentials"))
				.map(i -> "DetectedIssue/" + i.getIdElement().getIdPart())
				.findFirst().orElseThrow();
		assertThat(task.getInput()).extracting(i -> ((Reference) i.getValue()).getReference()).contains(signatureGap);

		// the clinician's credentials are recorded: that item is resolved, the other stays open
		Practitioner practitioner = client().read().resource(Practitioner.class).withId("remA-prac").execute();
		practitioner.addQualification().getCode().setText("MD");
		client().update().resource(practitioner).execute();
		audit("Patient/remA-pat", "");
		Task followed = onlyTask("Practitioner/remA-prac");
		assertThat(followed.getOutput()).extracting(o -> ((Reference) o.getValue()).getReference()).containsExactly(signatureGap);
		assertThat(followed.getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
	}

	@Test
	void overdueGapsAreFlaggedInTheNextReport() {
		loadThreeGapRecord("lateA", "late-org");
		report("/Organization/late-org/$audit");
		// one gap was found long ago: its due date has passed and it is still open
		DetectedIssue gap = storedIssues("Patient/lateA-pat").stream()
				.filter(i -> Gaps.of(i).standard().equals("contact-documented")).findFirst().orElseThrow();
		((DateType) gap.getExtensionByUrl(EXT + "gap-due-date").getValue()).setValueAsString("2026-01-31");
		storeAsServer(gap);

		MeasureReport next = report("/Organization/late-org/$audit");
		assertThat(((IntegerType) next.getExtensionByUrl(EXT + "overdue-gaps").getValue()).getValue()).isEqualTo(1);
		assertThat(((IntegerType) group(next, "contact-documented").getExtensionByUrl(EXT + "overdue-gaps").getValue()).getValue())
				.isEqualTo(1);
		assertThat(search("/DetectedIssue?patient=Patient/lateA-pat&gap-status=open-gap&due-date=lt2026-06-01").getEntry())
				.hasSize(1);
	}

	@Test
	void theReportReadsAsAPageInABrowser() throws java.io.IOException {
		HttpResponse<String> page = http("GET", "/" + ORG + "/$audit?persist=false&_format=html", null);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(page.body()).contains("<html", "data:image/svg+xml;base64,", "below goal", "Practitioner/popA-prac");
		// kept for a look in a real browser: scripts/render-audit-report.sh fhir-server/target/audit-report-organization.html
		java.nio.file.Files.writeString(Path.of("target", "audit-report-organization.html"), page.body());

		MeasureReport report = report("/" + ORG + "/$audit?persist=false");
		assertThat(report.getText().getDivAsString()).contains("data:image/svg+xml;base64,");
	}

	private Task onlyTask(String owner) {
		List<Task> tasks = search("/Task?owner=" + owner).getEntry().stream().map(e -> (Task) e.getResource()).toList();
		assertThat(tasks).hasSize(1);
		return tasks.get(0);
	}

	private MeasureReport report(String path) {
		Bundle bundle = search(path);
		assertThat(bundle.getEntryFirstRep().getResource()).isInstanceOf(MeasureReport.class);
		return (MeasureReport) bundle.getEntryFirstRep().getResource();
	}

	private Bundle search(String path) {
		HttpResponse<String> response = http("GET", path, null);
		assertThat(response.statusCode()).as(path + ": " + abbreviate(response.body())).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	private static int sample(MeasureReport report, String part) {
		return ((IntegerType) report.getExtensionByUrl(EXT + "audit-sample").getExtensionByUrl(part).getValue()).getValue();
	}

	private static List<String> drawn(MeasureReport report) {
		return report.getEvaluatedResource().stream().map(Reference::getReference).toList();
	}

	private static MeasureReportGroupComponent group(MeasureReport report, String standard) {
		return report.getGroup().stream().filter(g -> g.getId().equals(standard)).findFirst().orElseThrow();
	}

	private static void assertGroup(MeasureReport report, String standard, int denominator, int numerator, boolean goalMet) {
		MeasureReportGroupComponent group = group(report, standard);
		assertThat(group.getPopulation().get(0).getCount()).as(standard + " denominator").isEqualTo(denominator);
		assertThat(group.getPopulation().get(1).getCount()).as(standard + " numerator").isEqualTo(numerator);
		assertThat(group.getMeasureScore().getValue().doubleValue()).as(standard + " score")
				.isEqualTo((double) numerator / denominator, org.assertj.core.data.Offset.offset(0.0001));
		assertThat(((BooleanType) group.getExtensionByUrl(EXT + "goal-met").getValue()).booleanValue())
				.as(standard + " goal met").isEqualTo(goalMet);
	}
}

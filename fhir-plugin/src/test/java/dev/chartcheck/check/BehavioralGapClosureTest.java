package dev.chartcheck.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.FindingKey;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.standards.BehavioralRecords;
import dev.chartcheck.standards.DocumentationStandards;
import dev.chartcheck.standards.Records;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;

/**
 * How the reconciler uses what the behavioral-health standards report: a CLOSED finding (a refusal)
 * closes a raised gap as a documented exception and raises none; a gap closed by a later check names the
 * resource the standard reported in {@code satisfiedBy}. Runs the core's {@link GapPlan} on the patient's stored
 * issues, without a server; nothing is persisted.
 */
class BehavioralGapClosureTest {

	private static final Instant IDENTIFIED = Records.NOW.minus(Duration.ofDays(40));
	private static final Duration REMEDIATION = Duration.ofDays(90);
	private static final String COORDINATION = "coordination-of-care";

	private final List<DetectedIssue> stored = new ArrayList<>();
	private final BehavioralRecords records = new BehavioralRecords();

	/** An issue as the reconciler stored it {@link #IDENTIFIED} for a finding. */
	private void stored(Finding finding, int id) {
		DetectedIssue issue = DetectedIssueMapper.create(finding.key(Records.PATIENT), finding, IDENTIFIED, REMEDIATION);
		issue.setId("DetectedIssue/" + id + "/_history/1");
		stored.add(issue);
	}

	private static Finding open(String standard, String subject, String detail) {
		return new Finding(standard, subject, GapStatus.OPEN, "moderate", detail, null, List.of(), null, null);
	}

	private Map<String, DetectedIssue> reconcile(RecordSnapshot snapshot) {
		List<Standard> standards = DocumentationStandards.all();
		RecordCheck check = RecordCheck.run(snapshot, standards, Records.context());
		Map<String, DetectedIssue> existing = new LinkedHashMap<>();
		stored.forEach(issue -> existing.putIfAbsent(DetectedIssueMapper.key(issue).value(), issue));
		List<DetectedIssue> issues = GapPlan.of(check, existing, AuditPeriod.ALL, Records.NOW, REMEDIATION).issues();
		return issues.stream().collect(Collectors.toMap(i -> DetectedIssueMapper.key(i).value(), i -> i));
	}

	private static String key(String standard, String subject) {
		return new FindingKey(standard, Records.PATIENT, subject).value();
	}

	private static String mitigation(DetectedIssue issue) {
		return issue.getMitigationFirstRep().getAction().getText();
	}

	@Test
	void aRefusalClosesARaisedCoordinationGapAsAnExceptionWithTheRefusalAsEvidence() {
		stored(open(COORDINATION, BehavioralRecords.EVALUATION, "No communication with the primary care physician."), 1);
		records.communications.clear();
		records.consents.add(BehavioralRecords.refusal("Consent/refused", BehavioralRecords.EVALUATION_END,
				BehavioralRecords.PCP));

		Map<String, DetectedIssue> issues = reconcile(records.snapshot());

		DetectedIssue closed = issues.get(key(COORDINATION, BehavioralRecords.EVALUATION));
		assertThat(DetectedIssueMapper.gapStatus(closed)).isEqualTo(GapStatus.CLOSED);
		assertThat(closed.getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.FINAL);
		assertThat(closed.getDetail()).contains("The patient declined sharing information");
		assertThat(closed.getEvidence()).extracting(e -> e.getDetailFirstRep().getReference())
				.containsExactly("Consent/refused");
		assertThat(mitigation(closed)).contains("The patient declined sharing information");
		assertThat(issues.values()).as("the refusal raises no other coordination gap")
				.filteredOn(i -> DetectedIssueMapper.standard(i).equals(COORDINATION))
				.hasSize(1);
	}

	@Test
	void aRefusalWithNothingRaisedCreatesNoIssue() {
		records.communications.clear();
		records.consents.add(BehavioralRecords.refusal("Consent/refused", BehavioralRecords.EVALUATION_END,
				BehavioralRecords.PCP));

		Map<String, DetectedIssue> issues = reconcile(records.snapshot());

		assertThat(issues).doesNotContainKey(key(COORDINATION, BehavioralRecords.EVALUATION));
	}

	@Test
	void aCoordinationGapClosedByACommunicationNamesIt() {
		stored(open(COORDINATION, BehavioralRecords.EVALUATION, "No communication with the primary care physician."), 1);

		DetectedIssue closed = reconcile(records.snapshot()).get(key(COORDINATION, BehavioralRecords.EVALUATION));

		assertThat(DetectedIssueMapper.gapStatus(closed)).isEqualTo(GapStatus.CLOSED);
		assertThat(mitigation(closed)).isEqualTo("Closed on re-check: resolved by " + BehavioralRecords.LETTER);
	}

	@Test
	void aRenewedConsentClosesTheOldConsentsGapAndIsNamed() {
		stored(open("consent-renewal", "Consent/old", "The release-of-information consent needs renewal."), 1);
		records.consents.add(BehavioralRecords.releaseOfInformation("Consent/old", Instant.parse("2024-03-01T10:00:00Z"),
				Instant.parse("2025-03-01T00:00:00Z"), BehavioralRecords.PCP));

		DetectedIssue closed = reconcile(records.snapshot()).get(key("consent-renewal", "Consent/old"));

		assertThat(DetectedIssueMapper.gapStatus(closed)).isEqualTo(GapStatus.CLOSED);
		assertThat(mitigation(closed)).isEqualTo("Closed on re-check: resolved by " + BehavioralRecords.CONSENT);
	}

	@Test
	void aClosedGapNamesWhatSatisfiesItsOwnStandard() {
		stored(open(COORDINATION, BehavioralRecords.EVALUATION, "No communication with the primary care physician."), 1);
		stored(open(COORDINATION, Records.PATIENT, "No primary care physician is documented."), 2);
		records.base.patient.setBirthDateElement(new DateType("2012-01-10"));
		DocumentReference history = Records.note("DocumentReference/dev", BehavioralRecords.EVALUATION_END,
				BehavioralRecords.EVALUATION);
		history.addCategory(new CodeableConcept(
				new Coding(BehavioralRecords.DOCUMENTATION_ELEMENT, "developmental-history", null)));
		records.notes.add(history);

		Map<String, DetectedIssue> issues = reconcile(records.snapshot());

		assertThat(mitigation(issues.get(key(COORDINATION, BehavioralRecords.EVALUATION))))
				.isEqualTo("Closed on re-check: resolved by " + BehavioralRecords.LETTER);
		assertThat(mitigation(issues.get(key(COORDINATION, Records.PATIENT))))
				.isEqualTo("Closed on re-check: resolved by " + BehavioralRecords.PCP);
	}
}

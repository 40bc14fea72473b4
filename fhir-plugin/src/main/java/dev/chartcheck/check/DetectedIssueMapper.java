package dev.chartcheck.check;

import static dev.chartcheck.check.ChartcheckCanonicals.DETECTED_ISSUE_PROFILE;
import static dev.chartcheck.check.ChartcheckCanonicals.GAP_DUE_DATE;
import static dev.chartcheck.check.ChartcheckCanonicals.GAP_STATUS_EXTENSION;
import static dev.chartcheck.check.ChartcheckCanonicals.RESPONSIBLE_ORGANIZATION;
import static dev.chartcheck.check.ChartcheckCanonicals.RESPONSIBLE_PRACTITIONER;
import static dev.chartcheck.check.ChartcheckCanonicals.STANDARD_SYSTEM;

import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.FindingKey;
import dev.chartcheck.engine.GapStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueSeverity;
import org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;

/**
 * The shape of a gap as a DetectedIssue (see docs/API.md#gaps-as-detectedissues): finding key, standard code, gap
 * status as the DEQM modifier extension, remediation due date and responsible parties as extensions.
 */
public final class DetectedIssueMapper {

	private DetectedIssueMapper() {}

	/** A new DetectedIssue for a finding first identified at {@code now}. */
	public static DetectedIssue create(FindingKey key, Finding finding, Instant now, Duration remediationPeriod) {
		DetectedIssue issue = new DetectedIssue();
		issue.getMeta().addProfile(DETECTED_ISSUE_PROFILE);
		issue.addIdentifier().setSystem(FindingKey.SYSTEM).setValue(key.value());
		issue.setCode(new CodeableConcept(new Coding(STANDARD_SYSTEM, finding.standard(), null)).setText(finding.standard()));
		issue.setPatient(new Reference(key.patientId()));
		issue.setAuthor(new Reference("Device/" + ChartcheckCanonicals.DEVICE_ID));
		issue.setIdentified(new DateTimeType(Date.from(now)));
		apply(issue, finding, now, remediationPeriod);
		return issue;
	}

	/**
	 * Writes the finding's current state onto an issue (new, still open, or reopened). The remediation clock
	 * starts when the gap becomes open: a prospective gap has no due date yet, and a closed gap that
	 * reopens is a new deficiency with a new due date.
	 */
	public static void apply(DetectedIssue issue, Finding finding, Instant now, Duration remediationPeriod) {
		GapStatus before = gapStatus(issue);
		issue.setStatus(DetectedIssueStatus.PRELIMINARY);
		issue.setSeverity(DetectedIssueSeverity.fromCode(finding.severity()));
		issue.setDetail(finding.detail());
		issue.getImplicated().clear();
		issue.addImplicated(new Reference(finding.subject()));
		issue.getEvidence().clear();
		for (String evidence : finding.evidence()) {
			issue.addEvidence().addDetail(new Reference(evidence));
		}
		issue.getMitigation().clear();
		setGapStatus(issue, finding.status());
		setReference(issue, RESPONSIBLE_PRACTITIONER, finding.responsiblePractitioner());
		setReference(issue, RESPONSIBLE_ORGANIZATION, finding.responsibleOrganization());
		if (finding.status() == GapStatus.OPEN && before != GapStatus.OPEN) {
			if (before == GapStatus.CLOSED) {
				issue.setIdentified(new DateTimeType(Date.from(now)));
			}
			LocalDate due = now.plus(remediationPeriod).atZone(ZoneOffset.UTC).toLocalDate();
			putExtension(issue, GAP_DUE_DATE, new DateType(due.toString()));
		}
	}

	/** Closes a gap that the record no longer shows, saying when and what fixed it. */
	public static void close(DetectedIssue issue, Instant now, String fixedBy) {
		issue.setStatus(DetectedIssueStatus.FINAL);
		setGapStatus(issue, GapStatus.CLOSED);
		issue.getMitigation().clear();
		issue.addMitigation()
				.setAction(new CodeableConcept().setText("Closed on re-check: " + fixedBy))
				.setDate(Date.from(now));
	}

	/**
	 * Closes a gap that a documented exception answers (a patient's refusal, say): the detail says why, and
	 * so does the mitigation. An issue already closed for the same reason is left as it is.
	 */
	public static void closeAsException(DetectedIssue issue, Finding finding, Instant now) {
		if (gapStatus(issue) == GapStatus.CLOSED && finding.detail().equals(issue.getDetail())) {
			return;
		}
		issue.setDetail(finding.detail());
		issue.getEvidence().clear();
		for (String evidence : finding.evidence()) {
			issue.addEvidence().addDetail(new Reference(evidence));
		}
		issue.setStatus(DetectedIssueStatus.FINAL);
		setGapStatus(issue, GapStatus.CLOSED);
		issue.getMitigation().clear();
		issue.addMitigation()
				.setAction(new CodeableConcept().setText("Closed on re-check: " + finding.detail()))
				.setDate(Date.from(now));
	}

	public static GapStatus gapStatus(DetectedIssue issue) {
		Extension ext = modifierExtension(issue);
		if (ext == null || !(ext.getValue() instanceof CodeableConcept cc)) {
			return null;
		}
		return cc.getCoding().stream()
				.filter(c -> GapStatus.SYSTEM.equals(c.getSystem()))
				.map(c -> GapStatus.fromCode(c.getCode()))
				.findFirst()
				.orElse(null);
	}

	public static String standard(DetectedIssue issue) {
		return issue.getCode().getCoding().stream()
				.filter(c -> STANDARD_SYSTEM.equals(c.getSystem()))
				.map(Coding::getCode)
				.findFirst()
				.orElse(null);
	}

	public static FindingKey key(DetectedIssue issue) {
		return issue.getIdentifier().stream()
				.filter(i -> FindingKey.SYSTEM.equals(i.getSystem()))
				.map(i -> FindingKey.parse(i.getValue()))
				.filter(java.util.Objects::nonNull)
				.findFirst()
				.orElse(null);
	}

	private static void setGapStatus(DetectedIssue issue, GapStatus status) {
		CodeableConcept value = new CodeableConcept(new Coding(GapStatus.SYSTEM, status.code(), status.display()));
		Extension existing = modifierExtension(issue);
		if (existing != null) {
			existing.setValue(value);
		} else {
			issue.addModifierExtension(new Extension(GAP_STATUS_EXTENSION, value));
		}
	}

	private static void setReference(DetectedIssue issue, String url, String target) {
		putExtension(issue, url, target == null ? null : new Reference(target));
	}

	/** Sets an extension in place (keeping the order of the others, so that an unchanged issue compares equal). */
	private static void putExtension(DetectedIssue issue, String url, org.hl7.fhir.r4.model.Type value) {
		Extension existing = issue.getExtensionByUrl(url);
		if (value == null) {
			issue.getExtension().removeIf(e -> url.equals(e.getUrl()));
		} else if (existing != null) {
			existing.setValue(value);
		} else {
			issue.addExtension(url, value);
		}
	}

	private static Extension modifierExtension(DetectedIssue issue) {
		return issue.getModifierExtension().stream()
				.filter(e -> GAP_STATUS_EXTENSION.equals(e.getUrl()))
				.findFirst()
				.orElse(null);
	}
}

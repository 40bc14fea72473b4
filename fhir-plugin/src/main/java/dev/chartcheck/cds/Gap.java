package dev.chartcheck.cds;

import static dev.chartcheck.check.ChartcheckCanonicals.GAP_DUE_DATE;
import static dev.chartcheck.check.ChartcheckCanonicals.GAP_STATUS_EXTENSION;
import static dev.chartcheck.check.ChartcheckCanonicals.RESPONSIBLE_PRACTITIONER;
import static dev.chartcheck.check.ChartcheckCanonicals.STANDARD_SYSTEM;

import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.FindingKey;
import dev.chartcheck.engine.GapStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;

/**
 * One open or prospective gap as a card shows it, whether it comes from a stored DetectedIssue (patient-view, from
 * the database or from the EHR's prefetch) or from a fresh finding (encounter-discharge).
 *
 * @param standard the standard's code
 * @param status open or prospective
 * @param detail the finding's plain sentence
 * @param subject the resource at fault ({@code Encounter/12}), or the Patient for a gap on the whole record
 * @param patientId {@code Patient/<id>}
 * @param due the remediation due date, when the gap has one (an open gap on record)
 * @param responsiblePractitioner who should fix it, if known
 * @param issueId the DetectedIssue's id when the gap is on record, else null
 * @param card the card's uuid (see {@link CardUuids})
 */
public record Gap(
		String standard,
		GapStatus status,
		String detail,
		String subject,
		String patientId,
		LocalDate due,
		String responsiblePractitioner,
		String issueId,
		UUID card) {

	/** Whether the gap is open and its due date has passed (in UTC, as due dates are set). */
	public boolean overdue(LocalDate today) {
		return status == GapStatus.OPEN && due != null && due.isBefore(today);
	}

	public boolean onRecord() {
		return issueId != null;
	}

	/**
	 * The gap a Chartcheck DetectedIssue records, if it is open or prospective; empty for a closed gap or a
	 * DetectedIssue that Chartcheck did not write (no standard code, no gap status).
	 */
	public static Optional<Gap> of(DetectedIssue issue) {
		String standard = issue.getCode().getCoding().stream()
				.filter(c -> STANDARD_SYSTEM.equals(c.getSystem()))
				.map(Coding::getCode)
				.findFirst()
				.orElse(null);
		GapStatus status = gapStatus(issue);
		if (standard == null || (status != GapStatus.OPEN && status != GapStatus.PROSPECTIVE)) {
			return Optional.empty();
		}
		String patient = issue.getPatient().getReferenceElement().toUnqualifiedVersionless().getValue();
		String subject = issue.hasImplicated()
				? issue.getImplicatedFirstRep().getReferenceElement().toUnqualifiedVersionless().getValue()
				: patient;
		String issueId = issue.getIdElement().hasIdPart() ? issue.getIdElement().getIdPart() : null;
		UUID card = issueId != null
				? CardUuids.forIssue(issueId)
				: CardUuids.forFinding(new FindingKey(standard, patient, subject));
		return Optional.of(new Gap(standard, status, issue.getDetail(), subject, patient, dueDate(issue),
				reference(issue.getExtensionByUrl(RESPONSIBLE_PRACTITIONER)), issueId, card));
	}

	/**
	 * The gap a fresh finding shows. When the same gap is already on record it keeps that DetectedIssue's card (the
	 * reconciler will update or reopen that very resource) and, while still open there, its due date; an open gap
	 * otherwise is due a remediation period from now, as it would be if recorded now.
	 */
	public static Gap of(Finding finding, String patientId, DetectedIssue stored, Instant now, Duration remediationPeriod) {
		String issueId = stored != null && stored.getIdElement().hasIdPart() ? stored.getIdElement().getIdPart() : null;
		LocalDate due = null;
		if (finding.status() == GapStatus.OPEN) {
			due = Optional.ofNullable(stored).flatMap(Gap::of).filter(g -> g.status() == GapStatus.OPEN).map(Gap::due)
					.orElse(now.plus(remediationPeriod).atZone(ZoneOffset.UTC).toLocalDate());
		}
		UUID card = issueId != null ? CardUuids.forIssue(issueId) : CardUuids.forFinding(finding.key(patientId));
		return new Gap(finding.standard(), finding.status(), finding.detail(), finding.subject(), patientId, due,
				finding.responsiblePractitioner(), issueId, card);
	}

	private static GapStatus gapStatus(DetectedIssue issue) {
		return issue.getModifierExtension().stream()
				.filter(e -> GAP_STATUS_EXTENSION.equals(e.getUrl()))
				.map(Extension::getValue)
				.filter(CodeableConcept.class::isInstance)
				.flatMap(v -> ((CodeableConcept) v).getCoding().stream())
				.filter(c -> GapStatus.SYSTEM.equals(c.getSystem()))
				.map(c -> GapStatus.fromCode(c.getCode()))
				.findFirst()
				.orElse(null);
	}

	private static LocalDate dueDate(DetectedIssue issue) {
		Extension due = issue.getExtensionByUrl(GAP_DUE_DATE);
		if (due != null && due.getValue() instanceof DateType date && date.getValueAsString() != null
				&& date.getValueAsString().length() >= 10) {
			return LocalDate.parse(date.getValueAsString().substring(0, 10));
		}
		return null;
	}

	private static String reference(Extension extension) {
		if (extension != null && extension.getValue() instanceof Reference reference && reference.hasReference()) {
			return reference.getReferenceElement().toUnqualifiedVersionless().getValue();
		}
		return null;
	}
}

package dev.chartcheck.engine;

import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Resource;

/**
 * One documentation gap found by a standard.
 *
 * @param standard the standard's code
 * @param subject the resource at fault ({@code DocumentReference/7}); the finding key is built from it
 * @param status open or prospective (a standard never reports closed gaps; the reconciler closes them)
 * @param severity {@code high}, {@code moderate} or {@code low}, as in DetectedIssue.severity
 * @param detail one plain sentence a clinician understands
 * @param expression FHIRPath to the element at fault, relative to the subject, e.g. {@code DocumentReference.date}
 * @param evidence resources the finding rests on (the note amended, the Practitioner without credentials…)
 * @param responsiblePractitioner who should fix it, if known ({@code Practitioner/3})
 * @param responsibleOrganization the organization answerable for it, if known
 */
public record Finding(
		String standard,
		String subject,
		GapStatus status,
		String severity,
		String detail,
		String expression,
		List<String> evidence,
		String responsiblePractitioner,
		String responsibleOrganization) {

	public Finding {
		Objects.requireNonNull(standard, "standard");
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(detail, "detail");
		evidence = evidence == null ? List.of() : List.copyOf(evidence);
	}

	/**
	 * A gap in a resource of the record, answered for by whoever the resource's kind names (see
	 * {@link ResponsibleParties#practitionerFor(RecordSnapshot, Resource)}).
	 */
	public static Finding on(
			String standard,
			RecordSnapshot record,
			Resource subject,
			GapStatus status,
			String severity,
			String detail,
			String expression,
			List<String> evidence) {
		return new Finding(standard, RecordSnapshot.idOf(subject), status, severity, detail, expression, evidence,
				ResponsibleParties.practitionerFor(record, subject), ResponsibleParties.organizationFor(record, subject));
	}

	/** The finding's stable key within a patient's record. */
	public FindingKey key(String patientId) {
		return new FindingKey(standard, patientId, subject);
	}
}

package dev.chartcheck.standards;

import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.ResponsibleParties;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import dev.chartcheck.engine.AttachmentContent;
import dev.chartcheck.engine.NoteContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * The patient's name and identification number on each page (docs/STANDARDS.md#patient-identification). At record
 * level: the Patient has a name and an identifier to print on the pages. At page level: every page of every readable
 * attachment of a note (a PDF page, or a text page split by form feed) shows the patient's name and one of their
 * identifier values (see {@link PatientMarks}). Pages with no text at all are left to {@code legibility}: they cannot
 * be read, so they cannot be said to lack the name.
 */
public final class PatientIdentification implements Standard {

	public static final String CODE = "patient-identification";

	@Override
	public Set<String> affectedBy() {
		return Set.of("DocumentReference");
	}

	@Override
	public boolean readsNoteContent() {
		return true;
	}

	@Override
	public String code() {
		return CODE;
	}

	@Override
	public StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
		StandardResult.Builder result = new StandardResult.Builder(CODE).examined(record.patientId());
		Patient patient = record.patient();
		List<String> missing = new ArrayList<>();
		String expression = null;
		if (!Names.hasName(patient.getName())) {
			missing.add("name");
			expression = "Patient.name";
		}
		if (!hasIdentifier(patient)) {
			missing.add("identification number");
			expression = expression == null ? "Patient.identifier" : expression;
		}
		if (!missing.isEmpty()) {
			result.finding(new Finding(
					CODE,
					record.patientId(),
					GapStatus.OPEN,
					"moderate",
					"The patient's record has no " + String.join(" and no ", missing)
							+ ", so the pages of the record cannot show it.",
					expression,
					List.of(),
					ResponsibleParties.practitionerForPatient(record),
					ResponsibleParties.organizationForPatient(record)));
		}
		PatientMarks marks = new PatientMarks(patient);
		for (DocumentReference note : record.notes()) {
			record.content(note).ifPresent(content -> pages(record, note, content, marks, result));
		}
		return result.build();
	}

	/** One finding per note that has pages without the patient's name or identifier, naming those pages. */
	private static void pages(
			RecordSnapshot record, DocumentReference note, NoteContent content, PatientMarks marks, StandardResult.Builder result) {
		List<AttachmentContent> readable = content.attachments().stream()
				.filter(a -> a.readable() && a.pages().stream().anyMatch(p -> !p.isBlank()))
				.toList();
		if (readable.isEmpty() || (!marks.hasName() && !marks.hasIdentifier())) {
			return;
		}
		result.examined(RecordSnapshot.idOf(note));
		List<String> gaps = new ArrayList<>();
		String expression = null;
		for (AttachmentContent attachment : readable) {
			List<Integer> noName = new ArrayList<>();
			List<Integer> noIdentifier = new ArrayList<>();
			for (int i = 0; i < attachment.pages().size(); i++) {
				String page = attachment.pages().get(i);
				if (page.isBlank()) {
					continue;
				}
				String normalized = PatientMarks.normalize(page);
				if (marks.hasName() && !marks.showsName(normalized)) {
					noName.add(i + 1);
				}
				if (marks.hasIdentifier() && !marks.showsIdentifier(normalized)) {
					noIdentifier.add(i + 1);
				}
			}
			String gap = PageList.describe(attachment, readable.size() > 1 || content.attachments().size() > 1, noName, noIdentifier);
			if (gap != null) {
				gaps.add(gap);
				expression = expression == null ? attachment.expression() : expression;
			}
		}
		if (!gaps.isEmpty()) {
			result.finding(Finding.on(CODE, record, note, GapStatus.OPEN, "moderate",
					String.join("; ", gaps) + ".", expression, List.of()));
		}
	}

	static boolean hasIdentifier(Patient patient) {
		return patient.getIdentifier().stream()
				.map(Identifier::getValue)
				.anyMatch(v -> v != null && !v.isBlank());
	}
}

package dev.chartcheck.standards;

import dev.chartcheck.engine.CodeSet;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.ResponsibleParties;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;

/**
 * One line of a Claim whose service needs the medical records (docs/STANDARDS.md#claim-records), judged against the
 * notes its Claim names in {@code supportingInfo} (those the line names by {@code informationSequence}, else all):
 * the line is documented by a note of the same patient, for the billed encounter or date of service, signed and
 * dated.
 *
 * @param index the line's index in {@code Claim.item} (0-based, as FHIRPath counts)
 * @param note the note that documents it, or null
 * @param problem why no note does, or null
 */
record ClaimLine(int index, Claim.ItemComponent item, String note, String problem) {

	static final String RECORDS_REQUIRED = "https://chartcheck.dev/fhir/StructureDefinition/claim-item-records-required";

	/** A reason a named note does not document the line, ranked by how near it comes to doing so. */
	private record Miss(int rank, String reason) {}

	/** Whether the line's service is in {@code services}, or the line is marked by the records-required extension. */
	static boolean needsRecords(Claim.ItemComponent item, CodeSet services) {
		if (services.contains(item.getProductOrService())) {
			return true;
		}
		Extension marked = item.getExtensionByUrl(RECORDS_REQUIRED);
		return marked != null && marked.getValue() instanceof BooleanType flag && flag.booleanValue();
	}

	static ClaimLine judge(RecordSnapshot record, Claim claim, int index) {
		Claim.ItemComponent item = claim.getItem().get(index);
		Set<Integer> named = item.getInformationSequence().stream().map(s -> s.getValue()).collect(Collectors.toSet());
		List<Miss> misses = new ArrayList<>();
		for (Claim.SupportingInformationComponent info : claim.getSupportingInfo()) {
			if ((!named.isEmpty() && !named.contains(info.getSequence())) || !info.hasValueReference()) {
				continue;
			}
			Reference reference = info.getValueReference();
			String id = RecordSnapshot.referenceId(reference);
			Optional<DocumentReference> note = record.resolve(reference, DocumentReference.class)
					.filter(n -> record.patientId().equals(RecordSnapshot.referenceId(n.getSubject())));
			if (note.isEmpty()) {
				misses.add(new Miss(1, (id == null ? "a supportingInfo reference" : id) + " is not a note of this patient"));
			} else if (note.get().getStatus() != DocumentReferenceStatus.CURRENT) {
				misses.add(new Miss(1, id + " is not current (" + note.get().getStatus().toCode() + ")"));
			} else if (!documents(record, note.get(), claim, item)) {
				misses.add(new Miss(2, id + " does not document the billed encounter or date of service"));
			} else if (!note.get().hasDate()) {
				misses.add(new Miss(3, id + " has no date"));
			} else if (!signed(note.get())) {
				misses.add(new Miss(3, id + " is not signed"
						+ (note.get().getDocStatus() == DocumentReference.ReferredDocumentStatus.PRELIMINARY ? " (preliminary)" : "")));
			} else {
				return new ClaimLine(index, item, RecordSnapshot.idOf(note.get()), null);
			}
		}
		String problem = misses.stream()
				.max(Comparator.comparingInt(Miss::rank))
				.map(Miss::reason)
				.orElse("supportingInfo names no clinical note for it");
		return new ClaimLine(index, item, null, problem);
	}

	/** {@code line 2 (CPT 90868)}: the line's sequence and its service. */
	String describe() {
		String service = item.getProductOrService().getCoding().stream()
				.filter(c -> c.hasCode())
				.findFirst()
				.map(c -> ("http://www.ama-assn.org/go/cpt".equals(c.getSystem()) ? "CPT " : "") + c.getCode())
				.orElse(item.getProductOrService().getText());
		return "line " + item.getSequence() + (service == null ? "" : " (" + service + ")");
	}

	/** The note is about the line's encounter, or dated on its date of service (as the dates are written). */
	private static boolean documents(RecordSnapshot record, DocumentReference note, Claim claim, Claim.ItemComponent item) {
		Set<String> billed = item.getEncounter().stream().map(RecordSnapshot::referenceId).collect(Collectors.toSet());
		if (note.getContext().getEncounter().stream().map(RecordSnapshot::referenceId).anyMatch(billed::contains)) {
			return true;
		}
		LocalDate[] service = dateOfService(claim, item);
		if (service == null || !note.hasDate()) {
			return false;
		}
		LocalDate written = day(note.getDateElement());
		return !written.isBefore(service[0]) && !written.isAfter(service[1]);
	}

	/** The first and last day of service: the line's, else the claim's billable period; null when none is given. */
	private static LocalDate[] dateOfService(Claim claim, Claim.ItemComponent item) {
		if (item.hasServicedDateType() && item.getServicedDateType().hasValue()) {
			LocalDate day = day(item.getServicedDateType());
			return new LocalDate[] {day, day};
		}
		org.hl7.fhir.r4.model.Period period = item.hasServicedPeriod() ? item.getServicedPeriod() : claim.getBillablePeriod();
		if (!period.hasStart()) {
			return null;
		}
		LocalDate start = day(period.getStartElement());
		return new LocalDate[] {start, period.hasEnd() ? day(period.getEndElement()) : start};
	}

	private static LocalDate day(BaseDateTimeType date) {
		return LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
	}

	/** Signed: not a preliminary draft, and signed by a clinician (its authenticator, else a clinician author). */
	private static boolean signed(DocumentReference note) {
		if (note.getDocStatus() == DocumentReference.ReferredDocumentStatus.PRELIMINARY) {
			return false;
		}
		return ResponsibleParties.signer(note)
				.map(ref -> ref.getReferenceElement().getResourceType())
				.filter(type -> type.equals("Practitioner") || type.equals("PractitionerRole"))
				.isPresent();
	}
}

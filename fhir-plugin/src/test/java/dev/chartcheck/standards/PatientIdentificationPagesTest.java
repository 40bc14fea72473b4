package dev.chartcheck.standards;

import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.AttachmentContent;
import dev.chartcheck.engine.AttachmentContent.Kind;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.NoteContent;
import dev.chartcheck.engine.StandardResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Page level: every page of every readable attachment shows the patient's name and an identifier value. */
class PatientIdentificationPagesTest {

	private static final String CODE = "patient-identification";
	private static final String HEADER = "Patient: Jane Doe    MRN: MRN-1001\n";

	private final PatientIdentification standard = new PatientIdentification();
	private final Records records = new Records();

	private StandardResult evaluate(AttachmentContent... attachments) {
		return standard.evaluate(records.builder().content(records.note, new NoteContent(List.of(attachments))).build(),
				Records.context());
	}

	private static AttachmentContent pdf(int index, String... pages) {
		return AttachmentContent.text(index, Kind.PDF, "application/pdf", List.of(pages));
	}

	@Test
	void everyPageShowingNameAndMrnComplies() {
		StandardResult result = evaluate(pdf(0, HEADER + "page one", "DOE, JANE  mrn-1001\npage two"));

		assertThat(result.findings()).isEmpty();
		assertThat(result.examined()).containsExactly(Records.PATIENT, Records.NOTE);
		assertThat(result.compliant()).containsExactly(Records.PATIENT, Records.NOTE);
	}

	@Test
	void theNameIsMissingOnPageThreeOfFive() {
		StandardResult result = evaluate(pdf(0, HEADER + "1", HEADER + "2", "MRN: MRN-1001\n3", HEADER + "4", HEADER + "5"));

		Finding gap = assertGap(onlyGap(result), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"Page 3 of 5 does not show the patient's name.");
		assertThat(gap.detail()).doesNotContain("identification number");
		assertThat(gap.expression()).isEqualTo("DocumentReference.content[0].attachment");
		assertThat(gap.responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
		assertThat(result.compliant()).containsExactly(Records.PATIENT);
	}

	@Test
	void pagesLackingOneOrTheOtherAreNamedSeparately() {
		Finding gap = onlyGap(evaluate(pdf(0, "Jane Doe\n1", "Jane Doe\n2", "MRN-1001\n3", HEADER)));

		assertThat(gap.detail()).isEqualTo("Page 3 of 4 does not show the patient's name, and pages 1 and 2 of 4 "
				+ "do not show the patient's identification number.");
	}

	@Test
	void pagesLackingBothAreNamedOnce() {
		Finding gap = onlyGap(evaluate(pdf(0, HEADER, "nothing", "nothing either")));

		assertThat(gap.detail()).isEqualTo("Pages 2 and 3 of 3 do not show the patient's name or identification number.");
	}

	@Test
	void severalAttachmentsAreNamedByNumber() {
		Finding gap = onlyGap(evaluate(
				AttachmentContent.text(0, Kind.TEXT, "text/plain", List.of(HEADER)),
				AttachmentContent.text(1, Kind.TEXT, "text/plain", List.of("Seen today."))));

		assertThat(gap.detail()).isEqualTo("The page of attachment 2 does not show the patient's name or identification number.");
		assertThat(gap.expression()).isEqualTo("DocumentReference.content[1].attachment");
	}

	@Test
	void nameMatchingIgnoresCaseAndAccentsButNeedsWholeWordsAndBothParts() {
		records.patient.getName().clear();
		records.patient.addName().setFamily("García").addGiven("José").addGiven("María");
		records.patient.getIdentifierFirstRep().setValue("GFH-580374");

		assertThat(evaluate(pdf(0, "GARCIA, MARIA   MRN GFH-580374")).findings()).isEmpty();
		assertThat(evaluate(pdf(0, "Jose Garcia (GFH-580374)")).findings()).isEmpty();
		assertThat(evaluate(pdf(0, "José García\u00a0MRN:GFH-580374.")).findings()).isEmpty();
		assertThat(evaluate(pdf(0, "Garcia MRN GFH-580374")).findings()).as("family alone").hasSize(1);
		assertThat(evaluate(pdf(0, "Josefina Garcia MRN GFH-580374")).findings()).as("part of a word").hasSize(1);
		assertThat(evaluate(pdf(0, "Jose Garcia MRN GFH-5803741")).findings()).as("longer identifier").hasSize(1);
		assertThat(evaluate(pdf(0, "Jose Garcia MRN XGFH-580374")).findings()).as("identifier inside a token").hasSize(1);
	}

	@Test
	void ligaturesFromPdfExtractionStillMatch() {
		records.patient.getName().clear();
		records.patient.addName().setFamily("Griffin").addGiven("Fiona");

		assertThat(evaluate(pdf(0, "Fiona Gri\uFB03n MRN-1001")).findings()).isEmpty();
	}

	@Test
	void anyOfThePatientsNamesAndIdentifiersWill() {
		records.patient.addName().setFamily("Smith").addGiven("Janet");
		records.patient.addIdentifier().setValue("999-12-3456");

		assertThat(evaluate(pdf(0, "Janet Smith 999-12-3456")).findings()).isEmpty();
	}

	@Test
	void pagesWithoutTextAndUnreadableAttachmentsAreLeftToLegibility() {
		assertThat(evaluate(pdf(0, HEADER, "  \n", HEADER)).findings()).isEmpty();
		StandardResult scanned = evaluate(pdf(0, "", ""),
				AttachmentContent.unreadable(1, Kind.IMAGE, "image/png", null),
				AttachmentContent.unreadable(2, Kind.CORRUPT, "application/pdf", "damaged"));
		assertThat(scanned.findings()).isEmpty();
		assertThat(scanned.examined()).containsExactly(Records.PATIENT);
	}

	@Test
	void withoutANameOnFileOnlyTheIdentifierIsLookedFor() {
		records.patient.getName().clear();

		StandardResult result = evaluate(pdf(0, "MRN-1001", "no number here"));

		assertThat(result.findings()).extracting(Finding::subject).containsExactlyInAnyOrder(Records.PATIENT, Records.NOTE);
		assertThat(result.findings()).filteredOn(f -> f.subject().equals(Records.NOTE)).singleElement()
				.satisfies(f -> assertThat(f.detail()).isEqualTo("Page 2 of 2 does not show the patient's identification number."));
	}

	@Test
	void notesWhoseContentWasNotReadAreNotExamined() {
		assertThat(standard.evaluate(records.snapshot(), Records.context()).examined()).containsExactly(Records.PATIENT);
	}
}

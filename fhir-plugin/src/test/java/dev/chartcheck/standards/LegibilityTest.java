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

class LegibilityTest {

	private static final String CODE = "legibility";

	private final Legibility standard = new Legibility();
	private final Records records = new Records();

	private StandardResult evaluate(AttachmentContent... attachments) {
		return standard.evaluate(records.builder().content(records.note, new NoteContent(List.of(attachments))).build(),
				Records.context());
	}

	private static AttachmentContent text(int index, String... pages) {
		return AttachmentContent.text(index, Kind.TEXT, "text/plain", List.of(pages));
	}

	private static AttachmentContent pdf(int index, String... pages) {
		return AttachmentContent.text(index, Kind.PDF, "application/pdf", List.of(pages));
	}

	@Test
	void textAndPdfsWithATextLayerAreLegible() {
		StandardResult result = evaluate(text(0, "Seen today."), pdf(1, "page 1", "page 2"));

		assertThat(standard.code()).isEqualTo(CODE);
		assertThat(standard.readsNoteContent()).isTrue();
		assertThat(result.findings()).isEmpty();
		assertThat(result.examined()).containsExactly(Records.NOTE);
		assertThat(result.compliant()).containsExactly(Records.NOTE);
	}

	@Test
	void anImageOnlyPdfIsFlaggedForHumanReview() {
		Finding gap = assertGap(onlyGap(evaluate(pdf(0, "", " ", ""))), CODE, Records.NOTE, GapStatus.OPEN, "low",
				"The attachment is a PDF with no text layer (image only, 3 pages).");
		assertThat(gap.detail()).endsWith("Flagged for human review.");
		assertThat(gap.expression()).isEqualTo("DocumentReference.content[0].attachment");
	}

	@Test
	void pdfPagesWithoutTextAreNamed() {
		Finding gap = onlyGap(evaluate(pdf(0, "text", "", "text", "")));

		assertThat(gap.detail()).startsWith("The attachment is a PDF whose pages 2 and 4 of 4 have no text layer");
		assertThat(gap.severity()).isEqualTo("low");
	}

	@Test
	void anImageIsFlaggedForHumanReview() {
		Finding gap = onlyGap(evaluate(AttachmentContent.unreadable(0, Kind.IMAGE, "image/png", null)));

		assertThat(gap.detail()).isEqualTo("The attachment is an image (image/png) with no machine-readable text. Flagged for human review.");
		assertThat(gap.severity()).isEqualTo("low");
	}

	@Test
	void unreadableContentIsAModerateGapSayingWhy() {
		for (Kind kind : List.of(Kind.EMPTY, Kind.UNDECODABLE, Kind.UNFETCHABLE, Kind.TOO_LARGE, Kind.TOO_MANY_PAGES,
				Kind.TIMED_OUT, Kind.CORRUPT)) {
			Finding gap = onlyGap(evaluate(AttachmentContent.unreadable(0, kind, "application/pdf", "the reason")));
			assertThat(gap.severity()).as(kind.name()).isEqualTo("moderate");
			assertThat(gap.detail()).as(kind.name()).doesNotContain("human review");
			if (kind != Kind.EMPTY) {
				assertThat(gap.detail()).as(kind.name()).endsWith(": the reason.");
			}
		}
		assertThat(onlyGap(evaluate(text(0, " \n "))).detail()).isEqualTo("The attachment holds only blank text.");
	}

	@Test
	void severalAttachmentsAreNamedAndTheWorstSetsTheSeverity() {
		Finding gap = onlyGap(evaluate(text(0, "Seen today."),
				AttachmentContent.unreadable(1, Kind.IMAGE, "image/jpeg", null),
				AttachmentContent.unreadable(2, Kind.EMPTY, "text/plain", "it holds no data")));

		assertThat(gap.detail()).isEqualTo("Attachment 2 is an image (image/jpeg) with no machine-readable text. Attachment 3 is empty.");
		assertThat(gap.severity()).isEqualTo("moderate");
		assertThat(gap.expression()).isEqualTo("DocumentReference.content[1].attachment");
	}

	@Test
	void aNoteWithNoAttachmentHasNothingLegible() {
		Finding gap = onlyGap(evaluate());

		assertThat(gap.detail()).isEqualTo("The note has no attachment, so it has no legible text.");
		assertThat(gap.expression()).isEqualTo("DocumentReference.content");
	}

	@Test
	void unsupportedFormatsNeedAHumanToo() {
		Finding gap = onlyGap(evaluate(AttachmentContent.unreadable(0, Kind.UNSUPPORTED, "application/msword",
				"only text and PDF attachments are read")));

		assertThat(gap.severity()).isEqualTo("low");
		assertThat(gap.detail()).contains("application/msword", "Flagged for human review.");
	}

	@Test
	void notesWhoseContentWasNotReadAreNotExamined() {
		StandardResult result = standard.evaluate(records.snapshot(), Records.context());

		assertThat(result.examined()).isEmpty();
		assertThat(result.findings()).isEmpty();
	}
}

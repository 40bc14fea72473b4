package dev.chartcheck.standards;

import dev.chartcheck.engine.AttachmentContent;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.NoteContent;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.DocumentReference;

/**
 * Each entry legible (docs/STANDARDS.md#legibility). A machine cannot judge handwriting, but it can tell whether a
 * note has machine-readable text at all: a non-empty text attachment in a declared or detectable charset, or a PDF
 * with a text layer on every page. Anything else is a gap on the note: image-only content (an image, or PDF pages
 * without text) is flagged for human review (severity low, since a person may well read it); content that cannot be
 * read at all (empty, undecodable, unfetchable, over the size or page limits, too slow to extract, corrupt) is
 * moderate. A note with no attachment has nothing legible and is a gap too.
 */
public final class Legibility implements Standard {

	public static final String CODE = "legibility";

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
		StandardResult.Builder result = new StandardResult.Builder(CODE);
		for (DocumentReference note : record.notes()) {
			record.content(note).ifPresent(content -> check(record, note, content, result));
		}
		return result.build();
	}

	private static void check(RecordSnapshot record, DocumentReference note, NoteContent content, StandardResult.Builder result) {
		result.examined(RecordSnapshot.idOf(note));
		if (content.attachments().isEmpty()) {
			result.finding(Finding.on(CODE, record, note, GapStatus.OPEN, "moderate",
					"The note has no attachment, so it has no legible text.", "DocumentReference.content", List.of()));
			return;
		}
		boolean several = content.attachments().size() > 1;
		List<String> problems = new ArrayList<>();
		String expression = null;
		boolean onlyForReview = true;
		for (AttachmentContent attachment : content.attachments()) {
			String name = several ? "Attachment " + (attachment.index() + 1) : "The attachment";
			String problem = problem(attachment, name);
			if (problem != null) {
				problems.add(problem);
				expression = expression == null ? attachment.expression() : expression;
				onlyForReview &= needsReviewOnly(attachment);
			}
		}
		if (!problems.isEmpty()) {
			String review = onlyForReview ? " Flagged for human review." : "";
			result.finding(Finding.on(CODE, record, note, GapStatus.OPEN, onlyForReview ? "low" : "moderate",
					String.join(" ", problems) + review, expression, List.of()));
		}
	}

	/** Content a person may still read: images, scanned PDF pages, formats Chartcheck does not extract. */
	private static boolean needsReviewOnly(AttachmentContent attachment) {
		return switch (attachment.kind()) {
			case IMAGE, UNSUPPORTED -> true;
			case PDF -> !attachment.pages().isEmpty();
			default -> false;
		};
	}

	/** One sentence on what is wrong with an attachment, or null when it is legible. */
	static String problem(AttachmentContent attachment, String name) {
		String type = attachment.contentType() == null ? "" : " (" + attachment.contentType() + ")";
		return switch (attachment.kind()) {
			case TEXT -> attachment.pages().stream().allMatch(String::isBlank) ? name + " holds only blank text." : null;
			case PDF -> pdf(attachment, name);
			case IMAGE -> name + " is an image" + type + " with no machine-readable text.";
			case EMPTY -> name + " is empty.";
			case UNDECODABLE -> name + " cannot be decoded" + because(attachment);
			case UNFETCHABLE -> name + " cannot be fetched" + because(attachment);
			case TOO_LARGE -> name + " is too large to read" + because(attachment);
			case TOO_MANY_PAGES -> name + " has too many pages to read" + because(attachment);
			case TIMED_OUT -> name + " could not be read in time" + because(attachment);
			case CORRUPT -> name + " is a damaged PDF that cannot be read" + because(attachment);
			case UNSUPPORTED -> name + " is in a format" + type + " whose text cannot be read" + because(attachment);
		};
	}

	private static String pdf(AttachmentContent attachment, String name) {
		List<Integer> blank = attachment.pagesWithoutText();
		int total = attachment.pages().size();
		if (total == 0) {
			return name + " is a PDF with no pages.";
		}
		if (blank.isEmpty()) {
			return null;
		}
		if (blank.size() == total) {
			return name + " is a PDF with no text layer (image only" + (total > 1 ? ", " + total + " pages" : "") + ").";
		}
		return name + " is a PDF whose " + (blank.size() == 1 ? "page " : "pages ") + PageList.numbers(blank) + " of " + total
				+ (blank.size() == 1 ? " has" : " have") + " no text layer (scanned images?).";
	}

	private static String because(AttachmentContent attachment) {
		return attachment.reason() == null ? "." : ": " + attachment.reason() + ".";
	}
}

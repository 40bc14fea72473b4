package dev.chartcheck.engine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The content of one note (DocumentReference), attachment by attachment, as the FHIR layer read it. Standards that
 * look at what a note says (patient identification on each page, legibility, cloned text) read this from the
 * {@link RecordSnapshot} and never decode or fetch anything themselves.
 */
public record NoteContent(List<AttachmentContent> attachments) {

	public NoteContent {
		attachments = List.copyOf(attachments);
	}

	/** All readable text of the note, attachments separated by blank lines and pages by form feeds. */
	public String text() {
		return attachments.stream()
				.filter(AttachmentContent::readable)
				.map(AttachmentContent::text)
				.collect(Collectors.joining("\n\n"));
	}

	/** Whether any attachment yielded text. */
	public boolean hasText() {
		return attachments.stream().anyMatch(a -> a.readable() && a.pages().stream().anyMatch(p -> !p.isBlank()));
	}
}

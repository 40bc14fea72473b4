package dev.chartcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one attachment of a note holds once read: its text page by page, or why it has none. Built in the FHIR
 * layer (which decodes, fetches and extracts), read by the standards, which stay free of I/O.
 *
 * @param index the attachment's position in {@code DocumentReference.content} (0-based, as in FHIRPath)
 * @param kind what was found
 * @param contentType the declared (or detected) media type, without parameters; null when unknown
 * @param pages the text of each page (a PDF page, or a text page split by form feed); empty when unreadable
 * @param reason for an attachment that could not be read: a short, PHI-free explanation; null otherwise
 */
public record AttachmentContent(int index, Kind kind, String contentType, List<String> pages, String reason) {

	/** What an attachment turned out to be. Only {@link #TEXT} and {@link #PDF} carry text. */
	public enum Kind {
		/** text/* decoded in its declared or detected charset */
		TEXT,
		/** a PDF whose pages were extracted (some may still have no text layer) */
		PDF,
		/** image/*: no machine-readable text, needs human review */
		IMAGE,
		/** no data, no url, or zero bytes */
		EMPTY,
		/** bytes that do not decode as text in the declared or any detectable charset */
		UNDECODABLE,
		/** a url that this server may not or could not fetch */
		UNFETCHABLE,
		/** more bytes than the configured limit */
		TOO_LARGE,
		/** a PDF with more pages than the configured limit */
		TOO_MANY_PAGES,
		/** extraction did not finish within the configured time */
		TIMED_OUT,
		/** a PDF that does not parse */
		CORRUPT,
		/** a format Chartcheck cannot read text from (a word-processor file, an archive…) */
		UNSUPPORTED
	}

	public AttachmentContent {
		Objects.requireNonNull(kind, "kind");
		pages = pages == null ? List.of() : List.copyOf(pages);
	}

	/** Text read from an attachment, page by page. */
	public static AttachmentContent text(int index, Kind kind, String contentType, List<String> pages) {
		return new AttachmentContent(index, kind, contentType, pages, null);
	}

	/** An attachment that yielded no text, and why. */
	public static AttachmentContent unreadable(int index, Kind kind, String contentType, String reason) {
		return new AttachmentContent(index, kind, contentType, List.of(), reason);
	}

	/** Whether text was read (some pages may still be blank). */
	public boolean readable() {
		return kind == Kind.TEXT || kind == Kind.PDF;
	}

	/** The 1-based numbers of the pages with no text at all (a PDF page without a text layer, a blank page). */
	public List<Integer> pagesWithoutText() {
		List<Integer> blank = new ArrayList<>();
		for (int i = 0; i < pages.size(); i++) {
			if (pages.get(i).isBlank()) {
				blank.add(i + 1);
			}
		}
		return blank;
	}

	/** The whole text, pages separated by form feeds; empty when unreadable. */
	public String text() {
		return String.join("\f", pages);
	}

	/** FHIRPath to the attachment within its note. */
	public String expression() {
		return "DocumentReference.content[" + index + "].attachment";
	}

	/** Weight for caching: the characters held. */
	public long characters() {
		long total = reason == null ? 0 : reason.length();
		for (String page : pages) {
			total += page.length();
		}
		return total;
	}
}

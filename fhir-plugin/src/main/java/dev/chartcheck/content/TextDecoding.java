package dev.chartcheck.content;

import dev.chartcheck.engine.AttachmentContent;
import dev.chartcheck.engine.AttachmentContent.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text attachments decoded strictly: in the charset the content type declares, else the one a byte-order mark
 * names, else UTF-8 if the bytes are valid UTF-8. Anything else is undecodable, never guessed: a note read in
 * the wrong charset would show a mangled name and fail the page check for the wrong reason. Pages are split at
 * form feeds, as printers do.
 */
final class TextDecoding {

	private TextDecoding() {}

	static AttachmentContent decode(int index, MediaType type, byte[] bytes) {
		String contentType = type == null ? "text/plain" : type.essence();
		Charset charset;
		int skip = 0;
		if (type != null && type.charset() != null) {
			try {
				charset = Charset.forName(type.charset());
			} catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
				return AttachmentContent.unreadable(index, Kind.UNDECODABLE, contentType,
						"its declared charset \"" + type.charset() + "\" is not one this server knows");
			}
			if (charset.equals(StandardCharsets.UTF_8) && Sniffing.startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
				skip = 3;
			}
		} else if (Sniffing.startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
			charset = StandardCharsets.UTF_8;
			skip = 3;
		} else if (Sniffing.startsWith(bytes, 0xFE, 0xFF)) {
			charset = StandardCharsets.UTF_16BE;
			skip = 2;
		} else if (Sniffing.startsWith(bytes, 0xFF, 0xFE)) {
			charset = StandardCharsets.UTF_16LE;
			skip = 2;
		} else {
			charset = StandardCharsets.UTF_8;
		}
		String text;
		try {
			text = charset.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip))
					.toString();
		} catch (CharacterCodingException e) {
			boolean declared = type != null && type.charset() != null;
			return AttachmentContent.unreadable(index, Kind.UNDECODABLE, contentType, declared
					? "its bytes are not valid " + charset.name()
					: "no charset is declared and its bytes are not valid UTF-8");
		}
		if (text.indexOf('\u0000') >= 0) {
			return AttachmentContent.unreadable(index, Kind.UNDECODABLE, contentType, "it holds binary data, not text");
		}
		return AttachmentContent.text(index, Kind.TEXT, contentType, pages(text));
	}

	/** Whether the bytes decode as text without a declared charset (to recognise text sent without a content type). */
	static boolean looksLikeText(byte[] bytes) {
		AttachmentContent decoded = decode(0, null, bytes);
		return decoded.kind() == Kind.TEXT;
	}

	/** Pages split at form feeds; a form feed that ends the text does not begin another page. */
	static List<String> pages(String text) {
		List<String> pages = new ArrayList<>(Arrays.asList(text.split("\f", -1)));
		if (pages.size() > 1 && pages.get(pages.size() - 1).isBlank()) {
			pages.remove(pages.size() - 1);
		}
		return pages;
	}
}

package dev.chartcheck.content;

import java.nio.charset.StandardCharsets;

/**
 * What bytes sent without a useful content type are, from their first bytes: a PDF, a common image format, or
 * text (valid UTF-8 or marked by a byte-order mark). Null when none of these.
 */
final class Sniffing {

	private Sniffing() {}

	static MediaType sniff(byte[] bytes) {
		if (isPdf(bytes)) {
			return new MediaType("application/pdf", null);
		}
		String image = image(bytes);
		if (image != null) {
			return new MediaType(image, null);
		}
		if (TextDecoding.looksLikeText(bytes)) {
			return new MediaType("text/plain", null);
		}
		return null;
	}

	/** PDF readers accept the header anywhere in the first 1024 bytes. */
	static boolean isPdf(byte[] bytes) {
		String head = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1);
		return head.contains("%PDF-");
	}

	private static String image(byte[] b) {
		if (startsWith(b, 0x89, 'P', 'N', 'G')) {
			return "image/png";
		}
		if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
			return "image/jpeg";
		}
		if (startsWith(b, 'G', 'I', 'F', '8')) {
			return "image/gif";
		}
		if (startsWith(b, 'I', 'I', '*', 0) || startsWith(b, 'M', 'M', 0, '*')) {
			return "image/tiff";
		}
		return null;
	}

	/** Whether {@code bytes} begin with {@code prefix} (unsigned byte values). */
	static boolean startsWith(byte[] bytes, int... prefix) {
		if (bytes.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if ((bytes[i] & 0xFF) != prefix[i]) {
				return false;
			}
		}
		return true;
	}
}

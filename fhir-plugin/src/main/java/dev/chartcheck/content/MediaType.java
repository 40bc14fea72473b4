package dev.chartcheck.content;

import java.util.Locale;

/**
 * An attachment's declared content type, split into its essence ({@code text/plain}) and its charset parameter.
 * Parsed leniently: EHRs send {@code text/plain;charset=UTF-8}, {@code TEXT/PLAIN; Charset="utf-8"} and the like.
 */
record MediaType(String essence, String charset) {

	/** Null for a missing or blank content type. */
	static MediaType parse(String contentType) {
		if (contentType == null || contentType.isBlank()) {
			return null;
		}
		String[] parts = contentType.split(";");
		String essence = parts[0].trim().toLowerCase(Locale.ROOT);
		String charset = null;
		for (int i = 1; i < parts.length; i++) {
			String[] parameter = parts[i].split("=", 2);
			if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("charset")) {
				charset = parameter[1].trim().replace("\"", "").replace("'", "");
				charset = charset.isEmpty() ? null : charset;
			}
		}
		return new MediaType(essence, charset);
	}

	boolean isText() {
		return essence.startsWith("text/")
				|| essence.equals("application/xml")
				|| essence.equals("application/json")
				|| essence.endsWith("+xml")
				|| essence.endsWith("+json");
	}

	boolean isPdf() {
		return essence.equals("application/pdf") || essence.equals("application/x-pdf");
	}

	boolean isImage() {
		return essence.startsWith("image/");
	}

	/** A type that says nothing about the bytes: the bytes themselves are sniffed. */
	boolean isGeneric() {
		return essence.equals("application/octet-stream") || essence.equals("binary/octet-stream") || essence.isEmpty();
	}
}

package dev.chartcheck.content;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.chartcheck.engine.AttachmentContent;
import dev.chartcheck.engine.AttachmentContent.Kind;
import java.util.List;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Where an attachment's bytes come from: inline {@code data} (HAPI has already decoded the base64), a
 * {@code Binary} on this server or contained in the note (read through the DAO, on the caller's thread, so that a
 * Binary written in the same transaction is seen), or an external http(s) URL. External URLs are fetched only
 * when an operator allowed their prefix: a server that fetched any URL a note names could be made to probe the
 * network it sits in (SSRF). Everything else "cannot be fetched", which legibility reports.
 */
final class AttachmentSource {

	/** The bytes to read, or why there are none; {@code remote} is an allowed URL still to fetch. */
	record Located(byte[] bytes, String contentType, String remote, AttachmentContent failure) {

		static Located bytes(byte[] bytes, String contentType) {
			return new Located(bytes, contentType, null, null);
		}

		static Located remote(String url, String contentType) {
			return new Located(null, contentType, url, null);
		}

		static Located failed(AttachmentContent failure) {
			return new Located(null, null, null, failure);
		}
	}

	private final DaoRegistry daos;

	AttachmentSource(DaoRegistry daos) {
		this.daos = daos;
	}

	Located locate(DocumentReference note, int index, Attachment attachment, long maxBytes, List<String> allowed) {
		String declared = attachment.getContentType();
		if (attachment.getDataElement().getValueAsString() != null || attachment.getData() != null) {
			byte[] data = attachment.getData();
			if (data == null) {
				return failed(index, Kind.UNDECODABLE, declared, "its data is not valid base64");
			}
			return Located.bytes(data, declared);
		}
		if (!attachment.hasUrl() || attachment.getUrl().isBlank()) {
			return failed(index, Kind.EMPTY, declared, "it has neither data nor a url");
		}
		if (attachment.hasSize() && attachment.getSize() > maxBytes) {
			return failed(index, Kind.TOO_LARGE, declared,
					"it declares " + attachment.getSize() + " bytes, more than the limit of " + maxBytes);
		}
		String url = attachment.getUrl().trim();
		if (url.startsWith("#")) {
			return contained(note, index, url.substring(1), declared);
		}
		IdType id = new IdType(url);
		if (!url.contains(":") && "Binary".equals(id.getResourceType()) && id.hasIdPart()) {
			return binary(index, id, declared);
		}
		String lower = url.toLowerCase(java.util.Locale.ROOT);
		if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
			return failed(index, Kind.UNFETCHABLE, declared, "this server does not fetch such URLs (only Binary/<id> and allowed http(s) URLs)");
		}
		if (allowed.stream().noneMatch(prefix -> allows(prefix, url))) {
			return failed(index, Kind.UNFETCHABLE, declared,
					"its URL is not under a prefix allowed by chartcheck.attachments.url-allow");
		}
		return Located.remote(url, declared);
	}

	/**
	 * Whether {@code url} falls under an allowed {@code prefix}, at a path boundary: {@code https://docs.example.org}
	 * allows {@code https://docs.example.org/n/1} but not {@code https://docs.example.org.evil.net/} nor
	 * {@code https://docs.example.org@evil.net/}.
	 */
	static boolean allows(String prefix, String url) {
		if (prefix == null || prefix.isBlank() || !url.regionMatches(true, 0, prefix, 0, prefix.length())) {
			return false;
		}
		if (prefix.endsWith("/") || url.length() == prefix.length()) {
			return true;
		}
		char next = url.charAt(prefix.length());
		return next == '/' || next == '?' || next == '#';
	}

	private Located binary(int index, IdType id, String declared) {
		try {
			Binary binary = daos.getResourceDao(Binary.class).read(id.toUnqualified(), new SystemRequestDetails());
			return fromBinary(index, binary, declared);
		} catch (BaseServerResponseException e) {
			// not found, deleted, or not readable: the note points at nothing this server can read
			return failed(index, Kind.UNFETCHABLE, declared,
					id.toUnqualifiedVersionless().getValue() + " cannot be read on this server (HTTP " + e.getStatusCode() + ")");
		}
	}

	private static Located contained(DocumentReference note, int index, String localId, String declared) {
		for (Resource resource : note.getContained()) {
			if (resource instanceof Binary binary && localId.equals(binary.getIdElement().getIdPart().replace("#", ""))) {
				return fromBinary(index, binary, declared);
			}
		}
		return failed(index, Kind.UNFETCHABLE, declared, "the note contains no Binary #" + localId);
	}

	private static Located fromBinary(int index, Binary binary, String declared) {
		String contentType = declared != null ? declared : binary.getContentType();
		if (binary.getData() == null || binary.getData().length == 0) {
			return failed(index, Kind.EMPTY, contentType, "its Binary holds no data");
		}
		return Located.bytes(binary.getData(), contentType);
	}

	private static Located failed(int index, Kind kind, String contentType, String reason) {
		return Located.failed(AttachmentContent.unreadable(index, kind, essence(contentType), reason));
	}

	static String essence(String contentType) {
		MediaType type = MediaType.parse(contentType);
		return type == null ? null : type.essence();
	}
}

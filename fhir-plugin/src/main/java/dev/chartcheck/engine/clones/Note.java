package dev.chartcheck.engine.clones;

import java.time.Instant;
import java.util.Objects;

/**
 * A clinical note as the clone check sees it: who it is about, who wrote it, when, and its text (from its
 * {@code text/*} attachments and PDF text layers, joined; extraction is the caller's job).
 *
 * @param id the note's id, e.g. the DocumentReference's {@code DocumentReference/123}
 * @param patientId the patient's id, e.g. {@code Patient/7}
 * @param authorId the author's id (the signing clinician), or null when unknown: such a note is compared only
 *        with the same patient's notes
 * @param writtenAt when it was written (DocumentReference.date); "earlier" is by this, then by id
 * @param text the note's text, as written
 */
public record Note(String id, String patientId, String authorId, Instant writtenAt, String text) {

	public Note {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(patientId, "patientId");
		Objects.requireNonNull(writtenAt, "writtenAt");
		text = text == null ? "" : text;
	}
}

package dev.chartcheck.storage;

import dev.chartcheck.content.NoteReader;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.clones.CloneDetector;
import dev.chartcheck.engine.clones.ShingledNote;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A note as the clone index keeps it: its row in {@link NoteShinglesTable} (the shingles cut from its text, who wrote
 * it for which patient and when, or a tombstone when it is not compared), and the catching up of the table with the
 * stored notes at start-up.
 */
final class NoteShingleRows {

	private static final Logger log = LoggerFactory.getLogger(NoteClones.class);
	private static final int PAGE = 500;
	static final long PROGRESS_NANOS = 10_000_000_000L;

	private final NoteReader reader;
	private final CloneDetector detector;
	private final Clock clock;
	private final int format;
	private final String writer;

	NoteShingleRows(NoteReader reader, CloneDetector detector, Clock clock, int format, String writer) {
		this.reader = reader;
		this.detector = detector;
		this.clock = clock;
		this.format = format;
		this.writer = writer;
	}

	/** The note as the detector sees it, or null when it names no patient. */
	ShingledNote shingled(DocumentReference note, String text) {
		String patient = RecordSnapshot.referenceId(note.getSubject());
		if (patient == null || !patient.startsWith("Patient/")) {
			return null;
		}
		Instant written = note.hasDate() ? note.getDate().toInstant()
				: note.getMeta().hasLastUpdated() ? note.getMeta().getLastUpdated().toInstant() : clock.instant();
		return new ShingledNote(RecordSnapshot.idOf(note), patient, author(note), written, detector.shingles(text));
	}

	/** Who wrote the note: its first clinician author (Practitioner or PractitionerRole), else its authenticator. */
	private static String author(DocumentReference note) {
		for (Reference author : note.getAuthor()) {
			String id = RecordSnapshot.referenceId(author);
			if (id != null && (id.startsWith("Practitioner/") || id.startsWith("PractitionerRole/"))) {
				return id;
			}
		}
		return note.hasAuthenticator() ? RecordSnapshot.referenceId(note.getAuthenticator()) : null;
	}

	/** The note's row as it is to be stored: its shingles, or a tombstone when it is not compared. */
	NoteShinglesTable.Row rowOf(DocumentReference note) {
		String id = RecordSnapshot.idOf(note);
		ShingledNote shingled = note.getStatus() == Enumerations.DocumentReferenceStatus.ENTEREDINERROR ? null
				: shingled(note, reader.read(note).text());
		if (shingled == null) {
			return tombstone(id, version(note));
		}
		return new NoteShinglesTable.Row(id, version(note), format, shingled.patientId(), shingled.authorId(),
				shingled.writtenAt(), shingled.shingles(), clock.millis(), writer);
	}

	NoteShinglesTable.Row tombstone(String id, long version) {
		return new NoteShinglesTable.Row(id, version, format, null, null, null, null, clock.millis(), writer);
	}

	static long version(DocumentReference note) {
		Long version = note.getIdElement().getVersionIdPartAsLong();
		if (version == null && note.getMeta().hasVersionId()) {
			try {
				version = Long.parseLong(note.getMeta().getVersionId());
			} catch (NumberFormatException e) {
				version = null;
			}
		}
		return version == null ? 0 : version;
	}

	static ShingledNote noteOf(NoteShinglesTable.Row row) {
		return new ShingledNote(row.noteId(), row.patientId(), row.authorId(), row.writtenAt(), row.shingles());
	}

	/**
	 * Cuts the shingles of every stored note the table does not know in its stored version and format, and drops the
	 * rows of notes no longer stored; returns how many notes were read.
	 */
	int catchUp(NoteShinglesTable table, StoredNotes stored) {
		Map<String, NoteShinglesTable.Version> known = table.versions();
		Map<String, Long> live = stored.versions();
		List<String> toRead = new ArrayList<>();
		live.forEach((id, version) -> {
			NoteShinglesTable.Version row = known.get(id);
			if (row == null || row.version() != version || row.format() != format) {
				toRead.add(id);
			}
		});
		List<String> gone = known.keySet().stream().filter(id -> !live.containsKey(id)).toList();
		table.delete(gone);
		long[] lastReport = {System.nanoTime()};
		int[] done = {0};
		for (int from = 0; from < toRead.size(); from += PAGE) {
			List<String> page = toRead.subList(from, Math.min(toRead.size(), from + PAGE));
			List<NoteShinglesTable.Row> rows = new ArrayList<>();
			for (DocumentReference note : stored.read(page)) {
				rows.add(rowOf(note));
			}
			table.upsert(rows);
			done[0] += page.size();
			if (System.nanoTime() - lastReport[0] > PROGRESS_NANOS) {
				lastReport[0] = System.nanoTime();
				log.info("Clone index, cutting the shingles of stored notes: {} of {}", done[0], toRead.size());
			}
		}
		return toRead.size();
	}

	static Consumer<NoteShinglesTable.Row> progress(String what, Consumer<NoteShinglesTable.Row> action) {
		long[] lastReport = {System.nanoTime()};
		int[] count = {0};
		return row -> {
			action.accept(row);
			count[0]++;
			if (System.nanoTime() - lastReport[0] > PROGRESS_NANOS) {
				lastReport[0] = System.nanoTime();
				log.info("Clone index, {}: {} notes", what, count[0]);
			}
		};
	}
}

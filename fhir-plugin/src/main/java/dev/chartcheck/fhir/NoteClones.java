package dev.chartcheck.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.chartcheck.content.NoteReader;
import dev.chartcheck.engine.NoteContent;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.clones.CloneDetector;
import dev.chartcheck.engine.clones.CloneIndexStats;
import dev.chartcheck.engine.clones.CloneMatch;
import dev.chartcheck.engine.clones.CloneSettings;
import dev.chartcheck.engine.clones.Note;
import dev.chartcheck.engine.clones.NoteTexts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The server's notes as the {@code cloned-documentation} standard compares them: one {@link CloneDetector} over every
 * stored DocumentReference's text, kept in memory (a signature of about 200 bytes per note).
 *
 * <ul>
 * <li><b>Built at start-up</b> ({@link #rebuild}) from the stored notes, in two passes (learn the template text, then
 * index), before the server reports itself ready. Until it is built, {@link #matches} answers nothing and the
 * standard judges nothing, so no gap is raised or closed on half an index.
 * <li><b>Kept current on every write</b>: a created or updated note is indexed (learning its template text) once
 * its transaction commits, before the write-time checks run; a deleted note, or one entered in error, leaves the
 * index. Nothing that goes wrong here fails the write: it is logged without PHI, and verification reads the stored
 * notes themselves, so a stale entry can only miss a clone, never invent one.
 * <li><b>Compared for a check</b> ({@link #matches}): the candidates the signatures point to are verified exactly,
 * on the text of the stored notes (the record's own notes from the snapshot, others read through the DAO).
 * </ul>
 * The index lives in each server's memory: servers sharing one database each build their own at start, and see each
 * other's later writes only at their next start.
 */
@Interceptor
public class NoteClones {

	private static final Logger log = LoggerFactory.getLogger(NoteClones.class);
	private static final int PAGE = 500;
	private static final long PROGRESS_NANOS = 10_000_000_000L;

	private final DaoRegistry daos;
	private final NoteReader reader;
	private final CloneDetector detector;
	private final Clock clock;
	private final ExecutorService reindexer = Executors.newSingleThreadExecutor(task -> {
		Thread thread = new Thread(task, "chartcheck-clone-reindex");
		thread.setDaemon(true);
		return thread;
	});
	private final AtomicBoolean reindexing = new AtomicBoolean();
	private final AtomicLong reindexedAt = new AtomicLong();
	private volatile boolean ready;
	private final CountDownLatch built = new CountDownLatch(1);

	public NoteClones(DaoRegistry daos, NoteReader reader, CloneSettings settings, Clock clock) {
		this.daos = daos;
		this.reader = reader;
		this.detector = new CloneDetector(settings);
		this.clock = clock;
	}

	/** Whether the index holds every stored note (built at start-up). */
	public boolean ready() {
		return ready;
	}

	/**
	 * Waits until the index is built (at most {@code timeout}): what a background audit does before it checks records,
	 * so that a job resumed at start-up does not check some records without the comparison. Interactive checks do not
	 * wait; they leave the standard out until the index is built.
	 *
	 * @return whether the index is built
	 */
	public boolean awaitReady(Duration timeout) throws InterruptedException {
		return ready || built.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	public CloneIndexStats stats() {
		return detector.stats();
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		if (resource instanceof DocumentReference note) {
			afterCommit(() -> index(note));
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		if (resource instanceof DocumentReference note) {
			afterCommit(() -> index(note));
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		if (resource instanceof DocumentReference note) {
			String id = RecordSnapshot.idOf(note);
			afterCommit(() -> detector.remove(id));
		}
	}

	/**
	 * Reads every stored note twice (template text is learned from all of them before any is indexed, so that no
	 * signature carries template text learned late) and indexes it. Writes that arrive meanwhile are indexed too.
	 */
	public void rebuild() {
		long started = System.nanoTime();
		int learned = forEachStoredNote("learning template text", note -> detector.learn(note));
		int indexed = forEachStoredNote("indexing", note -> detector.index(note));
		detector.compact();
		CloneIndexStats stats = detector.stats();
		reindexedAt.set(stats.boilerplateVersion());
		ready = true;
		built.countDown();
		log.info("Clone index built from {} stored notes in {} ms: {} notes indexed, {} KiB, {} template phrases",
				learned, (System.nanoTime() - started) / 1_000_000, stats.notes(), stats.indexBytes() / 1024,
				stats.boilerplateShingles());
		if (indexed != learned) {
			log.info("Notes changed while the clone index was built ({} read in the first pass, {} in the second)", learned, indexed);
		}
	}

	/**
	 * The earlier notes that {@code note} (with its content as read) copies, most similar first, verified exactly;
	 * empty when the index is not built yet (the note cannot be judged), a list (maybe empty) otherwise.
	 *
	 * @param recordContents the contents of the patient's notes already read, by note id, read before the store
	 */
	public Optional<List<CloneMatch>> matches(DocumentReference note, NoteContent content, Map<String, NoteContent> recordContents) {
		if (!ready) {
			return Optional.empty();
		}
		Note compared = noteOf(note, content.text());
		if (compared == null) {
			return Optional.of(List.of());
		}
		NoteTexts texts = id -> {
			NoteContent known = recordContents.get(id);
			return known != null ? Optional.of(known.text()) : storedText(id);
		};
		return Optional.of(detector.matches(compared, texts));
	}

	/** The note as the detector sees it, or null when it names no patient. */
	Note noteOf(DocumentReference note, String text) {
		String patient = RecordSnapshot.referenceId(note.getSubject());
		if (patient == null || !patient.startsWith("Patient/")) {
			return null;
		}
		Instant written = note.hasDate() ? note.getDate().toInstant()
				: note.getMeta().hasLastUpdated() ? note.getMeta().getLastUpdated().toInstant() : clock.instant();
		return new Note(RecordSnapshot.idOf(note), patient, author(note), written, text);
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

	private void index(DocumentReference note) {
		String id = RecordSnapshot.idOf(note);
		if (note.getStatus() == Enumerations.DocumentReferenceStatus.ENTEREDINERROR) {
			detector.remove(id);
			return;
		}
		Note indexed = noteOf(note, reader.read(note).text());
		if (indexed == null) {
			detector.remove(id);
		} else {
			detector.write(indexed, null);
			reindexIfTemplateGrew();
		}
	}

	/**
	 * When a write has taught the index new template text, the notes signed before carry it in their signatures and
	 * may be missed as candidates: they are signed again in the background, one pass at a time.
	 */
	private void reindexIfTemplateGrew() {
		if (!ready || detector.stats().boilerplateVersion() == reindexedAt.get() || !reindexing.compareAndSet(false, true)) {
			return;
		}
		reindexer.execute(() -> {
			try {
				long version = detector.stats().boilerplateVersion();
				int stale = detector.reindexStale(this::storedText);
				reindexedAt.set(version);
				log.debug("Clone index: {} notes signed again after the template text grew", stale);
			} catch (RuntimeException e) {
				log.warn("Clone index: signing notes again failed: {}", e.getClass().getName());
			} finally {
				reindexing.set(false);
			}
		});
	}

	private Optional<String> storedText(String id) {
		try {
			IBaseResource stored = daos.getResourceDao("DocumentReference").read(new IdType(id), new SystemRequestDetails());
			if (stored instanceof DocumentReference note && note.getStatus() != Enumerations.DocumentReferenceStatus.ENTEREDINERROR) {
				return Optional.of(reader.read(note).text());
			}
		} catch (BaseServerResponseException e) {
			// deleted or never stored: the candidate is dropped
		}
		return Optional.empty();
	}

	/** Runs {@code action} on each stored note (not entered in error, with a patient), page by page; returns how many. */
	private int forEachStoredNote(String what, Consumer<Note> action) {
		IBundleProvider notes = daos.getResourceDao("DocumentReference").search(new SearchParameterMap(), new SystemRequestDetails());
		int[] count = {0};
		long[] lastReport = {System.nanoTime()};
		SearchResults.forEachPage(notes, PAGE, page -> {
			for (IBaseResource resource : page) {
				if (resource instanceof DocumentReference note
						&& note.getStatus() != Enumerations.DocumentReferenceStatus.ENTEREDINERROR) {
					Note read = noteOf(note, reader.read(note).text());
					if (read != null) {
						action.accept(read);
						count[0]++;
					}
				}
			}
			if (System.nanoTime() - lastReport[0] > PROGRESS_NANOS) {
				lastReport[0] = System.nanoTime();
				Integer size = notes.size();
				log.info("Clone index, {}: {} of {} stored notes", what, count[0], size == null ? "?" : size);
			}
		});
		return count[0];
	}

	/** Runs {@code action} once the current transaction commits (now, outside one); a failure is logged, never thrown. */
	private static void afterCommit(Runnable action) {
		Runnable guarded = () -> {
			try {
				action.run();
			} catch (RuntimeException e) {
				log.warn("Clone index not updated for a note write; it is indexed again at the next start: {}",
						e.getClass().getName());
			}
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					guarded.run();
				}
			});
		} else {
			guarded.run();
		}
	}
}

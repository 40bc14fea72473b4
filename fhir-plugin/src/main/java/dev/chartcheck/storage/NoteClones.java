package dev.chartcheck.storage;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.chartcheck.content.NoteReader;
import dev.chartcheck.engine.NoteContent;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.clones.CloneDetector;
import dev.chartcheck.engine.clones.CloneIndexStats;
import dev.chartcheck.engine.clones.CloneMatch;
import dev.chartcheck.engine.clones.CloneSettings;
import dev.chartcheck.engine.clones.NoteShingles;
import dev.chartcheck.engine.clones.ShingledNote;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DocumentReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's notes as the {@code cloned-documentation} standard compares them: one {@link CloneDetector} (the
 * signatures, about 200 bytes a note, in memory) over the notes' shingles kept in the shared database
 * ({@link NoteShinglesTable}).
 *
 * <ul>
 * <li><b>Written with the note</b>: a created or updated note's shingles are cut from its text and stored in the
 * note's own transaction, so the table and the notes never disagree; once it commits, the note joins this server's
 * index. A deleted note, or one entered in error, leaves a tombstone and leaves the index.
 * <li><b>Built at start-up</b> ({@link #rebuild}) from the table, in two passes (learn the template text, then
 * index), before the server reports itself ready; only notes the table does not know in their stored version
 * (written while Chartcheck was not installed, say) are read. Until it is built, {@link #matches} answers nothing and
 * the standard judges nothing, so no gap is raised or closed on half an index.
 * <li><b>Compared for a check</b> ({@link #matches}): the few candidates the signatures point to are verified
 * exactly on their shingles, from a cache in front of the table: a note is never read back to be compared.
 * <li><b>One truth across servers</b>: every few seconds ({@code chartcheck.clones.sync-interval}) each server takes
 * in the rows the others wrote since it last looked, so notes written through any server are compared alike.
 * </ul>
 * Nothing that goes wrong after the commit fails the write: it is logged without PHI.
 */
@Interceptor
public class NoteClones implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(NoteClones.class);
	private static final int PAGE = 500;
	/** Bumped when the words or shingles of a text change meaning, so stored shingles are cut again. */
	private static final int SHINGLE_FORMAT = 1;

	private final CloneDetector detector;
	private final NoteShinglesTable table;
	private final StoredNotes stored;
	private final int format;
	private final String writer = UUID.randomUUID().toString();
	private final VerificationShingles shingles;
	private final Duration syncInterval;
	private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "chartcheck-clone-index");
		thread.setDaemon(true);
		return thread;
	});
	private final AtomicBoolean reindexing = new AtomicBoolean();
	private final AtomicLong changes = new AtomicLong();
	private final AtomicLong reindexedAt = new AtomicLong();
	/** What this server has taken in of the rows other servers wrote. */
	private final SyncCursor cursor = new SyncCursor();
	private final AtomicLong syncedRows = new AtomicLong();
	private volatile boolean ready;
	private final CountDownLatch built = new CountDownLatch(1);
	private final NoteShingleRows rows;
	private final TransactionRows<NoteShinglesTable.Row> pending;

	/**
	 * @param cacheBytes the most bytes of shingles held in memory for verification (the rest is read from the table)
	 * @param syncInterval how often the rows other servers wrote are taken in; zero never (one server alone)
	 */
	public NoteClones(NoteReader reader, CloneSettings settings, Clock clock, NoteShinglesTable table, StoredNotes stored,
			long cacheBytes, Duration syncInterval) {
		this.detector = new CloneDetector(settings);
		this.table = table;
		this.stored = stored;
		this.format = Objects.hash(SHINGLE_FORMAT, settings.shingleSize(), settings.seed());
		this.shingles = new VerificationShingles(cacheBytes, table, detector);
		this.syncInterval = syncInterval;
		this.rows = new NoteShingleRows(reader, detector, clock, format, writer);
		this.pending = new TransactionRows<>(table::upsert, this::applyGuarded, this::reindexIfTemplateGrew);
	}

	/** Whether the index holds every stored note (built at start-up). */
	public boolean ready() {
		return ready;
	}

	/**
	 * Waits (at most {@code timeout}) until the index is built and says whether it is, as a background audit does
	 * before it checks records; interactive checks do not wait, and leave the standard out until then.
	 */
	public boolean awaitReady(Duration timeout) throws InterruptedException {
		return ready || built.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * How this server's comparison stands, once it has taken in what other servers wrote: which server, whether the
	 * index is built, notes put in or out, template text learned, notes being signed again (see {@link CheckStateTable}).
	 */
	public String stamp() {
		takeInOthers();
		if (!ready) {
			return writer + ":building";
		}
		return writer + ":" + changes.get() + ":" + detector.stats().boilerplateVersion() + ":" + reindexedAt.get()
				+ (reindexing.get() ? ":reindexing" : "");
	}

	public CloneIndexStats stats() {
		return detector.stats();
	}

	/** How many rows written through other servers this one has taken in since start. */
	public long syncedRows() {
		return syncedRows.get();
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		if (resource instanceof DocumentReference note) {
			written(note);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		if (resource instanceof DocumentReference note) {
			written(note);
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		if (resource instanceof DocumentReference note) {
			pending.put(RecordSnapshot.idOf(note), rows.tombstone(RecordSnapshot.idOf(note), NoteShingleRows.version(note)));
		}
	}

	/**
	 * Brings the table up to the stored notes (cutting the shingles of notes it does not know in their stored
	 * version, dropping rows of notes gone), then builds the index from it in two passes (template text is learned
	 * from every note before any is signed, so that no signature carries template text learned late), and starts
	 * taking in other servers' writes.
	 */
	public void rebuild() {
		long started = System.nanoTime();
		table.create();
		long lastChange = table.lastChange();
		int cut = rows.catchUp(table, stored);
		int learned = table.forEach(format, PAGE, NoteShingleRows.progress("learning template text", row -> detector.learn(NoteShingleRows.noteOf(row))));
		int indexed = table.forEach(format, PAGE, NoteShingleRows.progress("indexing", row -> {
			detector.index(NoteShingleRows.noteOf(row));
			shingles.put(row.noteId(), row.shingles());
		}));
		detector.compact();
		CloneIndexStats stats = detector.stats();
		reindexedAt.set(stats.boilerplateVersion());
		cursor.startAfter(lastChange);
		ready = true;
		built.countDown();
		log.info("Clone index built from {} stored notes in {} ms: {} notes indexed, {} KiB, {} template phrases; {} notes"
						+ " read to cut their shingles", learned, (System.nanoTime() - started) / 1_000_000, stats.notes(),
				stats.indexBytes() / 1024, stats.boilerplateShingles(), cut);
		if (indexed != learned) {
			log.info("Notes changed while the clone index was built ({} read in the first pass, {} in the second)", learned, indexed);
		}
		if (!syncInterval.isZero()) {
			long every = syncInterval.toMillis();
			background.scheduleWithFixedDelay(this::syncGuarded, every, every, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * The earlier notes that {@code note} (with its content as read) copies, most similar first, verified exactly;
	 * empty when the index is not built yet (the note cannot be judged), a list (maybe empty) otherwise.
	 *
	 * @param recordContents the contents of the patient's notes already read, by note id
	 */
	public Optional<List<CloneMatch>> matches(DocumentReference note, NoteContent content, Map<String, NoteContent> recordContents) {
		if (!ready) {
			return Optional.empty();
		}
		ShingledNote compared = rows.shingled(note, content.text());
		if (compared == null) {
			return Optional.of(List.of());
		}
		return Optional.of(detector.matches(compared, ids -> shingles.of(ids, recordContents)));
	}

	/**
	 * Takes in what other servers wrote since the last look, before a record's notes are compared, so a note written
	 * through another server a moment ago counts like one written here: one indexed read; none with no sync interval.
	 */
	public void takeInOthers() {
		if (ready && !syncInterval.isZero()) {
			syncGuarded();
		}
	}

	/** Takes in the rows other servers wrote since the last look (what the scheduled sync does). */
	public synchronized void sync() {
		for (NoteShinglesTable.Row row : table.changedSince(cursor.from(), writer)) {
			if (cursor.take(row.noteId(), row.changedAt())) {
				apply(row);
				syncedRows.incrementAndGet();
			}
		}
		cursor.lookEnded();
		reindexIfTemplateGrew();
	}

	/** Stops the background work, letting what is under way end: a thread interrupted in a read closes H2's file. */
	@Override
	public void close() {
		background.shutdown();
		try {
			background.awaitTermination(10, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Puts a row into the index (or takes its note out); the detector learns from it. */
	private void apply(NoteShinglesTable.Row row) {
		changes.incrementAndGet();
		if (row.tombstone() || row.format() != format || row.patientId() == null || row.writtenAt() == null) {
			detector.remove(row.noteId());
			shingles.invalidate(row.noteId());
		} else {
			detector.add(NoteShingleRows.noteOf(row));
			shingles.put(row.noteId(), row.shingles());
		}
	}

	/** A note written in the current transaction: its row is stored before the commit, indexed after it. */
	private void written(DocumentReference note) {
		pending.put(RecordSnapshot.idOf(note), rows.rowOf(note));
	}

	private void applyGuarded(NoteShinglesTable.Row row) {
		try {
			apply(row);
		} catch (RuntimeException e) {
			log.warn("Clone index not updated for a note write; it is indexed again at the next start: {}",
					e.getClass().getName());
		}
	}

	private void syncGuarded() {
		try {
			sync();
		} catch (RuntimeException e) {
			log.warn("Clone index: taking in other servers' note writes failed, tried again shortly: {}", e.getClass().getName());
		}
	}

	/**
	 * When a write has taught the index new template text, the notes signed before carry it in their signatures and
	 * may be missed as candidates: they are signed again in the background, from their stored shingles.
	 */
	private void reindexIfTemplateGrew() {
		if (!ready || detector.stats().boilerplateVersion() == reindexedAt.get() || !reindexing.compareAndSet(false, true)) {
			return;
		}
		try {
			background.execute(() -> {
			try {
				long version = detector.stats().boilerplateVersion();
				NoteShingles stored = ids -> shingles.of(ids, Map.of());
				int stale = detector.reindexStaleFrom(stored);
				reindexedAt.set(version);
				log.debug("Clone index: {} notes signed again after the template text grew", stale);
			} catch (RuntimeException e) {
				log.warn("Clone index: signing notes again failed: {}", e.getClass().getName());
			} finally {
				reindexing.set(false);
			}
			});
		} catch (java.util.concurrent.RejectedExecutionException e) {
			reindexing.set(false); // closing
		}
	}
}

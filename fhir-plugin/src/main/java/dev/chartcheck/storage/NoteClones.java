package dev.chartcheck.storage;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
 * <li><b>One truth across servers</b>: every few seconds each server takes in the rows the others wrote since it
 * last looked ({@code chartcheck.clones.sync-interval}), so a note written through one server is compared with
 * notes written through the others.
 * </ul>
 * Nothing that goes wrong after the commit fails the write: it is logged without PHI.
 */
@Interceptor
public class NoteClones implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(NoteClones.class);
	private static final int PAGE = 500;
	private static final long PROGRESS_NANOS = 10_000_000_000L;
	/** How far back each look at the table reaches before the latest change seen: slow commits, clock skew. */
	static final long SYNC_OVERLAP_MILLIS = 60_000;
	/** Bumped when the words or shingles of a text change meaning, so stored shingles are cut again. */
	private static final int SHINGLE_FORMAT = 1;

	private final NoteReader reader;
	private final CloneDetector detector;
	private final Clock clock;
	private final NoteShinglesTable table;
	private final StoredNotes stored;
	private final int format;
	private final String writer = UUID.randomUUID().toString();
	private final Cache<String, long[]> shingles;
	private final Duration syncInterval;
	private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "chartcheck-clone-index");
		thread.setDaemon(true);
		return thread;
	});
	private final AtomicBoolean reindexing = new AtomicBoolean();
	private final AtomicLong reindexedAt = new AtomicLong();
	/** The latest change time taken in from the table, and what was taken in within the overlap before it. */
	private final AtomicLong syncedUpTo = new AtomicLong();
	private final Map<String, Long> taken = new ConcurrentHashMap<>();
	private final AtomicLong syncedRows = new AtomicLong();
	private volatile boolean ready;
	private final CountDownLatch built = new CountDownLatch(1);

	/**
	 * @param cacheBytes the most bytes of shingles held in memory for verification (the rest is read from the table)
	 * @param syncInterval how often the rows other servers wrote are taken in; zero never (one server alone)
	 */
	public NoteClones(NoteReader reader, CloneSettings settings, Clock clock, NoteShinglesTable table, StoredNotes stored,
			long cacheBytes, Duration syncInterval) {
		this.reader = reader;
		this.detector = new CloneDetector(settings);
		this.clock = clock;
		this.table = table;
		this.stored = stored;
		this.format = Objects.hash(SHINGLE_FORMAT, settings.shingleSize(), settings.seed());
		this.shingles = Caffeine.newBuilder()
				.maximumWeight(cacheBytes)
				.weigher((String id, long[] s) -> 64 + 2 * id.length() + 8 * s.length)
				.build();
		this.syncInterval = syncInterval;
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
			pending().put(RecordSnapshot.idOf(note), tombstone(RecordSnapshot.idOf(note), version(note)));
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
		int cut = catchUp();
		int learned = table.forEach(format, PAGE, progress("learning template text", row -> detector.learn(noteOf(row))));
		int indexed = table.forEach(format, PAGE, progress("indexing", row -> {
			detector.index(noteOf(row));
			shingles.put(row.noteId(), row.shingles());
		}));
		detector.compact();
		CloneIndexStats stats = detector.stats();
		reindexedAt.set(stats.boilerplateVersion());
		syncedUpTo.set(lastChange);
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
		ShingledNote compared = shingled(note, content.text());
		if (compared == null) {
			return Optional.of(List.of());
		}
		return Optional.of(detector.matches(compared, ids -> verificationShingles(ids, recordContents)));
	}

	/** Takes in the rows other servers wrote since the last look (what the scheduled sync does). */
	public synchronized void sync() {
		long from = Math.max(0, syncedUpTo.get() - SYNC_OVERLAP_MILLIS);
		long latest = syncedUpTo.get();
		for (NoteShinglesTable.Row row : table.changedSince(from, writer)) {
			Long seen = taken.get(row.noteId());
			if (seen != null && seen >= row.changedAt()) {
				continue;
			}
			apply(row);
			taken.put(row.noteId(), row.changedAt());
			syncedRows.incrementAndGet();
			latest = Math.max(latest, row.changedAt());
		}
		syncedUpTo.set(latest);
		long forget = latest - 2 * SYNC_OVERLAP_MILLIS;
		taken.values().removeIf(changedAt -> changedAt < forget);
		reindexIfTemplateGrew();
	}

	@Override
	public void close() {
		background.shutdownNow();
	}

	/** The shingles to verify candidates with: cached, else the record's own notes' text, else the table. */
	private Map<String, long[]> verificationShingles(Collection<String> ids, Map<String, NoteContent> recordContents) {
		Map<String, long[]> found = new HashMap<>(shingles.getAllPresent(ids));
		List<String> missing = new ArrayList<>();
		for (String id : ids) {
			if (!found.containsKey(id)) {
				NoteContent content = recordContents.get(id);
				if (content != null) {
					found.put(id, detector.shingles(content.text()));
				} else {
					missing.add(id);
				}
			}
		}
		if (!missing.isEmpty()) {
			Map<String, long[]> read = table.shinglesOf(missing);
			shingles.putAll(read);
			found.putAll(read);
		}
		return found;
	}

	/** The note as the detector sees it, or null when it names no patient. */
	private ShingledNote shingled(DocumentReference note, String text) {
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
	private NoteShinglesTable.Row rowOf(DocumentReference note) {
		String id = RecordSnapshot.idOf(note);
		ShingledNote shingled = note.getStatus() == Enumerations.DocumentReferenceStatus.ENTEREDINERROR ? null
				: shingled(note, reader.read(note).text());
		if (shingled == null) {
			return tombstone(id, version(note));
		}
		return new NoteShinglesTable.Row(id, version(note), format, shingled.patientId(), shingled.authorId(),
				shingled.writtenAt(), shingled.shingles(), clock.millis(), writer);
	}

	private NoteShinglesTable.Row tombstone(String id, long version) {
		return new NoteShinglesTable.Row(id, version, format, null, null, null, null, clock.millis(), writer);
	}

	private static long version(DocumentReference note) {
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

	private static ShingledNote noteOf(NoteShinglesTable.Row row) {
		return new ShingledNote(row.noteId(), row.patientId(), row.authorId(), row.writtenAt(), row.shingles());
	}

	/** Puts a row into the index (or takes its note out); the detector learns from it. */
	private void apply(NoteShinglesTable.Row row) {
		if (row.tombstone() || row.format() != format || row.patientId() == null || row.writtenAt() == null) {
			detector.remove(row.noteId());
			shingles.invalidate(row.noteId());
		} else {
			detector.add(noteOf(row));
			shingles.put(row.noteId(), row.shingles());
		}
	}

	/** A note written in the current transaction: its row is stored before the commit, indexed after it. */
	private void written(DocumentReference note) {
		pending().put(RecordSnapshot.idOf(note), rowOf(note));
	}

	/** The rows of the current transaction, stored just before it commits (the rows alone, outside one). */
	private Map<String, NoteShinglesTable.Row> pending() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return new ImmediateRows();
		}
		@SuppressWarnings("unchecked")
		Map<String, NoteShinglesTable.Row> rows = (Map<String, NoteShinglesTable.Row>) TransactionSynchronizationManager.getResource(this);
		if (rows == null) {
			Map<String, NoteShinglesTable.Row> created = new LinkedHashMap<>();
			TransactionSynchronizationManager.bindResource(this, created);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					table.upsert(created.values());
				}

				@Override
				public void afterCommit() {
					created.values().forEach(NoteClones.this::applyGuarded);
					reindexIfTemplateGrew();
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(NoteClones.this);
				}
			});
			rows = created;
		}
		return rows;
	}

	/** Outside a transaction a row is stored and applied at once. */
	private final class ImmediateRows extends LinkedHashMap<String, NoteShinglesTable.Row> {
		@Override
		public NoteShinglesTable.Row put(String id, NoteShinglesTable.Row row) {
			table.upsert(List.of(row));
			applyGuarded(row);
			return null;
		}
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
	 * Cuts the shingles of every stored note the table does not know in its stored version and format, and drops the
	 * rows of notes no longer stored; returns how many notes were read.
	 */
	private int catchUp() {
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

	private static java.util.function.Consumer<NoteShinglesTable.Row> progress(String what,
			java.util.function.Consumer<NoteShinglesTable.Row> action) {
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
				NoteShingles stored = ids -> verificationShingles(ids, Map.of());
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

package dev.chartcheck.engine.clones;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Finds notes that copy an earlier note: of the same patient, or of another patient by the same author. The entry
 * point for the {@code cloned-documentation} standard and the write hook.
 *
 * <p>How a note is compared: its text is {@link NoteText normalized} into words, cut into word
 * {@link Shingles}, stripped of the shingles the {@link Boilerplate} learner knows as template, and signed by
 * {@link MinHash}; the {@link CloneIndex} returns the earlier related notes that share an LSH band and whose
 * estimated similarity is at least {@code threshold - estimateMargin}; the most similar of them by the estimate (at
 * most {@code 4 × maxMatches}, however many near-duplicates the note has) are then verified exactly, on both notes'
 * shingles (from {@link NoteShingles}: what the index keeps for each note, never the note itself) with today's
 * boilerplate, and kept when their Jaccard similarity reaches {@code threshold}. Without a {@link NoteShingles},
 * the estimate decides (less precise near the threshold).
 *
 * <p>Typical use: at start, either {@link #readFrom} a persisted index, or rebuild: {@link #learn} every stored
 * note, then {@link #index} every stored note (two passes, so that no signature carries boilerplate learned
 * late). On each write of a note, {@link #write} (or {@link #add}, which does not look for matches); on delete,
 * {@link #remove}; when the boilerplate has grown ({@link CloneIndexStats#boilerplateVersion()}),
 * {@link #reindexStale} in the background. For a review, {@link #matches} of an indexed note. Each of these takes
 * a note with its text ({@link Note}) or with its shingles already cut ({@link ShingledNote}).
 *
 * <p>Thread-safe: one writer at a time, concurrent readers; shingles are read for verification outside the lock.
 */
public final class CloneDetector {

	/** At most this many candidates per reported match are read and verified (the most similar by estimate). */
	static final int VERIFY_PER_MATCH = CandidateVerification.PER_MATCH;

	/** Stale notes re-signed per {@link NoteShingles} read. */
	private static final int REINDEX_BATCH = 500;

	private final CloneSettings settings;
	private final Boilerplate boilerplate;
	private final CloneIndex index;
	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
	private final CandidateVerification verification;

	public CloneDetector(CloneSettings settings) {
		this(settings, new Boilerplate(settings), new CloneIndex(settings));
	}

	CloneDetector(CloneSettings settings, Boilerplate boilerplate, CloneIndex index) {
		this.settings = settings;
		this.boilerplate = boilerplate;
		this.index = index;
		this.verification = new CandidateVerification(settings, this::content);
	}

	public CloneSettings settings() {
		return settings;
	}

	/** The shingles of a text with these settings, boilerplate included, in text order. */
	public long[] shingles(String text) {
		return Shingles.of(text, settings.shingleSize(), settings.seed());
	}

	/** The note's boilerplate-free shingles as a sorted set: what similarity is measured on. */
	public long[] contentShingles(String text) {
		long[] shingles = shingles(text);
		return reading(() -> Shingles.distinct(boilerplate.content(shingles)));
	}

	/** The note with its text cut into shingles: what every other method works from. */
	public ShingledNote shingled(Note note) {
		return new ShingledNote(note.id(), note.patientId(), note.authorId(), note.writtenAt(), shingles(note.text()));
	}

	/** Counts a note towards boilerplate without indexing it: the first pass of a rebuild. */
	public void learn(Note note) {
		learn(shingled(note));
	}

	/** As {@link #learn(Note)}, from the note's shingles. */
	public void learn(ShingledNote note) {
		writing(() -> {
			boilerplate.observe(note.shingles(), note.authorId());
			return null;
		});
	}

	/**
	 * Indexes a note (replacing its earlier version) without learning from it or looking for its matches: the second
	 * pass of a rebuild, and re-indexing a stale note. False when the note has too little content of its own to be
	 * indexed (it is then taken out of the index).
	 */
	public boolean index(Note note) {
		return index(shingled(note));
	}

	/** As {@link #index(Note)}, from the note's shingles. */
	public boolean index(ShingledNote note) {
		return writing(() -> sign(note) != null);
	}

	/**
	 * A note was written: learns from it and indexes it, without looking for its matches (a server keeping its index
	 * current; the checks ask {@link #matches} when they need to). False as {@link #index(ShingledNote)}.
	 */
	public boolean add(ShingledNote note) {
		lock.writeLock().lock();
		try {
			boilerplate.observe(note.shingles(), note.authorId());
			return sign(note) != null;
		} finally {
			lock.writeLock().unlock();
		}
	}

	/**
	 * A note was written (created or updated): learns from it, indexes it, and returns the earlier notes it is
	 * near-identical to, most similar first (at most {@code maxMatches}). An update counts towards boilerplate once
	 * more, a small overcount that only makes its shingles recur a little sooner.
	 *
	 * @param earlier reads candidates' text for exact verification; null to trust the estimate
	 */
	public List<CloneMatch> write(Note note, NoteTexts earlier) {
		return write(shingled(note), earlier == null ? null : NoteShingles.ofTexts(earlier, settings));
	}

	/** As {@link #write(Note, NoteTexts)}, from shingles. */
	public List<CloneMatch> write(ShingledNote note, NoteShingles earlier) {
		List<CloneMatch> candidates;
		lock.writeLock().lock();
		try {
			boilerplate.observe(note.shingles(), note.authorId());
			long[] signature = sign(note);
			if (signature == null) {
				return List.of();
			}
			candidates = index.candidates(signature, note.id(), note.patientId(), note.authorId(), note.writtenAt(),
					verification.minEstimate(earlier));
		} finally {
			lock.writeLock().unlock();
		}
		return verification.verify(note.shingles(), candidates, earlier);
	}

	/** The earlier notes a note is near-identical to, without changing the index; most similar first. */
	public List<CloneMatch> matches(Note note, NoteTexts earlier) {
		return matches(shingled(note), earlier == null ? null : NoteShingles.ofTexts(earlier, settings));
	}

	/** As {@link #matches(Note, NoteTexts)}, from shingles: what a server does, never reading a note back. */
	public List<CloneMatch> matches(ShingledNote note, NoteShingles earlier) {
		List<CloneMatch> candidates;
		lock.readLock().lock();
		try {
			long[] signature = boilerplate.sign(note.shingles(), settings.bands(), settings.rows(), settings.minContentShingles());
			if (signature == null) {
				return List.of();
			}
			candidates = index.candidates(signature, note.id(), note.patientId(), note.authorId(), note.writtenAt(),
					verification.minEstimate(earlier));
		} finally {
			lock.readLock().unlock();
		}
		return verification.verify(note.shingles(), candidates, earlier);
	}

	/** The earlier notes an indexed note is near-identical to by the estimate alone (no text needed). */
	public List<CloneMatch> estimatedMatches(String noteId) {
		lock.readLock().lock();
		try {
			List<CloneMatch> found = index.candidatesOf(noteId, settings.threshold());
			return found.size() > settings.maxMatches() ? List.copyOf(found.subList(0, settings.maxMatches())) : found;
		} finally {
			lock.readLock().unlock();
		}
	}

	/** Takes a note out of the index (deleted, or entered in error); false if it was not in it. */
	public boolean remove(String noteId) {
		return writing(() -> index.remove(noteId));
	}

	/** Notes signed before some of their shingles became boilerplate: {@link #index} them again. */
	public List<String> staleNotes() {
		return reading(() -> index.staleNotes(boilerplate));
	}

	/**
	 * Re-indexes the {@link #staleNotes()} from their text, and takes out those whose text is gone; returns how many
	 * were stale. Worth calling when {@link CloneIndexStats#boilerplateVersion()} has moved since the last call.
	 */
	public int reindexStale(NoteTexts texts) {
		return reindexStaleFrom(NoteShingles.ofTexts(texts, settings));
	}

	/** As {@link #reindexStale(NoteTexts)}, from the notes' shingles, a few hundred notes at a time. */
	public int reindexStaleFrom(NoteShingles stored) {
		List<String> stale = staleNotes();
		for (int from = 0; from < stale.size(); from += REINDEX_BATCH) {
			List<String> batch = stale.subList(from, Math.min(stale.size(), from + REINDEX_BATCH));
			Map<String, long[]> shingles = stored.shinglesOf(batch);
			for (String id : batch) {
				long[] found = shingles.get(id);
				ShingledNote note = reading(() -> index.noteOf(id, found == null ? new long[0] : found));
				if (note == null) {
					continue;
				}
				if (found != null) {
					index(note);
				} else {
					remove(id);
				}
			}
		}
		return stale.size();
	}

	/** How many notes are indexed. */
	public int size() {
		return reading(() -> index.size());
	}

	/** Sizes, for monitoring and the benchmark. */
	public CloneIndexStats stats() {
		return reading(() -> new CloneIndexStats(index.size(), index.bytes(), boilerplate.size(), boilerplate.watchedCount(),
					boilerplate.bytes(), boilerplate.version()));
	}

	/** Drops the space of removed notes and trims the index's arrays (after a rebuild, say). */
	public void compact() {
		writing(() -> {
			index.compact();
			return null;
		});
	}

	/** Writes the index and the boilerplate learner (see {@link CloneIndexFormat}); the stream is left open. */
	public void writeTo(OutputStream out) throws IOException {
		lock.readLock().lock();
		try {
			CloneIndexFormat.write(out, settings, boilerplate, index);
		} finally {
			lock.readLock().unlock();
		}
	}

	/**
	 * Reads an index written by {@link #writeTo}. Fails with an {@link IOException} when it was written with other
	 * shingle, signature or boilerplate settings: the caller then rebuilds.
	 */
	public static CloneDetector readFrom(InputStream in, CloneSettings settings) throws IOException {
		Boilerplate boilerplate = new Boilerplate(settings);
		CloneIndex index = new CloneIndex(settings);
		CloneIndexFormat.read(in, settings, boilerplate, index);
		return new CloneDetector(settings, boilerplate, index);
	}

	/** Signs and indexes the note's content, or takes the note out when it has too little; under the write lock. */
	private long[] sign(ShingledNote note) {
		long[] signature = boilerplate.sign(note.shingles(), settings.bands(), settings.rows(), settings.minContentShingles());
		if (signature == null) {
			index.remove(note.id());
			return null;
		}
		index.put(note.id(), note.patientId(), note.authorId(), note.writtenAt(), signature);
		return signature;
	}

	private long[] content(long[] shingles) {
		return reading(() -> boilerplate.content(shingles));
	}

	/** Runs {@code work} under the read lock. */
	private <T> T reading(Supplier<T> work) {
		lock.readLock().lock();
		try {
			return work.get();
		} finally {
			lock.readLock().unlock();
		}
	}

	/** Runs {@code work} under the write lock. */
	private <T> T writing(Supplier<T> work) {
		lock.writeLock().lock();
		try {
			return work.get();
		} finally {
			lock.writeLock().unlock();
		}
	}
}

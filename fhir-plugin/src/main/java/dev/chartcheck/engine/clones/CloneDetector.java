package dev.chartcheck.engine.clones;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Finds notes that copy an earlier note: of the same patient, or of another patient by the same author. The entry
 * point for the {@code cloned-documentation} standard and the write hook.
 *
 * <p>How a note is compared: its text is {@link NoteText normalized} into words, cut into word
 * {@link Shingles}, stripped of the shingles the {@link Boilerplate} learner knows as template, and signed by
 * {@link MinHash}; the {@link CloneIndex} returns the earlier related notes that share an LSH band and whose
 * estimated similarity is at least {@code threshold - estimateMargin}; each such candidate is then verified
 * exactly, on both notes' text read through {@link NoteTexts} with today's boilerplate, and kept when its
 * Jaccard similarity reaches {@code threshold}. At most {@code 4 × maxMatches} candidates are read, the most
 * similar by estimate first. Without a {@link NoteTexts}, the estimate decides (less precise near the threshold).
 *
 * <p>Typical use: at start, either {@link #readFrom} a persisted index, or rebuild: {@link #learn} every stored
 * note, then {@link #index} every stored note (two passes, so that no signature carries boilerplate learned
 * late). On each write of a note, {@link #write}; on delete, {@link #remove}; when the boilerplate has grown
 * ({@link CloneIndexStats#boilerplateVersion()}), {@link #reindexStale} in the background. For a review,
 * {@link #matches} of an indexed note.
 *
 * <p>Thread-safe: one writer at a time, concurrent readers; texts are read for verification outside the lock.
 */
public final class CloneDetector {

	private static final Comparator<CloneMatch> MOST_SIMILAR_FIRST = Comparator
			.comparingDouble(CloneMatch::similarity).reversed()
			.thenComparing(CloneMatch::writtenAt)
			.thenComparing(CloneMatch::noteId);

	/** At most this many candidates per reported match are read and verified (the most similar by estimate). */
	static final int VERIFY_PER_MATCH = 4;

	private final CloneSettings settings;
	private final Boilerplate boilerplate;
	private final CloneIndex index;
	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

	public CloneDetector(CloneSettings settings) {
		this(settings, new Boilerplate(settings), new CloneIndex(settings));
	}

	CloneDetector(CloneSettings settings, Boilerplate boilerplate, CloneIndex index) {
		this.settings = settings;
		this.boilerplate = boilerplate;
		this.index = index;
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
		lock.readLock().lock();
		try {
			return Shingles.distinct(boilerplate.content(shingles));
		} finally {
			lock.readLock().unlock();
		}
	}

	/** Counts a note towards boilerplate without indexing it: the first pass of a rebuild. */
	public void learn(Note note) {
		long[] shingles = shingles(note.text());
		lock.writeLock().lock();
		try {
			boilerplate.observe(shingles, note.authorId());
		} finally {
			lock.writeLock().unlock();
		}
	}

	/**
	 * Indexes a note (replacing its earlier version) without learning from it or looking for its matches: the second
	 * pass of a rebuild, and re-indexing a stale note. False when the note has too little content of its own to be
	 * indexed (it is then taken out of the index).
	 */
	public boolean index(Note note) {
		long[] shingles = shingles(note.text());
		lock.writeLock().lock();
		try {
			return sign(note, shingles) != null;
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
		long[] shingles = shingles(note.text());
		List<CloneMatch> candidates;
		lock.writeLock().lock();
		try {
			boilerplate.observe(shingles, note.authorId());
			long[] signature = sign(note, shingles);
			if (signature == null) {
				return List.of();
			}
			candidates = index.candidates(signature, note.id(), note.patientId(), note.authorId(), note.writtenAt(),
					minEstimate(earlier));
		} finally {
			lock.writeLock().unlock();
		}
		return verify(shingles, candidates, earlier);
	}

	/** The earlier notes a note is near-identical to, without changing the index; most similar first. */
	public List<CloneMatch> matches(Note note, NoteTexts earlier) {
		long[] shingles = shingles(note.text());
		List<CloneMatch> candidates;
		lock.readLock().lock();
		try {
			long[] signature = boilerplate.sign(shingles, settings.bands(), settings.rows(), settings.minContentShingles());
			if (signature == null) {
				return List.of();
			}
			candidates = index.candidates(signature, note.id(), note.patientId(), note.authorId(), note.writtenAt(),
					minEstimate(earlier));
		} finally {
			lock.readLock().unlock();
		}
		return verify(shingles, candidates, earlier);
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
		lock.writeLock().lock();
		try {
			return index.remove(noteId);
		} finally {
			lock.writeLock().unlock();
		}
	}

	/** Notes signed before some of their shingles became boilerplate: {@link #index} them again. */
	public List<String> staleNotes() {
		lock.readLock().lock();
		try {
			return index.staleNotes(boilerplate);
		} finally {
			lock.readLock().unlock();
		}
	}

	/**
	 * Re-indexes the {@link #staleNotes()} from their text, and takes out those whose text is gone; returns how many
	 * were stale. Worth calling when {@link CloneIndexStats#boilerplateVersion()} has moved since the last call.
	 */
	public int reindexStale(NoteTexts texts) {
		List<String> stale = staleNotes();
		for (String id : stale) {
			Optional<String> text = texts.textOf(id);
			Note note;
			lock.readLock().lock();
			try {
				note = index.noteOf(id, text.orElse(""));
			} finally {
				lock.readLock().unlock();
			}
			if (note == null) {
				continue;
			}
			if (text.isPresent()) {
				index(note);
			} else {
				remove(id);
			}
		}
		return stale.size();
	}

	/** How many notes are indexed. */
	public int size() {
		lock.readLock().lock();
		try {
			return index.size();
		} finally {
			lock.readLock().unlock();
		}
	}

	/** Sizes, for monitoring and the benchmark. */
	public CloneIndexStats stats() {
		lock.readLock().lock();
		try {
			return new CloneIndexStats(index.size(), index.bytes(), boilerplate.size(), boilerplate.watchedCount(),
					boilerplate.bytes(), boilerplate.version());
		} finally {
			lock.readLock().unlock();
		}
	}

	/** Drops the space of removed notes and trims the index's arrays (after a rebuild, say). */
	public void compact() {
		lock.writeLock().lock();
		try {
			index.compact();
		} finally {
			lock.writeLock().unlock();
		}
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
	private long[] sign(Note note, long[] shingles) {
		long[] signature = boilerplate.sign(shingles, settings.bands(), settings.rows(), settings.minContentShingles());
		if (signature == null) {
			index.remove(note.id());
			return null;
		}
		index.put(note.id(), note.patientId(), note.authorId(), note.writtenAt(), signature);
		return signature;
	}

	private double minEstimate(NoteTexts earlier) {
		return earlier == null ? settings.threshold() : Math.max(0, settings.threshold() - settings.estimateMargin());
	}

	private List<CloneMatch> verify(long[] shingles, List<CloneMatch> candidates, NoteTexts earlier) {
		if (earlier == null || candidates.isEmpty()) {
			return candidates.size() > settings.maxMatches() ? List.copyOf(candidates.subList(0, settings.maxMatches()))
					: candidates;
		}
		long[] query = Shingles.distinct(content(shingles));
		List<CloneMatch> verified = new ArrayList<>();
		// the estimate orders candidates only roughly: read a few more than needed, keep the most similar
		long readAtMost = (long) VERIFY_PER_MATCH * settings.maxMatches();
		List<CloneMatch> toRead = candidates.size() > readAtMost ? candidates.subList(0, (int) readAtMost) : candidates;
		for (CloneMatch candidate : toRead) {
			Optional<String> text = earlier.textOf(candidate.noteId());
			if (text.isEmpty()) {
				continue;
			}
			long[] other = Shingles.distinct(content(shingles(text.get())));
			if (other.length < settings.minContentShingles()) {
				continue;
			}
			double similarity = Shingles.jaccard(query, other);
			if (similarity >= settings.threshold()) {
				verified.add(candidate.withExactSimilarity(similarity));
			}
		}
		verified.sort(MOST_SIMILAR_FIRST);
		return verified.size() > settings.maxMatches() ? List.copyOf(verified.subList(0, settings.maxMatches())) : verified;
	}

	private long[] content(long[] shingles) {
		lock.readLock().lock();
		try {
			return boilerplate.content(shingles);
		} finally {
			lock.readLock().unlock();
		}
	}
}

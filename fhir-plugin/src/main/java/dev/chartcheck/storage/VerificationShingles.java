package dev.chartcheck.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chartcheck.engine.NoteContent;
import dev.chartcheck.engine.clones.CloneDetector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shingles clone candidates are verified on: a cache bounded in bytes, in front of {@link NoteShinglesTable}; the
 * notes of the record being checked are cut from the text already read. A note is never read back to be compared.
 */
final class VerificationShingles {

	private final Cache<String, long[]> cache;
	private final NoteShinglesTable table;
	private final CloneDetector detector;

	VerificationShingles(long cacheBytes, NoteShinglesTable table, CloneDetector detector) {
		this.cache = Caffeine.newBuilder()
				.maximumWeight(cacheBytes)
				.weigher((String id, long[] s) -> 64 + 2 * id.length() + 8 * s.length)
				.build();
		this.table = table;
		this.detector = detector;
	}

	void put(String noteId, long[] shingles) {
		cache.put(noteId, shingles);
	}

	void invalidate(String noteId) {
		cache.invalidate(noteId);
	}

	/** The shingles of these notes: cached, else the record's own notes' text, else the table (then cached). */
	Map<String, long[]> of(Collection<String> ids, Map<String, NoteContent> recordContents) {
		Map<String, long[]> found = new HashMap<>(cache.getAllPresent(ids));
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
			cache.putAll(read);
			found.putAll(read);
		}
		return found;
	}
}

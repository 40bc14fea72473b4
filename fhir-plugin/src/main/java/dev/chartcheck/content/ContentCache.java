package dev.chartcheck.content;

import dev.chartcheck.engine.AttachmentContent;
import dev.chartcheck.engine.AttachmentContent.Kind;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each attachment of each note version held, so that the checks a write triggers and the audit after it
 * do not decode and extract the same PDF twice. A note version never changes, so its content never goes stale;
 * only failures that may pass (a fetch that failed, an extraction that ran out of time) expire, and are tried
 * again later. Least recently used entries go first once the cache holds more characters than its budget.
 */
final class ContentCache {

	/** How long a failure that may pass is remembered: long enough not to re-run a bomb on every write. */
	static final Duration TRANSIENT = Duration.ofMinutes(15);

	private record Entry(AttachmentContent content, long expiresAt) {}

	private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
	private final long budget;
	private final Clock clock;
	private long held;

	/** @param budgetCharacters the most characters of text held at once */
	ContentCache(long budgetCharacters, Clock clock) {
		this.budget = budgetCharacters;
		this.clock = clock;
	}

	synchronized AttachmentContent get(String key) {
		Entry entry = entries.get(key);
		if (entry == null) {
			return null;
		}
		if (entry.expiresAt() < clock.millis()) {
			remove(key);
			return null;
		}
		return entry.content();
	}

	synchronized void put(String key, AttachmentContent content) {
		long weight = content.characters();
		if (weight > budget) {
			return;
		}
		remove(key);
		long expiresAt = transientFailure(content.kind()) ? clock.millis() + TRANSIENT.toMillis() : Long.MAX_VALUE;
		entries.put(key, new Entry(content, expiresAt));
		held += weight;
		for (Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator(); held > budget && eldest.hasNext(); ) {
			held -= eldest.next().getValue().content().characters();
			eldest.remove();
		}
	}

	synchronized int size() {
		return entries.size();
	}

	private void remove(String key) {
		Entry old = entries.remove(key);
		if (old != null) {
			held -= old.content().characters();
		}
	}

	private static boolean transientFailure(Kind kind) {
		return kind == Kind.TIMED_OUT || kind == Kind.UNFETCHABLE;
	}
}

package dev.chartcheck.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far a server has taken in the rows other servers wrote to a shared table. Each look reaches back
 * {@link #OVERLAP_MILLIS} before the latest change it has seen (slow commits, clock skew between servers), and a row
 * seen in that overlap is not taken twice.
 */
final class SyncCursor {

	/** How far each look reaches back before the latest change seen. */
	static final long OVERLAP_MILLIS = 60_000;

	private volatile long upTo;
	private final Map<String, Long> taken = new ConcurrentHashMap<>();

	/** Starts after what a full read of the table took in, whose latest change was {@code lastChange}. */
	void startAfter(long lastChange) {
		upTo = lastChange;
	}

	/** Where the next look starts. */
	long from() {
		return Math.max(0, upTo - OVERLAP_MILLIS);
	}

	/** Whether a row seen in a look is new to this server; it then counts as taken. */
	boolean take(String key, long changedAt) {
		Long seen = taken.get(key);
		if (seen != null && seen >= changedAt) {
			return false;
		}
		taken.put(key, changedAt);
		upTo = Math.max(upTo, changedAt);
		return true;
	}

	/** Ends a look: forgets the rows too old to be seen again. */
	void lookEnded() {
		long forget = upTo - 2 * OVERLAP_MILLIS;
		taken.values().removeIf(changedAt -> changedAt < forget);
	}
}

package dev.chartcheck.check;

import dev.chartcheck.engine.Standard;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What the checks have done since the server started, for its metrics: records checked per standard and trigger,
 * gaps opened and closed per standard, failed audits per trigger, and how long write-time checks take. It holds
 * counts only, keyed by standard code and trigger (never a patient, a resource or a text), so that nothing in it
 * can be PHI; it has no Micrometer in it, so the plugin runs in a host without one.
 */
public class CheckActivity {

	/** What made a record be checked. */
	public enum Trigger {
		/** a client's write of a note, encounter, consent or claim */
		WRITE,
		/** a {@code $audit} answered in the request */
		AUDIT,
		/** a chunk of a background population audit */
		BACKGROUND;

		/** The metric tag value: {@code write}, {@code audit} or {@code background}. */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	private final Map<String, LongAdder> checks = new ConcurrentHashMap<>();
	private final Map<String, LongAdder> opened = new ConcurrentHashMap<>();
	private final Map<String, LongAdder> closed = new ConcurrentHashMap<>();
	private final Map<Trigger, LongAdder> failures = new ConcurrentHashMap<>();
	private final List<Consumer<Duration>> writeCheckTimers = new CopyOnWriteArrayList<>();

	/** {@code records} records were checked against each of {@code standards}. */
	public void checked(Trigger trigger, Collection<Standard> standards, int records) {
		for (Standard standard : standards) {
			adder(checks, key(standard.code(), trigger)).add(records);
		}
	}

	/** An audit failed (with a server error, not the caller's): a {@code $audit} call, or a background chunk. */
	public void failed(Trigger trigger) {
		adder(failures, trigger).increment();
	}

	/** A DetectedIssue of this standard became an open (or prospective) gap: created so, or reopened. */
	public void gapOpened(String standard) {
		adder(opened, standard).increment();
	}

	/** A DetectedIssue of this standard that was an open (or prospective) gap was closed. */
	public void gapClosed(String standard) {
		adder(closed, standard).increment();
	}

	/** One write-time check (the checks of one request's committed writes) took this long. */
	public void writeCheckTook(Duration duration) {
		writeCheckTimers.forEach(timer -> timer.accept(duration));
	}

	/** Where the durations of write-time checks go (a metrics timer). */
	public void onWriteCheckDuration(Consumer<Duration> timer) {
		writeCheckTimers.add(timer);
	}

	public double checks(String standard, Trigger trigger) {
		return count(checks, key(standard, trigger));
	}

	public double opened(String standard) {
		return count(opened, standard);
	}

	public double closed(String standard) {
		return count(closed, standard);
	}

	public double failures(Trigger trigger) {
		return count(failures, trigger);
	}

	private static String key(String standard, Trigger trigger) {
		return standard + "|" + trigger.tag();
	}

	private static <K> LongAdder adder(Map<K, LongAdder> counts, K key) {
		return counts.computeIfAbsent(key, k -> new LongAdder());
	}

	private static <K> double count(Map<K, LongAdder> counts, K key) {
		LongAdder adder = counts.get(key);
		return adder == null ? 0 : adder.sum();
	}
}

package dev.chartcheck.check;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Where the check core keeps each record's check state, so that findings can be kept current rather than computed
 * again (see docs/ARCHITECTURE.md#findings-kept-current). Every write to a patient's record counts up the record's
 * write count, in the write's own transaction; every write to what records share (clinicians, organizations,
 * medications) counts up one shared count. A persisted check of a whole record notes the counts it started from, the
 * configuration, the standards, when time alone would change a finding, and the record's compliance counts; while
 * none of that has moved, the stored gaps are what a check would find.
 */
public interface CheckStates {

	/**
	 * What a check that starts now is checked against: the record's write count and the count of writes to what
	 * records share. Read in the check's transaction, before the record is loaded.
	 */
	record Stamp(long writes, long shared) {}

	/**
	 * A record's state as its last persisted check left it.
	 *
	 * @param writes the record's write count now
	 * @param checkedAt the write count the check started from
	 * @param shared the count of writes to shared resources the check started from
	 * @param clones the clone comparison's stamp the check started from
	 * @param configuration the settings' digest
	 * @param standards the standards checked
	 * @param recheckAfter when time alone changes a finding; null when nothing does
	 * @param counts the record's compliance counts (see {@link dev.chartcheck.engine.AuditTally#counts()})
	 */
	record State(long writes, long checkedAt, long shared, String clones, String configuration, Set<String> standards,
			Instant recheckAfter, Map<String, Map<String, int[]>> counts) {

		/** Whether the stored gaps of {@code wanted} standards are what a check at {@code now} would find. */
		public boolean current(Set<String> wanted, Instant now, long sharedNow, String clonesNow, String configurationNow,
				boolean readsClones) {
			return writes == checkedAt
					&& shared == sharedNow
					&& configuration.equals(configurationNow)
					&& standards.containsAll(wanted)
					&& (recheckAfter == null || now.isBefore(recheckAfter))
					&& (!readsClones || clones.equals(clonesNow));
		}
	}

	/** The stamp of a record, read in the current transaction (its write count 0 when it has never been counted). */
	Stamp stamp(String patientId);

	/** The count of writes to shared resources now. */
	long shared();

	/**
	 * The state of the clone comparison: equal to an earlier stamp only when no note has been written, changed or
	 * removed since, through any server, and this server's comparison has not changed how it compares.
	 */
	String clonesStamp();

	/** Notes a persisted check's state, in the current transaction. */
	void record(String patientId, State state);

	/** The states of these patients ({@code Patient/123}) that have one, by patient. */
	Map<String, State> states(Collection<String> patientIds);

	/** Keeps nothing: every record is checked every time. */
	CheckStates NONE = new CheckStates() {
		@Override
		public Stamp stamp(String patientId) {
			return new Stamp(0, 0);
		}

		@Override
		public long shared() {
			return 0;
		}

		@Override
		public String clonesStamp() {
			return "";
		}

		@Override
		public void record(String patientId, State state) {}

		@Override
		public Map<String, State> states(Collection<String> patientIds) {
			return Map.of();
		}
	};
}

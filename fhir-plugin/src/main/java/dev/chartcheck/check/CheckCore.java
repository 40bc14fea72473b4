package dev.chartcheck.check;

import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.AuditTally;
import dev.chartcheck.engine.StandardResult;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.DetectedIssue;

/**
 * The one path of every check: load the record ({@link RecordSource}), run the standards over it under the
 * configured {@link CheckSettings}, plan the change to the patient's gaps ({@link GapPlan}) and, when persisting,
 * store it ({@link GapStore}) and let {@link Remediation} follow. Write-time checks, every {@code $audit} scope, the
 * background job and the CDS services all come here; what they add is how they are asked and how they answer.
 *
 * <p>Knows nothing of HAPI's server, JPA or Spring: storage is behind the three interfaces.
 */
public class CheckCore {

	/**
	 * A patient's record as checked, and the patient's DetectedIssues as the check leaves them.
	 *
	 * @param check the check; null when the record's findings were kept current and not computed again
	 * @param counts the record's compliance counts (see {@link AuditTally#counts()})
	 * @param kept whether the findings were taken from the stored gaps, the record unchanged since its last check
	 */
	public record Checked(RecordCheck check, List<DetectedIssue> issues, Map<String, Map<String, int[]>> counts, boolean kept) {

		Checked(RecordCheck check, List<DetectedIssue> issues) {
			this(check, issues, counts(check), false);
		}

		private static Map<String, Map<String, int[]>> counts(RecordCheck check) {
			AuditTally tally = new AuditTally(check.results().stream().map(StandardResult::standard).toList());
			tally.add(check);
			return tally.counts();
		}
	}

	/** No such patient: the record source does not know it. */
	public static final class UnknownPatient extends RuntimeException {
		public UnknownPatient(String patientId) {
			super(patientId + " is not known");
		}
	}

	/**
	 * Patients whose records are loaded together by {@link #checkAll}. Chosen by measurement (a full re-check of 50
	 * Synthea patients on H2, median of five: 5 patients 12.5 s, 10 12.5 s, 20 12.9 s, 50 14.5 s): H2 compares every
	 * link row of the chunk with the whole list of patients, so longer lists cost more; fewer, larger searches are
	 * what a database server favours. See docs/BENCHMARKS.md.
	 */
	public static final int CHUNK = 20;

	private final RecordSource records;
	private final GapStore gaps;
	private final Remediation remediation;
	private final CheckSettings settings;
	private final Clock clock;
	private final CheckStates states;
	private final String configuration;

	public CheckCore(RecordSource records, GapStore gaps, Remediation remediation, CheckSettings settings, Clock clock) {
		this(records, gaps, remediation, settings, clock, CheckStates.NONE, "");
	}

	/**
	 * @param states where each record's check state is kept (see {@link KeptCurrent})
	 * @param environment the settings beyond {@code settings} that can change a finding (how attachments are read, how
	 *     notes are compared), as text: a record checked under others is checked again
	 */
	public CheckCore(RecordSource records, GapStore gaps, Remediation remediation, CheckSettings settings, Clock clock,
			CheckStates states, String environment) {
		this.records = records;
		this.gaps = gaps;
		this.remediation = remediation;
		this.settings = settings;
		this.clock = clock;
		this.states = states;
		this.configuration = Fingerprints.sha256(settings.fingerprint() + "\n" + environment);
	}

	public CheckSettings settings() {
		return settings;
	}

	public Instant now() {
		return clock.instant();
	}

	/**
	 * One patient's record ({@code Patient/123}) with what {@code standards} read.
	 *
	 * @throws UnknownPatient when there is no such patient
	 */
	public RecordSnapshot load(String patientId, AuditPeriod period, Collection<Standard> standards) {
		RecordSnapshot record = records.load(List.of(patientId), period, RecordNeeds.of(standards, settings.codes())).get(patientId);
		if (record == null) {
			throw new UnknownPatient(patientId);
		}
		return record;
	}

	/** Runs the standards over a record already loaded, under the configured settings; stores nothing. */
	public RecordCheck evaluate(RecordSnapshot record, Collection<Standard> standards, Instant now) {
		return RecordCheck.run(record, standards, settings.context(now));
	}

	/** What {@code standards} find in a record already loaded, stored nowhere. */
	public List<Finding> findings(RecordSnapshot record, Collection<Standard> standards, Instant now) {
		return evaluate(record, standards, now).findings();
	}

	/**
	 * Checks one record and plans its gaps; stores them only when {@code persist}, then serialized with every other
	 * persisted check of the patient (see {@link GapStore#serialized}).
	 *
	 * @throws UnknownPatient when there is no such patient
	 */
	public Checked check(String patientId, AuditPeriod period, List<Standard> standards, boolean persist, Instant now) {
		if (!persist) {
			return checkNow(patientId, period, standards, false, now, null, false);
		}
		return gaps.serialized(patientId, () -> checkNow(patientId, period, standards, true, now, states.clonesStamp(), false));
	}

	/**
	 * Checks many records, handing each result to {@code each} in the order given. Records not persisted are loaded a
	 * chunk at a time ({@link #CHUNK} patients: one read per resource type for the chunk, the stored gaps of the chunk in
	 * one read), so memory holds one chunk, not the whole scope. Persisted checks load each record under the
	 * patient's lock, as {@link #check} does.
	 *
	 * @throws UnknownPatient when one of the patients is not stored
	 */
	public void checkAll(List<String> patientIds, AuditPeriod period, List<Standard> standards, boolean persist, Instant now,
			Consumer<Checked> each) {
		checkAll(patientIds, period, standards, persist, false, now, each);
	}

	/**
	 * As {@link #checkAll(List, AuditPeriod, List, boolean, Instant, Consumer)}; in the default (unbounded) period and
	 * unless {@code full}, a record unchanged since its last persisted check, under the same configuration and before
	 * time alone changes a finding, is not checked again: its stored gaps and counts answer (see {@link KeptCurrent}).
	 */
	public void checkAll(List<String> patientIds, AuditPeriod period, List<Standard> standards, boolean persist, boolean full,
			Instant now, Consumer<Checked> each) {
		boolean keep = !period.isBounded() && !full;
		// the clone comparison's stamp, read once: what kept records are judged against, and what persisted checks note
		String clones = persist || keep && standards.stream().anyMatch(Standard::readsClones) ? states.clonesStamp() : null;
		KeptCurrent kept = keep ? new KeptCurrent(states, gaps, standards, configuration, now, clones) : null;
		RecordNeeds needs = RecordNeeds.of(standards, settings.codes());
		RecordSource batch = records.batch();
		for (int from = 0; from < patientIds.size(); from += CHUNK) {
			List<String> chunk = patientIds.subList(from, Math.min(patientIds.size(), from + CHUNK));
			Map<String, Checked> current = kept == null ? Map.of() : kept.current(chunk);
			List<String> stale = chunk.stream().filter(p -> !current.containsKey(p)).toList();
			Map<String, Checked> checked = new java.util.HashMap<>(current);
			if (persist) {
				for (String patientId : stale) {
					checked.put(patientId,
							gaps.serialized(patientId, () -> checkNow(patientId, period, standards, true, now, clones, true)));
				}
			} else if (!stale.isEmpty()) {
				Map<String, RecordSnapshot> loaded = batch.load(stale, period, needs);
				Map<String, Map<String, DetectedIssue>> stored = gaps.existing(stale);
				for (String patientId : stale) {
					RecordSnapshot record = loaded.get(patientId);
					if (record == null) {
						throw new UnknownPatient(patientId);
					}
					RecordCheck check = evaluate(record, standards, now);
					GapPlan plan = GapPlan.of(check, stored.getOrDefault(patientId, Map.of()), period, now,
							settings.remediationPeriod());
					checked.put(patientId, new Checked(check, plan.issues()));
				}
			}
			chunk.forEach(patientId -> each.accept(checked.get(patientId)));
		}
	}

	/** A mark taken once a write has committed (see {@link GapStore#mark}). */
	public long writeMark() {
		return gaps.mark();
	}

	/**
	 * The write-time check: checks the record and stores its gaps, unless a check of the patient for at least these
	 * standards began after {@code writtenAt}; its findings then answer (see {@link GapStore#serializedAfter}).
	 *
	 * @param ran called when the check runs here (not when another check's findings answer)
	 * @return what the standards find in the record as it stands after the write
	 */
	public List<Finding> checkWritten(String patientId, List<Standard> standards, Instant now, long writtenAt, Runnable ran) {
		Set<String> scope = standards.stream().map(Standard::code).collect(Collectors.toSet());
		return gaps.serializedAfter(patientId, writtenAt, scope, () -> {
			List<Finding> findings = checkNow(patientId, AuditPeriod.ALL, standards, true, now, null, false).check().findings();
			ran.run();
			return findings;
		});
	}

	/**
	 * Checks a record and plans its gaps, storing them when {@code persist} (in the transaction of
	 * {@link GapStore#serialized}). A persisted check of the whole record (the unbounded period) with {@code clones} (the
	 * clone comparison's stamp, taken before it began) notes the record's state, so that its findings can be kept
	 * current; a write-time check (no stamp) checks only the standards its write can change and notes nothing. The
	 * record's compliance counts are computed when noted or {@code counted}.
	 */
	private Checked checkNow(String patientId, AuditPeriod period, List<Standard> standards, boolean persist, Instant now,
			String clones, boolean counted) {
		boolean noteState = persist && clones != null && !period.isBounded();
		CheckStates.Stamp stamp = noteState ? states.stamp(patientId) : null;
		RecordCheck check = evaluate(load(patientId, period, standards), standards, now);
		GapPlan plan = GapPlan.of(check, gaps.existing(patientId), period, now, settings.remediationPeriod());
		Checked checked = noteState || counted
				? new Checked(check, plan.issues())
				: new Checked(check, plan.issues(), Map.of(), false);
		if (persist) {
			if (!plan.writes().isEmpty()) {
				gaps.store(plan);
			}
			remediation.resolve(plan.issues(), now);
		}
		if (noteState) {
			states.record(patientId, new CheckStates.State(stamp.writes(), stamp.writes(), stamp.shared(), clones, configuration,
					standards.stream().map(Standard::code).collect(Collectors.toSet()), check.recheckAfter(), checked.counts()));
		}
		return checked;
	}
}

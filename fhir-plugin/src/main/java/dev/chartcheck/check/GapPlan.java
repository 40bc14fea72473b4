package dev.chartcheck.check;

import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.FindingKey;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Reference;

/**
 * How a record check changes the patient's DetectedIssues: one per finding key, created once, updated when the
 * finding changes, closed (never deleted) when the record no longer shows it, left as it is when nothing changed (no
 * new version). Pure: the plan is computed from the check and the stored issues, and a {@link GapStore} carries out
 * its {@link #writes()}.
 */
public final class GapPlan {

	/** One write: a create (with the finding key it is conditional on) or an update (of the version it was computed from). */
	public record Write(DetectedIssue issue, FindingKey key) {

		public boolean isCreate() {
			return key != null;
		}
	}

	private final String patientId;
	private final List<DetectedIssue> issues = new ArrayList<>();
	private final List<Write> writes = new ArrayList<>();

	private GapPlan(String patientId) {
		this.patientId = patientId;
	}

	/**
	 * The plan for one record check.
	 *
	 * @param existing the patient's stored DetectedIssues that carry a finding key, by key
	 * @param period the period audited: with a bounded one, a stored gap is closed only when the standard examined its
	 *     subject in it
	 */
	public static GapPlan of(RecordCheck check, Map<String, DetectedIssue> existing, AuditPeriod period, Instant now,
			Duration remediationPeriod) {
		RecordSnapshot record = check.record();
		GapPlan plan = new GapPlan(record.patientId());
		Map<String, Set<String>> examined = new HashMap<>();
		for (StandardResult result : check.results()) {
			examined.put(result.standard(), new HashSet<>(result.examined()));
		}

		Set<String> found = new HashSet<>();
		for (Finding finding : check.findings()) {
			FindingKey key = finding.key(record.patientId());
			found.add(key.value());
			DetectedIssue issue = existing.get(key.value());
			if (finding.status() == GapStatus.CLOSED) {
				// a documented exception (a refusal, say): it closes a gap that was raised, and raises none
				if (issue != null) {
					DetectedIssue excepted = issue.copy();
					DetectedIssueMapper.closeAsException(excepted, finding, now);
					plan.keepOrUpdate(issue, excepted);
				}
			} else if (issue == null) {
				plan.create(DetectedIssueMapper.create(key, finding, now, remediationPeriod), key);
			} else {
				DetectedIssue updated = issue.copy();
				DetectedIssueMapper.apply(updated, finding, now, remediationPeriod);
				plan.keepOrUpdate(issue, updated);
			}
		}
		Map<String, Map<String, String>> satisfiedBy = new HashMap<>();
		check.results().forEach(r -> satisfiedBy.put(r.standard(), r.satisfiedBy()));
		for (Map.Entry<String, DetectedIssue> entry : existing.entrySet()) {
			DetectedIssue issue = entry.getValue();
			FindingKey key = DetectedIssueMapper.key(issue);
			if (found.contains(entry.getKey()) || key == null || !examined.containsKey(key.standard())) {
				continue;
			}
			GapStatus status = DetectedIssueMapper.gapStatus(issue);
			boolean stillInPlay = status == GapStatus.OPEN || status == GapStatus.PROSPECTIVE;
			boolean judged = !period.isBounded() || examined.get(key.standard()).contains(key.subject());
			if (stillInPlay && judged) {
				DetectedIssue closed = issue.copy();
				DetectedIssueMapper.close(closed, now, fixedBy(record, key.subject(), satisfiedBy.get(key.standard()).get(key.subject())));
				plan.keepOrUpdate(issue, closed);
			} else {
				plan.keep(issue);
			}
		}
		return plan;
	}

	public String patientId() {
		return patientId;
	}

	/** The patient's DetectedIssues for the standards checked, as they stand once the writes are stored. */
	public List<DetectedIssue> issues() {
		return List.copyOf(issues);
	}

	/** What has to be stored; empty when the check changed nothing. */
	public List<Write> writes() {
		return List.copyOf(writes);
	}

	/**
	 * What fixed a gap: the resource that now satisfies the standard (the Communication to the PCP, the renewed
	 * Consent), else the version of the resource that now meets it, or its removal.
	 */
	private static String fixedBy(RecordSnapshot record, String subject, String satisfiedBy) {
		if (satisfiedBy != null) {
			return "resolved by " + satisfiedBy;
		}
		return record.resolve(new Reference(subject))
				.map(r -> subject + " version " + r.getIdElement().getVersionIdPart() + " meets the standard")
				.orElse(subject + " is no longer part of the patient's record");
	}

	private void create(DetectedIssue issue, FindingKey key) {
		issues.add(issue);
		writes.add(new Write(issue, key));
	}

	private void keepOrUpdate(DetectedIssue stored, DetectedIssue wanted) {
		if (stored.equalsDeep(wanted)) {
			issues.add(stored);
		} else {
			issues.add(wanted);
			writes.add(new Write(wanted, null));
		}
	}

	private void keep(DetectedIssue stored) {
		issues.add(stored);
	}
}

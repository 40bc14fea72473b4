package dev.chartcheck.check;

import dev.chartcheck.engine.FindingKey;
import dev.chartcheck.engine.Standard;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.DetectedIssue;

/**
 * Findings kept current: which records of a population audit need no new check, and what answers for them.
 *
 * <p>A record's stored gaps are what a check would find when, since its last persisted check of the whole record:
 * nothing was written to the record (its write count is the one the check started from); nothing was written to what
 * records share (clinicians, organizations, medications); the configuration is the same; the check covered the
 * standards now asked for; the clock has not reached the earliest instant at which time alone changes a finding (a
 * window closing, a consent expiring: {@link dev.chartcheck.engine.EvaluationContext#changesAt}); and, when the
 * clone check is asked for, no note was written anywhere and the comparison compares as it did. Such a record's
 * DetectedIssues of the standards it was judged by, and its compliance counts as the check noted them, answer for a
 * new check. Every other record is checked.
 */
final class KeptCurrent {

	private final CheckStates states;
	private final GapStore gaps;
	private final Set<String> wanted;
	private final String configuration;
	private final Instant now;
	private final boolean readsClones;
	private final long shared;
	private final String clones;

	/** @param clones the clone comparison's stamp now; read only when a standard asked for reads clones */
	KeptCurrent(CheckStates states, GapStore gaps, List<Standard> standards, String configuration, Instant now,
			String clones) {
		this.states = states;
		this.gaps = gaps;
		this.wanted = standards.stream().map(Standard::code).collect(Collectors.toSet());
		this.configuration = configuration;
		this.now = now;
		this.readsClones = standards.stream().anyMatch(Standard::readsClones);
		this.shared = states.shared();
		this.clones = readsClones ? clones : "";
	}

	/** The records of {@code patientIds} whose findings are current, answered from their stored state and gaps. */
	Map<String, CheckCore.Checked> current(Collection<String> patientIds) {
		Map<String, CheckStates.State> known = states.states(patientIds);
		List<String> current = patientIds.stream()
				.filter(p -> known.containsKey(p)
						&& known.get(p).current(wanted, now, shared, clones, configuration, readsClones))
				.toList();
		Map<String, CheckCore.Checked> answers = new LinkedHashMap<>();
		if (current.isEmpty()) {
			return answers;
		}
		Map<String, Map<String, DetectedIssue>> stored = gaps.existing(current);
		for (String patientId : current) {
			Map<String, Map<String, int[]>> counts = new LinkedHashMap<>(known.get(patientId).counts());
			counts.keySet().retainAll(wanted);
			Set<String> judged = new HashSet<>(counts.keySet());
			List<DetectedIssue> issues = new ArrayList<>();
			for (DetectedIssue issue : stored.getOrDefault(patientId, Map.of()).values()) {
				FindingKey key = DetectedIssueMapper.key(issue);
				if (key != null && judged.contains(key.standard())) {
					issues.add(issue);
				}
			}
			answers.put(patientId, new CheckCore.Checked(null, issues, counts, true));
		}
		return answers;
	}
}

package dev.chartcheck.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The result of running a set of standards over one patient's record.
 *
 * @param recheckAfter the earliest instant at which time alone changes a result (see
 *     {@link EvaluationContext#changesAt}); null when none does
 */
public record RecordCheck(RecordSnapshot record, List<StandardResult> results, Instant recheckAfter) {

	public RecordCheck {
		results = List.copyOf(results);
	}

	public RecordCheck(RecordSnapshot record, List<StandardResult> results) {
		this(record, results, null);
	}

	/**
	 * Runs each standard over the snapshot; a standard that {@linkplain Standard#canJudge cannot judge} it is left
	 * out. Pure: no I/O.
	 */
	public static RecordCheck run(RecordSnapshot record, Collection<Standard> standards, EvaluationContext context) {
		EvaluationContext own = context.fresh();
		List<StandardResult> results = new ArrayList<>(standards.size());
		for (Standard standard : standards) {
			if (standard.canJudge(record)) {
				results.add(standard.evaluate(record, own));
			}
		}
		return new RecordCheck(record, results, own.recheckAfter());
	}

	public List<Finding> findings() {
		return results.stream().flatMap(r -> r.findings().stream()).toList();
	}
}

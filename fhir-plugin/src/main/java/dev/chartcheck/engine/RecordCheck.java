package dev.chartcheck.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The result of running a set of standards over one patient's record. */
public record RecordCheck(RecordSnapshot record, List<StandardResult> results) {

	public RecordCheck {
		results = List.copyOf(results);
	}

	/**
	 * Runs each standard over the snapshot; a standard that {@linkplain Standard#canJudge cannot judge} it is left
	 * out. Pure: no I/O.
	 */
	public static RecordCheck run(RecordSnapshot record, Collection<Standard> standards, EvaluationContext context) {
		List<StandardResult> results = new ArrayList<>(standards.size());
		for (Standard standard : standards) {
			if (standard.canJudge(record)) {
				results.add(standard.evaluate(record, context));
			}
		}
		return new RecordCheck(record, results);
	}

	public List<Finding> findings() {
		return results.stream().flatMap(r -> r.findings().stream()).toList();
	}
}

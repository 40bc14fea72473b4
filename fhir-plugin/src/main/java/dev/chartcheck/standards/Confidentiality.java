package dev.chartcheck.standards;

import dev.chartcheck.engine.BehavioralHealthCare;
import dev.chartcheck.engine.ConfidentialityLabels;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;

/**
 * Records kept in a secure environment that protects confidentiality (docs/STANDARDS.md#confidentiality):
 * behavioral-health notes carry a confidentiality label (R or V), and substance-use treatment notes
 * the 42 CFR Part 2 label, so that access control can protect them.
 */
public final class Confidentiality extends BehavioralHealthStandard {

	public static final String CODE = "confidentiality";


	@Override
	public String code() {
		return CODE;
	}

	@Override
	void evaluate(RecordSnapshot record, EvaluationContext context, BehavioralHealthCare care, StandardResult.Builder result) {
		for (DocumentReference note : record.notes()) {
			Optional<Encounter> encounter = note.getContext().getEncounter().stream()
					.map(ref -> record.resolve(ref, Encounter.class))
					.flatMap(Optional::stream)
					.filter(care::isBehavioralHealth)
					.findFirst();
			if (encounter.isEmpty()) {
				continue;
			}
			result.examined(RecordSnapshot.idOf(note));
			boolean part2 = ConfidentialityLabels.part2(note);
			boolean restricted = ConfidentialityLabels.restricted(note);
			String problem = null;
			if (care.isSubstanceUse(encounter.get()) && !part2) {
				problem = "This substance-use treatment note is not labeled 42CFRPart2, so its special protection"
						+ " under 42 CFR Part 2 cannot be enforced.";
			} else if (!restricted) {
				problem = "This behavioral-health note carries no confidentiality label (R or V), so access to it"
						+ " cannot be restricted.";
			}
			if (problem != null) {
				result.finding(Finding.on(CODE, record, note, GapStatus.OPEN, "high", problem,
						"DocumentReference.meta.security", List.of()));
			}
		}
	}
}

package dev.chartcheck.standards;

import dev.chartcheck.engine.BehavioralHealthCare;
import dev.chartcheck.engine.BehavioralHealthCare.Episode;
import dev.chartcheck.engine.BirthDate;
import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.CodeSet;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;

/**
 * Performance of a developmental history, as appropriate (docs/STANDARDS.md#developmental-history): a patient who was
 * under 18 at the initial evaluation of a behavioral-health episode has a developmental history documented.
 */
public final class DevelopmentalHistory extends BehavioralHealthStandard {

	public static final String CODE = "developmental-history";

	private static final int ADULT = 18;

	@Override
	public String code() {
		return CODE;
	}

	@Override
	void evaluate(RecordSnapshot record, EvaluationContext context, BehavioralHealthCare care, StandardResult.Builder result) {
		Optional<LocalDate> birth = BirthDate.of(record.patient());
		if (birth.isEmpty()) {
			return;
		}
		Optional<DocumentReference> history = developmentalHistory(record, context);
		for (Episode episode : care.episodes()) {
			Encounter evaluation = episode.initialEvaluation();
			LocalDate evaluated = episode.start().atZone(ZoneOffset.UTC).toLocalDate();
			int age = Period.between(birth.get(), evaluated).getYears();
			if (age >= ADULT || !record.encounters().contains(evaluation)) {
				continue;
			}
			String id = RecordSnapshot.idOf(evaluation);
			result.examined(id);
			if (history.isPresent()) {
				result.satisfiedBy(id, RecordSnapshot.idOf(history.get()));
				continue;
			}
			context.changesAt(episode.start().plus(context.windows().documentation()));
			boolean overdue = episode.start().plus(context.windows().documentation()).isBefore(context.now());
			result.finding(Finding.on(CODE, record, evaluation,
					overdue ? GapStatus.OPEN : GapStatus.PROSPECTIVE,
					"moderate",
					"The patient was " + age + " at this initial behavioral-health evaluation and no developmental"
							+ " history is documented.",
					null,
					List.of()));
		}
	}

	private static Optional<DocumentReference> developmentalHistory(RecordSnapshot record, EvaluationContext context) {
		CodeSet notes = context.codes().get(ClinicalCodes.DEVELOPMENTAL_HISTORY_NOTE);
		return record.allNotes().stream()
				.filter(n -> notes.contains(n.getType()) || notes.containsAny(n.getCategory()))
				.findFirst();
	}
}

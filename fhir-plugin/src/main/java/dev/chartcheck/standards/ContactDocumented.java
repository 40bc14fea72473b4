package dev.chartcheck.standards;

import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Encounter;

/**
 * Documentation of all contacts (docs/STANDARDS.md#contact-documented): every encounter that has ended (or began)
 * more than the documentation window ago has at least one note whose context points to it. One that ended within the
 * window and has no note yet is a prospective gap.
 */
public final class ContactDocumented implements Standard {

	public static final String CODE = "contact-documented";

	private static final Set<EncounterStatus> NOT_A_CONTACT =
			EnumSet.of(EncounterStatus.PLANNED, EncounterStatus.CANCELLED, EncounterStatus.ENTEREDINERROR);

	@Override
	public Set<String> affectedBy() {
		return Set.of("DocumentReference", "Encounter");
	}

	@Override
	public String code() {
		return CODE;
	}

	@Override
	public StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
		StandardResult.Builder result = new StandardResult.Builder(CODE);
		for (Encounter encounter : record.encounters()) {
			Instant reference = referenceTime(encounter, context.now());
			if (encounter.getPeriod().hasEnd()) {
				context.changesAt(encounter.getPeriod().getEnd().toInstant());
			}
			context.changesAt(reference);
			if (NOT_A_CONTACT.contains(encounter.getStatus()) || reference == null || reference.isAfter(context.now())) {
				continue;
			}
			String id = RecordSnapshot.idOf(encounter);
			result.examined(id);
			if (!record.notesFor(id).isEmpty()) {
				continue;
			}
			Instant due = reference.plus(context.windows().documentation());
			context.changesAt(due);
			boolean overdue = due.isBefore(context.now());
			result.finding(Finding.on(CODE, record, encounter, overdue ? GapStatus.OPEN : GapStatus.PROSPECTIVE,
					"moderate",
					overdue
							? "This encounter has no note documenting it."
							: "This encounter has no note yet; one is due within the documentation window.",
					"Encounter",
					List.of()));
		}
		return result.build();
	}

	/**
	 * When the contact took place for documentation purposes: its end once that has passed, else its start
	 * (an ongoing encounter, or one whose end is only planned, needs a note once it began long enough ago).
	 */
	private static Instant referenceTime(Encounter encounter, Instant now) {
		if (encounter.getPeriod().hasEnd() && !encounter.getPeriod().getEnd().toInstant().isAfter(now)) {
			return encounter.getPeriod().getEnd().toInstant();
		}
		return encounter.getPeriod().hasStart() ? encounter.getPeriod().getStart().toInstant() : null;
	}
}

package dev.chartcheck.standards;

import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;

/** Each entry dated (docs/STANDARDS.md#dated): every note has a date, every finished encounter a start. */
public final class Dated implements Standard {

	public static final String CODE = "dated";

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
		for (DocumentReference note : record.notes()) {
			String id = RecordSnapshot.idOf(note);
			result.examined(id);
			if (!note.hasDate()) {
				result.finding(Finding.on(CODE, record, note, GapStatus.OPEN,
						"moderate",
						"This note has no date.",
						"DocumentReference.date",
						List.of()));
			}
		}
		for (Encounter encounter : record.encounters()) {
			if (encounter.getStatus() != Encounter.EncounterStatus.FINISHED) {
				continue;
			}
			String id = RecordSnapshot.idOf(encounter);
			result.examined(id);
			if (!encounter.getPeriod().hasStart()) {
				result.finding(Finding.on(CODE, record, encounter, GapStatus.OPEN,
						"moderate",
						"This finished encounter has no start date.",
						"Encounter.period.start",
						List.of()));
			}
		}
		return result.build();
	}
}

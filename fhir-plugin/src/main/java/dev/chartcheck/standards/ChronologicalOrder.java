package dev.chartcheck.standards;

import dev.chartcheck.engine.BirthDate;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.DocumentReference.DocumentRelationshipType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;

/**
 * Entries maintained in consistent chronological order (docs/STANDARDS.md#chronological-order): nothing dated in the
 * future, before the patient's birth, or before its encounter began; an addendum dated after what it amends; and a
 * note written more than the late-entry window after its encounter ended is a late entry.
 */
public final class ChronologicalOrder implements Standard {

	public static final String CODE = "chronological-order";

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
		Optional<Instant> birth = birth(record);
		Instant latestAllowed = context.now().plus(context.windows().clockSkew());
		for (DocumentReference note : record.notes()) {
			if (!note.hasDate()) {
				continue; // undated notes are the dated standard's gap; their order cannot be judged
			}
			String id = RecordSnapshot.idOf(note);
			result.examined(id);
			Instant date = note.getDate().toInstant();
			List<String> problems = new ArrayList<>();
			List<String> evidence = new ArrayList<>();
			boolean lateOnly = true;
			context.changesAt(date.minus(context.windows().clockSkew()));
			if (date.isAfter(latestAllowed)) {
				problems.add("it is dated in the future");
				lateOnly = false;
			}
			if (birth.isPresent() && date.isBefore(birth.get())) {
				problems.add("it is dated before the patient's birth");
				lateOnly = false;
			}
			for (Reference ref : note.getContext().getEncounter()) {
				Optional<Encounter> encounter = record.resolve(ref, Encounter.class);
				if (encounter.isEmpty()) {
					continue;
				}
				if (encounter.get().getPeriod().hasStart() && date.isBefore(encounter.get().getPeriod().getStart().toInstant())) {
					problems.add("it is dated before its encounter began");
					evidence.add(RecordSnapshot.idOf(encounter.get()));
					lateOnly = false;
				} else if (encounter.get().getPeriod().hasEnd()) {
					Instant end = encounter.get().getPeriod().getEnd().toInstant();
					if (date.isAfter(end.plus(context.windows().lateEntry()))) {
						problems.add("it is a late entry, written " + Duration.between(end, date).toDays()
								+ " days after its encounter ended");
						evidence.add(RecordSnapshot.idOf(encounter.get()));
					}
				}
			}
			for (DocumentReference.DocumentReferenceRelatesToComponent relation : note.getRelatesTo()) {
				if (relation.getCode() != DocumentRelationshipType.APPENDS
						&& relation.getCode() != DocumentRelationshipType.REPLACES) {
					continue;
				}
				Optional<DocumentReference> original = record.resolve(relation.getTarget(), DocumentReference.class);
				if (original.isPresent() && original.get().hasDate() && date.isBefore(original.get().getDate().toInstant())) {
					problems.add("it amends a note that is dated after it");
					evidence.add(RecordSnapshot.idOf(original.get()));
					lateOnly = false;
				}
			}
			if (!problems.isEmpty()) {
				result.finding(Finding.on(CODE, record, note, GapStatus.OPEN,
						lateOnly ? "low" : "moderate",
						"This note is out of chronological order: " + String.join("; ", problems) + ".",
						"DocumentReference.date",
						evidence));
			}
		}
		for (Encounter encounter : record.encounters()) {
			if (!encounter.getPeriod().hasStart()) {
				continue;
			}
			String id = RecordSnapshot.idOf(encounter);
			result.examined(id);
			Instant start = encounter.getPeriod().getStart().toInstant();
			List<String> problems = new ArrayList<>();
			if (birth.isPresent() && start.isBefore(birth.get())) {
				problems.add("it began before the patient's birth");
			}
			context.changesAt(start.minus(context.windows().clockSkew()));
			if (encounter.getStatus() == Encounter.EncounterStatus.FINISHED && start.isAfter(latestAllowed)) {
				problems.add("it is finished but dated in the future");
			}
			if (!problems.isEmpty()) {
				result.finding(Finding.on(CODE, record, encounter, GapStatus.OPEN,
						"moderate",
						"This encounter is out of chronological order: " + String.join("; ", problems) + ".",
						"Encounter.period.start",
						List.of()));
			}
		}
		return result.build();
	}

	/** The start of the patient's day of birth, in UTC. */
	private static Optional<Instant> birth(RecordSnapshot record) {
		return BirthDate.of(record.patient()).map(day -> day.atStartOfDay(ZoneOffset.UTC).toInstant());
	}
}

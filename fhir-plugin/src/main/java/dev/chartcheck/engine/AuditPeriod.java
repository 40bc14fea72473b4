package dev.chartcheck.engine;

import java.time.Instant;
import java.util.function.Function;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;

/**
 * The part of a record an audit looks at: entries dated from {@code start} (inclusive) to {@code end}
 * (exclusive). Either bound may be open. Entries that carry no date stay in scope when their encounter is
 * (or they have none), so that the {@code dated} standard still sees them.
 */
public record AuditPeriod(Instant start, Instant end) {

	public static final AuditPeriod ALL = new AuditPeriod(null, null);

	public AuditPeriod {
		if (start != null && end != null && end.isBefore(start)) {
			throw new IllegalArgumentException("The period ends before it starts");
		}
	}

	public boolean isBounded() {
		return start != null || end != null;
	}

	public boolean contains(Instant instant) {
		return (start == null || !instant.isBefore(start)) && (end == null || instant.isBefore(end));
	}

	/**
	 * An encounter is in scope when its period overlaps the audit period, or it has no period at all. An
	 * encounter without an end is ongoing unless it is finished (then it lasted an instant).
	 */
	public boolean includes(Encounter encounter) {
		if (!isBounded()) {
			return true;
		}
		Instant from = encounter.getPeriod().hasStart() ? encounter.getPeriod().getStart().toInstant() : null;
		Instant to = encounter.getPeriod().hasEnd() ? encounter.getPeriod().getEnd().toInstant() : null;
		if (from == null && to == null) {
			return true;
		}
		boolean ongoing = to == null && encounter.getStatus() != Encounter.EncounterStatus.FINISHED;
		if (from == null) {
			from = to;
		}
		if (to == null) {
			to = from;
		}
		return (end == null || from.isBefore(end)) && (start == null || ongoing || !to.isBefore(start));
	}

	/** A note is in scope when its date is; an undated note goes with its encounter. */
	public boolean includes(DocumentReference note, Function<Reference, Encounter> encounterOf) {
		if (!isBounded()) {
			return true;
		}
		if (note.hasDate()) {
			return contains(note.getDate().toInstant());
		}
		for (Reference ref : note.getContext().getEncounter()) {
			Encounter encounter = encounterOf.apply(ref);
			if (encounter != null) {
				return includes(encounter);
			}
		}
		return true;
	}
}

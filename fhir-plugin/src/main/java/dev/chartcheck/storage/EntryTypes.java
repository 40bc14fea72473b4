package dev.chartcheck.storage;

import ca.uhn.fhir.model.api.Include;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.EntryDates;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/**
 * The entry types beyond the core record that some standards read (see
 * {@link dev.chartcheck.engine.Standard#readsResourceTypes()}): what each search brings along, so that a finding
 * names who answers for it, and when an entry falls within the audit period.
 */
final class EntryTypes {

	/** The types, each with the {@code _include}s of its search. */
	static final Map<String, List<Include>> INCLUDES = Map.of(
			"Observation", List.of(new Include("Observation:performer"), new Include("PractitionerRole:practitioner", true)),
			"Immunization", List.of(),
			"Procedure", List.of(),
			"ServiceRequest", List.of(),
			"EpisodeOfCare", List.of(),
			"CarePlan", List.of(),
			"Claim", List.of(
					new Include("Claim:provider"),
					new Include("Claim:care-team"),
					new Include("PractitionerRole:practitioner", true)));

	/** Every type, as a record loaded whole has them. */
	static final Set<String> ALL = INCLUDES.keySet();

	private EntryTypes() {}

	/** An entry is in scope when its date is in the period; an entry without one always is. */
	static boolean inScope(Resource entry, AuditPeriod period) {
		return EntryDates.of(entry).map(period::contains).orElse(true);
	}
}

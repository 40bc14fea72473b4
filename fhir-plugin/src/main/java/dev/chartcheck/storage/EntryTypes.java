package dev.chartcheck.storage;

import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.EntryDates;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/**
 * The entry types beyond the core record that some standards read (see
 * {@link dev.chartcheck.engine.Standard#readsResourceTypes()}), and when an entry falls within the audit period.
 * What they point to is loaded with them ({@link RecordTargets}).
 */
final class EntryTypes {

	/** Every type, as a record loaded whole has them. */
	static final Set<String> ALL = Set.of(
			"Observation", "Immunization", "Procedure", "ServiceRequest", "EpisodeOfCare", "CarePlan", "Claim");

	private EntryTypes() {}

	/** An entry is in scope when its date is in the period; an entry without one always is. */
	static boolean inScope(Resource entry, AuditPeriod period) {
		return EntryDates.of(entry).map(period::contains).orElse(true);
	}
}

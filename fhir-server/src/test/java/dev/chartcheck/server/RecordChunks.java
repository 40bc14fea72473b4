package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.chartcheck.check.CheckCore;
import dev.chartcheck.check.RecordNeeds;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.AuditTally;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.storage.RecordSnapshotLoader;
import dev.chartcheck.storage.SearchResults;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * Records loaded a chunk of patients at a time (one search per resource type for the chunk, the clinicians and
 * organizations shared) must be checked exactly as records loaded one by one: the same examined resources, the same
 * findings, the same compliance counts per practitioner and licensure, in the default period and in a bounded one.
 */
final class RecordChunks {

	private RecordChunks() {}

	/** Compares, for every patient stored, the record loaded in chunks with the record loaded alone; returns how many. */
	static int assertLoadedTogetherAsAlone(DaoRegistry daos, RecordSnapshotLoader loader, CheckCore core, List<Standard> standards) {
		List<String> patients = new ArrayList<>();
		for (IBaseResource patient : SearchResults.all(
				daos.getResourceDao("Patient").search(SearchParameterMap.newSynchronous(), new SystemRequestDetails()))) {
			patients.add("Patient/" + patient.getIdElement().getIdPart());
		}
		Instant now = core.now();
		for (AuditPeriod period : List.of(AuditPeriod.ALL,
				new AuditPeriod(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-12-31T23:59:59Z")))) {
			for (int from = 0; from < patients.size(); from += CheckCore.CHUNK) {
				List<String> chunk = patients.subList(from, Math.min(patients.size(), from + CheckCore.CHUNK));
				Map<String, RecordSnapshot> together = loader.load(chunk, period, RecordNeeds.of(standards));
				assertThat(together.keySet()).containsExactlyElementsOf(chunk);
				for (String patient : chunk) {
					RecordCheck alone = core.evaluate(loader.load(new IdType(patient), period, null, standards), standards, now);
					RecordCheck chunked = core.evaluate(together.get(patient), standards, now);
					assertThat(chunked.results()).as("%s in %s", patient, period).isEqualTo(alone.results());
					assertThat(tally(chunked, standards)).as("%s in %s: compliance counts", patient, period)
							.isEqualTo(tally(alone, standards));
				}
			}
		}
		return patients.size();
	}

	/** The counts a population audit takes from a record, as comparable text. */
	private static String tally(RecordCheck check, List<Standard> standards) {
		AuditTally tally = new AuditTally(standards.stream().map(Standard::code).toList());
		tally.add(check);
		StringBuilder text = new StringBuilder();
		tally.counts().forEach((standard, counts) -> counts.forEach((key, pair) ->
				text.append(standard).append(' ').append(key).append(' ').append(pair[0]).append('/').append(pair[1]).append('\n')));
		return text.toString();
	}
}

package dev.chartcheck.check;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.DetectedIssue;

/** Where the check core keeps the gaps: in the server, the DetectedIssues in its own database. */
public interface GapStore {

	/** The patient's ({@code Patient/123}) stored DetectedIssues that carry a finding key, by key. */
	default Map<String, DetectedIssue> existing(String patientId) {
		return existing(List.of(patientId)).getOrDefault(patientId, Map.of());
	}

	/** As {@link #existing(String)} for several patients read together: by patient, then by key. */
	Map<String, Map<String, DetectedIssue>> existing(Collection<String> patientIds);

	/**
	 * Stores the plan's writes together (all or none): creates conditional on their finding key, updates on the version
	 * they were computed from. Each created issue gets its id.
	 */
	void store(GapPlan plan);

	/**
	 * Runs {@code work} for one patient as one transaction, serialized with every other persisted check of the patient
	 * (across every server on the database), run again on a conflict.
	 */
	<T> T serialized(String patientId, Supplier<T> work);

	/**
	 * As {@link #serialized}, for the check a write asks for once it has committed (at {@code writtenAt}, see
	 * {@link #mark}): when a check of the patient for at least the standards in {@code scope} began after that, its
	 * result answers for this one.
	 */
	<T> T serializedAfter(String patientId, long writtenAt, Set<String> scope, Supplier<T> work);

	/** A point in this server's order of events, taken once a write has committed. */
	long mark();
}

package dev.chartcheck.engine;

import java.util.Set;

/**
 * One documentation standard: reads a patient's record snapshot and reports what it examined and the
 * gaps it found. Implementations are pure: no I/O, no HTTP, no persistence.
 */
public interface Standard {

	/** The standard's code in the {@code documentation-standard} CodeSystem, e.g. {@code dated}. */
	String code();

	/** The clinical resource types whose writes the write-time checks answer by running this standard again. */
	Set<String> ALL_WRITES = Set.of("DocumentReference", "Encounter", "Consent");

	/**
	 * The written resource types that can change this standard's outcome (of DocumentReference, Encounter, Consent
	 * and Claim): a write of any other type does not run it. The three clinical types by default.
	 */
	default Set<String> affectedBy() {
		return ALL_WRITES;
	}

	/**
	 * Whether this standard reads what notes say ({@link RecordSnapshot#content}): the record is then loaded with
	 * its attachments decoded and extracted, which costs more than the resources alone.
	 */
	default boolean readsNoteContent() {
		return false;
	}

	/**
	 * Whether this standard reads how the record's notes compare with every stored note
	 * ({@link RecordSnapshot#clones}): the record is then loaded with that comparison, which also reads the notes'
	 * content.
	 */
	default boolean readsClones() {
		return false;
	}

	/**
	 * Whether the snapshot holds what this standard needs to judge the record. A standard that cannot judge it is
	 * left out of the check entirely, so that its gaps on record are neither raised nor closed.
	 */
	default boolean canJudge(RecordSnapshot record) {
		return true;
	}

	/**
	 * The resource types beyond the core record (notes, encounters, consents, communications, care teams, provenance,
	 * medication requests) that this standard reads, such as {@code Observation} or {@code Claim}: the record is loaded
	 * with them (see {@link RecordSnapshot#entries}) only when a standard checked reads them. None by default.
	 */
	default Set<String> readsResourceTypes() {
		return Set.of();
	}

	/**
	 * The Observation codes ({@code system|code}) this standard reads, under the configured {@code codes}, when it reads
	 * Observations (see {@link #readsResourceTypes()}): the record is then loaded with the Observations of those codes
	 * only (a patient's vital signs and laboratory results can run to thousands), and
	 * {@link RecordSnapshot#holdsObservations()} says whether it holds others. Null (the default) reads Observations of
	 * every code.
	 */
	default Set<String> readsObservationCodes(ClinicalCodes codes) {
		return null;
	}

	/** Checks the record as of {@code context.now()}. */
	StandardResult evaluate(RecordSnapshot record, EvaluationContext context);
}

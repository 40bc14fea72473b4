package dev.chartcheck.engine;

import java.time.Instant;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * When a clinical entry of the further types took place, as the standards and the audit period read it: an
 * Observation's {@code effective[x]} (else {@code issued}), an Immunization's occurrence, a Procedure's
 * {@code performed[x]}, a ServiceRequest's {@code authoredOn}, a Claim's {@code created} (else its billable period),
 * the start of an EpisodeOfCare's or CarePlan's period. Empty when the entry carries no such date.
 */
public final class EntryDates {

	private EntryDates() {}

	public static Optional<Instant> of(Resource entry) {
		Instant at = null;
		if (entry instanceof Observation observation) {
			at = observation(observation);
		} else if (entry instanceof Immunization immunization) {
			at = immunization.hasOccurrenceDateTimeType() && immunization.getOccurrenceDateTimeType().hasValue()
					? immunization.getOccurrenceDateTimeType().getValue().toInstant()
					: null;
		} else if (entry instanceof Procedure procedure) {
			at = procedure(procedure);
		} else if (entry instanceof ServiceRequest request) {
			at = request.hasAuthoredOn() ? request.getAuthoredOn().toInstant() : null;
		} else if (entry instanceof Claim claim) {
			at = claim.hasCreated() ? claim.getCreated().toInstant()
					: claim.getBillablePeriod().hasStart() ? claim.getBillablePeriod().getStart().toInstant() : null;
		} else if (entry instanceof EpisodeOfCare episode) {
			at = episode.getPeriod().hasStart() ? episode.getPeriod().getStart().toInstant() : null;
		} else if (entry instanceof CarePlan plan) {
			at = plan.getPeriod().hasStart() ? plan.getPeriod().getStart().toInstant() : null;
		}
		return Optional.ofNullable(at);
	}

	private static Instant observation(Observation observation) {
		if (observation.hasEffectiveDateTimeType() && observation.getEffectiveDateTimeType().hasValue()) {
			return observation.getEffectiveDateTimeType().getValue().toInstant();
		}
		if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
			return observation.getEffectivePeriod().getStart().toInstant();
		}
		if (observation.hasEffectiveInstantType() && observation.getEffectiveInstantType().hasValue()) {
			return observation.getEffectiveInstantType().getValue().toInstant();
		}
		return observation.hasIssued() ? observation.getIssued().toInstant() : null;
	}

	private static Instant procedure(Procedure procedure) {
		if (procedure.hasPerformedDateTimeType() && procedure.getPerformedDateTimeType().hasValue()) {
			return procedure.getPerformedDateTimeType().getValue().toInstant();
		}
		if (procedure.hasPerformedPeriod() && procedure.getPerformedPeriod().hasStart()) {
			return procedure.getPerformedPeriod().getStart().toInstant();
		}
		return null;
	}
}

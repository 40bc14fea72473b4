package dev.chartcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

class EntryDatesTest {

	private static final String AT = "2026-03-02T10:00:00Z";

	@Test
	void anObservationIsDatedByItsEffectiveTimeElseWhenItWasIssued() {
		Observation observation = new Observation();
		assertThat(EntryDates.of(observation)).isEmpty();

		observation.setIssued(java.util.Date.from(Instant.parse("2026-03-03T08:00:00Z")));
		assertThat(EntryDates.of(observation)).contains(Instant.parse("2026-03-03T08:00:00Z"));

		observation.setEffective(new Period().setStartElement(new DateTimeType(AT)));
		assertThat(EntryDates.of(observation)).contains(Instant.parse(AT));

		observation.setEffective(new InstantType("2026-03-01T10:00:00Z"));
		assertThat(EntryDates.of(observation)).contains(Instant.parse("2026-03-01T10:00:00Z"));
	}

	@Test
	void immunizationsProceduresAndClaimsAreDatedByTheirOwnElements() {
		Immunization immunization = new Immunization();
		immunization.setOccurrence(new StringType("last autumn"));
		assertThat(EntryDates.of(immunization)).as("an occurrence in words has no date").isEmpty();
		immunization.setOccurrence(new DateTimeType(AT));
		assertThat(EntryDates.of(immunization)).contains(Instant.parse(AT));

		Procedure procedure = new Procedure();
		procedure.setPerformed(new Period().setStartElement(new DateTimeType(AT)));
		assertThat(EntryDates.of(procedure)).contains(Instant.parse(AT));

		Claim claim = new Claim();
		claim.getBillablePeriod().setStartElement(new DateTimeType("2026-03-01T00:00:00Z"));
		assertThat(EntryDates.of(claim)).contains(Instant.parse("2026-03-01T00:00:00Z"));
		claim.setCreatedElement(new DateTimeType(AT));
		assertThat(EntryDates.of(claim)).contains(Instant.parse(AT));
	}
}

package dev.chartcheck.engine;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.Patient;

/** A patient's birth date as a calendar day (FHIR birth dates carry no time zone and may be partial). */
public final class BirthDate {

	private BirthDate() {}

	/** The birth day; a year-only or year-month date counts from its first day. */
	public static Optional<LocalDate> of(Patient patient) {
		if (!patient.hasBirthDate()) {
			return Optional.empty();
		}
		String value = patient.getBirthDateElement().getValueAsString();
		return Optional.of(LocalDate.parse(value.length() >= 10 ? value.substring(0, 10)
				: value.length() == 7 ? value + "-01" : value + "-01-01"));
	}
}

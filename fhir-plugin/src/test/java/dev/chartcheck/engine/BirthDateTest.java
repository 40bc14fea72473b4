package dev.chartcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class BirthDateTest {

	private static Patient bornOn(String value) {
		Patient patient = new Patient();
		patient.setBirthDateElement(new DateType(value));
		return patient;
	}

	@Test
	void aFullBirthDateIsThatDay() {
		assertThat(BirthDate.of(bornOn("2008-03-02"))).contains(LocalDate.of(2008, 3, 2));
	}

	@Test
	void aPartialBirthDateCountsFromItsFirstDay() {
		assertThat(BirthDate.of(bornOn("2008-07"))).contains(LocalDate.of(2008, 7, 1));
		assertThat(BirthDate.of(bornOn("2008"))).contains(LocalDate.of(2008, 1, 1));
	}

	@Test
	void noBirthDateIsEmpty() {
		assertThat(BirthDate.of(new Patient())).isEmpty();
	}
}

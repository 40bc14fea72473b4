package dev.chartcheck.standards;

import dev.chartcheck.engine.EntryDates;
import dev.chartcheck.engine.ScreeningCutOffs;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;

/**
 * A scored depression or alcohol-use screen (docs/STANDARDS.md#screening-follow-up): an Observation of a PHQ-2, PHQ-9
 * or AUDIT-C total, with its score (in {@code valueQuantity} or {@code valueInteger}) and when it was taken.
 */
record Screen(Observation observation, Instrument instrument, BigDecimal score, Instant at) {

	/** The screening instruments, by their LOINC totals. */
	enum Instrument {
		PHQ2("55758-7", "PHQ-2", true),
		PHQ9("44261-6", "PHQ-9", true),
		AUDIT_C("75626-2", "AUDIT-C", false);

		final String loinc;
		final String label;
		final boolean depression;

		Instrument(String loinc, String label, boolean depression) {
			this.loinc = loinc;
			this.label = label;
			this.depression = depression;
		}
	}

	static final String LOINC = "http://loinc.org";

	/** Results that were not obtained, or were withdrawn. */
	private static final Set<Observation.ObservationStatus> NOT_DONE = EnumSet.of(
			Observation.ObservationStatus.REGISTERED,
			Observation.ObservationStatus.CANCELLED,
			Observation.ObservationStatus.ENTEREDINERROR);

	/** The instruments' codes, as {@code system|code}. */
	static Set<String> codes() {
		return Arrays.stream(Instrument.values()).map(i -> LOINC + "|" + i.loinc).collect(Collectors.toSet());
	}

	/** The screen an Observation records, if it is one with a score and a date. */
	static Optional<Screen> of(Observation observation) {
		if (NOT_DONE.contains(observation.getStatus())) {
			return Optional.empty();
		}
		for (Instrument instrument : Instrument.values()) {
			if (observation.getCode().hasCoding(LOINC, instrument.loinc)) {
				Optional<Instant> at = EntryDates.of(observation);
				Optional<BigDecimal> score = score(observation);
				return at.isPresent() && score.isPresent()
						? Optional.of(new Screen(observation, instrument, score.get(), at.get()))
						: Optional.empty();
			}
		}
		return Optional.empty();
	}

	private static Optional<BigDecimal> score(Observation observation) {
		if (observation.hasValueQuantity() && observation.getValueQuantity().hasValue()) {
			return Optional.of(observation.getValueQuantity().getValue());
		}
		if (observation.hasValueIntegerType() && observation.getValueIntegerType().hasValue()) {
			return Optional.of(BigDecimal.valueOf(observation.getValueIntegerType().getValue()));
		}
		return Optional.empty();
	}

	/** Whether the score reaches the instrument's cut-off; AUDIT-C's depends on the patient's sex. */
	boolean positive(ScreeningCutOffs cutOffs, AdministrativeGender gender) {
		int cutOff = switch (instrument) {
			case PHQ2 -> cutOffs.phq2();
			case PHQ9 -> cutOffs.phq9();
			case AUDIT_C -> gender == AdministrativeGender.MALE ? cutOffs.auditCMen() : cutOffs.auditCWomen();
		};
		return score.compareTo(BigDecimal.valueOf(cutOff)) >= 0;
	}

	/** {@code PHQ-9 (score 14, 2026-02-10)}. */
	String describe() {
		return instrument.label + " (score " + score.stripTrailingZeros().toPlainString() + ", "
				+ at.atZone(java.time.ZoneOffset.UTC).toLocalDate() + ")";
	}
}

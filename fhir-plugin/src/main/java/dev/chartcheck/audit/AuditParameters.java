package dev.chartcheck.audit;

import dev.chartcheck.check.Outcomes;
import dev.chartcheck.check.StandardModes;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dev.chartcheck.check.StandardMode;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardsCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The {@code $audit} parameters, checked. Every bad value is a 400 whose OperationOutcome names the
 * parameter ({@code expression}) and says what was wrong.
 *
 * @param full check every record again, even those whose findings are kept current (see
 *     {@link dev.chartcheck.check.CheckCore#checkAll})
 */
public record AuditParameters(
		AuditPeriod period, List<Standard> standards, boolean persist, Integer sampleSize, long seed, boolean full) {

	public AuditParameters(AuditPeriod period, List<Standard> standards, boolean persist, Integer sampleSize, long seed) {
		this(period, standards, persist, sampleSize, seed, false);
	}

	/** The parameters of a patient's audit, which draws no sample. */
	public static AuditParameters parse(
			String periodStart,
			String periodEnd,
			List<String> standardCodes,
			String persist,
			StandardsCatalog catalog,
			StandardModes modes) {
		return parse(periodStart, periodEnd, standardCodes, persist, null, null, null, catalog, modes);
	}

	/**
	 * The parameters of any audit. Without {@code seed}, a sample is drawn with a random seed, which the
	 * report states so that the draw can be repeated.
	 */
	public static AuditParameters parse(
			String periodStart,
			String periodEnd,
			List<String> standardCodes,
			String persist,
			String sampleSize,
			String seed,
			String full,
			StandardsCatalog catalog,
			StandardModes modes) {
		Instant start = bound("periodStart", periodStart, false);
		Instant end = bound("periodEnd", periodEnd, true);
		if (start != null && end != null && end.isBefore(start)) {
			throw badParameter("periodEnd", "periodEnd (" + periodEnd + ") is before periodStart (" + periodStart + ")");
		}
		Integer size = sampleSize == null || sampleSize.isBlank() ? null : positive("sampleSize", sampleSize);
		long drawSeed = seed == null || seed.isBlank() ? new java.util.Random().nextLong() : number("seed", seed);
		return new AuditParameters(new AuditPeriod(start, end), standards(standardCodes, catalog, modes),
				flag("persist", persist, true), size, drawSeed, flag("full", full, false));
	}

	private static int positive(String name, String value) {
		long number = number(name, value);
		if (number < 1 || number > Integer.MAX_VALUE) {
			throw badParameter(name, name + " must be a positive whole number, not \"" + value + "\"");
		}
		return (int) number;
	}

	private static long number(String name, String value) {
		try {
			return Long.parseLong(value.trim());
		} catch (NumberFormatException e) {
			throw badParameter(name, name + " must be a whole number, not \"" + value + "\"");
		}
	}

	/** The instant a date or dateTime parameter stands for: its first moment, or for an end, the moment after its last. */
	private static Instant bound(String name, String value, boolean exclusiveEnd) {
		if (value == null || value.isBlank()) {
			return null;
		}
		DateTimeType parsed;
		try {
			parsed = new DateTimeType(value.trim());
		} catch (DataFormatException | IllegalArgumentException e) {
			throw badParameter(name, name + " must be a FHIR date or dateTime (e.g. 2025-01-31), not \""
					+ value + "\"");
		}
		if (parsed.getValue() == null) {
			throw badParameter(name, name + " must be a FHIR date or dateTime, not \"" + value + "\"");
		}
		return exclusiveEnd
				? parsed.getPrecision().add(parsed.getValue(), 1).toInstant()
				: parsed.getValue().toInstant();
	}

	private static List<Standard> standards(
			List<String> codes, StandardsCatalog catalog, StandardModes modes) {
		Set<String> wanted = new LinkedHashSet<>();
		if (codes != null) {
			for (String code : codes) {
				if (code != null) {
					for (String part : code.split(",")) {
						if (!part.isBlank()) {
							wanted.add(part.trim());
						}
					}
				}
			}
		}
		List<Standard> result = new ArrayList<>();
		if (wanted.isEmpty()) {
			for (Standard standard : catalog.all()) {
				if (modes.modeOf(standard.code()) != StandardMode.OFF) {
					result.add(standard);
				}
			}
			return result;
		}
		for (String code : wanted) {
			Standard standard = catalog.find(code).orElseThrow(() -> badParameter("standard",
					"standard \"" + code + "\" is not checked by this server; known standards: "
							+ String.join(", ", catalog.codes())));
			if (modes.modeOf(code) == StandardMode.OFF) {
				throw badParameter("standard", "standard \"" + code + "\" is switched off on this server");
			}
			result.add(standard);
		}
		return result;
	}

	private static boolean flag(String name, String value, boolean absent) {
		if (value == null || value.isBlank()) {
			return absent;
		}
		return switch (value.trim()) {
			case "true" -> true;
			case "false" -> false;
			default -> throw badParameter(name, name + " must be true or false, not \"" + value + "\"");
		};
	}

	public static InvalidRequestException badParameter(String name, String message) {
		return new InvalidRequestException(message, Outcomes.error(OperationOutcome.IssueType.INVALID, message, name));
	}
}

package dev.chartcheck.standards;

import java.time.Instant;

/** What the coordination-of-care test classes share: the standard's code and the psychotropic prescription they add. */
final class CoordinationOfCareFixture {

	static final String CODE = "coordination-of-care";
	static final String MR = "MedicationRequest/mr1";
	static final Instant PRESCRIBED = Instant.parse("2026-04-10T11:00:00Z");

	private CoordinationOfCareFixture() {}
}

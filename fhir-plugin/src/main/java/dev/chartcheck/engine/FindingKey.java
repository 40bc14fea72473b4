package dev.chartcheck.engine;

/**
 * The stable identity of a gap: standard + patient + the resource it is about. Every path (write-time
 * checks, {@code $audit}, CDS) derives the same key, so a re-check finds and updates the same
 * DetectedIssue instead of creating another.
 */
public record FindingKey(String standard, String patientId, String subject) {

	/** Identifier system of the key on DetectedIssue.identifier. */
	public static final String SYSTEM = "https://chartcheck.dev/fhir/finding-key";

	/** The identifier value, e.g. {@code dated/Patient/5/DocumentReference/7}; no '|' so token search needs no escaping. */
	public String value() {
		return standard + "/" + patientId + "/" + subject;
	}

	/** Parses {@link #value()} back; returns null for a value that is not a Chartcheck key. */
	public static FindingKey parse(String value) {
		if (value == null) {
			return null;
		}
		String[] parts = value.split("/");
		if (parts.length != 5) {
			return null;
		}
		return new FindingKey(parts[0], parts[1] + "/" + parts[2], parts[3] + "/" + parts[4]);
	}
}

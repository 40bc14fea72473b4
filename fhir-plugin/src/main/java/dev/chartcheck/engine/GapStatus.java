package dev.chartcheck.engine;

/** Gap status in the Da Vinci DEQM sense ({@code http://hl7.org/fhir/us/davinci-deqm/CodeSystem/gaps-status}). */
public enum GapStatus {
	OPEN("open-gap", "Open gap"),
	PROSPECTIVE("prospective-gap", "Prospective gap"),
	CLOSED("closed-gap", "Closed gap");

	public static final String SYSTEM = "http://hl7.org/fhir/us/davinci-deqm/CodeSystem/gaps-status";

	private final String code;
	private final String display;

	GapStatus(String code, String display) {
		this.code = code;
		this.display = display;
	}

	public String code() {
		return code;
	}

	public String display() {
		return display;
	}

	public static GapStatus fromCode(String code) {
		for (GapStatus s : values()) {
			if (s.code.equals(code)) {
				return s;
			}
		}
		return null;
	}
}

package dev.chartcheck.job;

import ca.uhn.fhir.model.api.IModelJson;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The data that passes between the steps of a background audit. */
public final class AuditJobData {

	private AuditJobData() {}

	/** A batch of the records drawn. */
	public static class Records implements IModelJson {
		@JsonProperty("patients")
		public List<String> patients = new ArrayList<>();
	}

	/** What one batch found: the compliance counts and the DetectedIssues of its records. */
	public static class Tally implements IModelJson {
		/** The batch's records, by which the report tells a batch checked twice (after a crash) from two batches. */
		@JsonProperty("patients")
		public List<String> patients = new ArrayList<>();

		@JsonProperty("counts")
		public Map<String, Map<String, int[]>> counts = new LinkedHashMap<>();

		@JsonProperty("records")
		public int records;

		@JsonProperty("issues")
		public List<String> issues = new ArrayList<>();

		@JsonProperty("overdue")
		public Map<String, Integer> overdue = new LinkedHashMap<>();
	}

	/** The finished audit: its report (stored or not) and the DetectedIssues of the records checked. */
	public static class Result implements IModelJson {
		@JsonProperty("measureReport")
		public String measureReport;

		@JsonProperty("issues")
		public List<String> issues = new ArrayList<>();
	}
}

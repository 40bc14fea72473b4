package dev.chartcheck.check;

/** Canonical URLs of the Chartcheck conformance package ({@code profiles/}) that the engine writes. */
public final class ChartcheckCanonicals {

	private ChartcheckCanonicals() {}

	public static final String BASE = "https://chartcheck.dev/fhir";
	public static final String STANDARD_SYSTEM = BASE + "/CodeSystem/documentation-standard";
	public static final String DETECTED_ISSUE_PROFILE = BASE + "/StructureDefinition/chartcheck-detected-issue";
	public static final String GAP_DUE_DATE = BASE + "/StructureDefinition/gap-due-date";
	public static final String RESPONSIBLE_PRACTITIONER = BASE + "/StructureDefinition/responsible-practitioner";
	public static final String RESPONSIBLE_ORGANIZATION = BASE + "/StructureDefinition/responsible-organization";
	public static final String AUDIT_MEASURE = BASE + "/Measure/documentation-standards-audit";
	public static final String AUDIT_OPERATION = BASE + "/OperationDefinition/audit";
	public static final String GAP_STATUS_EXTENSION =
			"http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/extension-gapStatus";
	public static final String AUDIT_STRATIFIER = BASE + "/CodeSystem/audit-stratifier";
	public static final String AUDIT_SAMPLE = BASE + "/StructureDefinition/audit-sample";
	public static final String COMPLIANCE_GOAL = BASE + "/StructureDefinition/compliance-goal";
	public static final String GOAL_MET = BASE + "/StructureDefinition/goal-met";
	public static final String OVERALL_COMPLIANCE = BASE + "/StructureDefinition/overall-compliance";
	public static final String OVERDUE_GAPS = BASE + "/StructureDefinition/overdue-gaps";
	public static final String PREVIOUS_COMPLIANCE = BASE + "/StructureDefinition/previous-compliance";
	/** The Device that authors every DetectedIssue Chartcheck raises. */
	public static final String DEVICE_ID = "chartcheck";
}

package dev.chartcheck.engine;

/**
 * The scores at and above which a depression or alcohol-use screen is positive, and calls for an assessment or a
 * referral (docs/STANDARDS.md#screening-follow-up). AUDIT-C has a lower cut-off for women, who reach the same risk at
 * lower intake.
 *
 * @param phq2 PHQ-2 total (LOINC 55758-7), 0–6
 * @param phq9 PHQ-9 total (LOINC 44261-6), 0–27
 * @param auditCMen AUDIT-C total (LOINC 75626-2), 0–12, for men
 * @param auditCWomen AUDIT-C total for women, and for patients whose sex is not recorded as male
 */
public record ScreeningCutOffs(int phq2, int phq9, int auditCMen, int auditCWomen) {

	public static ScreeningCutOffs defaults() {
		return new ScreeningCutOffs(3, 10, 4, 3);
	}
}

package dev.chartcheck.config;

import dev.chartcheck.engine.ScreeningCutOffs;

/**
 * The scores at and above which a screen is positive ({@code chartcheck.screening.*}): PHQ-2, PHQ-9, and AUDIT-C
 * for men and for women (the women's cut-off also applies when the patient's sex is not recorded as male).
 */
public class ScreeningSettings {
	private int phq2CutOff = ScreeningCutOffs.defaults().phq2();
	private int phq9CutOff = ScreeningCutOffs.defaults().phq9();
	private int auditCCutOffMen = ScreeningCutOffs.defaults().auditCMen();
	private int auditCCutOffWomen = ScreeningCutOffs.defaults().auditCWomen();

	public ScreeningCutOffs toCutOffs() {
		return new ScreeningCutOffs(phq2CutOff, phq9CutOff, auditCCutOffMen, auditCCutOffWomen);
	}

	public int getPhq2CutOff() {
		return phq2CutOff;
	}

	public void setPhq2CutOff(int phq2CutOff) {
		this.phq2CutOff = phq2CutOff;
	}

	public int getPhq9CutOff() {
		return phq9CutOff;
	}

	public void setPhq9CutOff(int phq9CutOff) {
		this.phq9CutOff = phq9CutOff;
	}

	public int getAuditCCutOffMen() {
		return auditCCutOffMen;
	}

	public void setAuditCCutOffMen(int auditCCutOffMen) {
		this.auditCCutOffMen = auditCCutOffMen;
	}

	public int getAuditCCutOffWomen() {
		return auditCCutOffWomen;
	}

	public void setAuditCCutOffWomen(int auditCCutOffWomen) {
		this.auditCCutOffWomen = auditCCutOffWomen;
	}
}

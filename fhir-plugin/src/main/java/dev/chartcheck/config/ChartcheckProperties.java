package dev.chartcheck.config;

import dev.chartcheck.check.StandardMode;
import dev.chartcheck.check.StandardModes;
import dev.chartcheck.content.AttachmentSettings;

import dev.chartcheck.engine.ScreeningCutOffs;
import dev.chartcheck.engine.Windows;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Chartcheck's configuration, under {@code chartcheck.*}. Every window has a documented default; every
 * standard can be switched off ({@code chartcheck.standards.dated=off}).
 */
@ConfigurationProperties(prefix = "chartcheck")
public class ChartcheckProperties implements StandardModes {

	/** Turns the whole plugin off. */
	private boolean enabled = true;

	/** Install the Chartcheck profiles package into the server at start-up. */
	private boolean installProfiles = true;

	/**
	 * Refuse (400) a request body with an element FHIR does not define instead of storing the resource without it
	 * (see {@code dev.chartcheck.write.StrictParsing}).
	 */
	private boolean strictParsing = true;

	/** Mode per standard code; a standard not listed is {@code report}. */
	private Map<String, StandardMode> standards = new LinkedHashMap<>();

	private final WindowSettings windows = new WindowSettings();

	private final AttachmentSettings attachments = new AttachmentSettings();

	private final CloneProperties clones = new CloneProperties();

	private final ScreeningSettings screening = new ScreeningSettings();

	private final ClaimRecordsSettings claimRecords = new ClaimRecordsSettings();

	/** The compliance rate a standard, a practitioner or a licensure category should reach in an audit. */
	private double complianceGoal = 0.80;

	/** How long a provider has to resolve a deficiency, counted from when it was first identified. */
	private Duration remediationPeriod = Duration.ofDays(90);

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isInstallProfiles() {
		return installProfiles;
	}

	public void setInstallProfiles(boolean installProfiles) {
		this.installProfiles = installProfiles;
	}

	public boolean isStrictParsing() {
		return strictParsing;
	}

	public void setStrictParsing(boolean strictParsing) {
		this.strictParsing = strictParsing;
	}

	public Map<String, StandardMode> getStandards() {
		return standards;
	}

	public void setStandards(Map<String, StandardMode> standards) {
		this.standards = standards;
	}

	@Override
	public StandardMode modeOf(String standardCode) {
		return standards.getOrDefault(standardCode, StandardMode.REPORT);
	}

	public double getComplianceGoal() {
		return complianceGoal;
	}

	public void setComplianceGoal(double complianceGoal) {
		if (complianceGoal < 0 || complianceGoal > 1) {
			throw new IllegalArgumentException("chartcheck.compliance-goal must be between 0 and 1, not " + complianceGoal);
		}
		this.complianceGoal = complianceGoal;
	}

	public WindowSettings getWindows() {
		return windows;
	}

	public AttachmentSettings getAttachments() {
		return attachments;
	}

	public CloneProperties getClones() {
		return clones;
	}

	public ScreeningSettings getScreening() {
		return screening;
	}

	public ClaimRecordsSettings getClaimRecords() {
		return claimRecords;
	}

	/** The windows the standards measure against, with the screening cut-offs. */
	public Windows toWindows() {
		return windows.toWindows().withScreeningCutOffs(screening.toCutOffs());
	}

	public Duration getRemediationPeriod() {
		return remediationPeriod;
	}

	public void setRemediationPeriod(Duration remediationPeriod) {
		this.remediationPeriod = remediationPeriod;
	}

	/** The windows the standards measure against; see {@link Windows}. */
	public static class WindowSettings {
		private Duration signing = Duration.ofDays(7);
		private Duration lateEntry = Duration.ofDays(7);
		private Duration documentation = Duration.ofDays(7);
		private Duration clockSkew = Duration.ofMinutes(5);
		private Duration coordination = Duration.ofDays(30);
		private Period consentRenewal = Period.ofMonths(12);
		private Duration consentLookAhead = Duration.ofDays(30);
		private Duration episodeGap = Duration.ofDays(180);
		private Period screeningLookBack = Period.ofMonths(12);
		private Duration screeningFollowUp = Duration.ofDays(30);
		private Period preventiveLookBack = Period.ofMonths(24);
		private Period wellChild = Period.ofMonths(12);

		/** The windows, with the default screening cut-offs (see {@link ChartcheckProperties#toWindows()}). */
		public Windows toWindows() {
			return new Windows(signing, lateEntry, documentation, clockSkew, coordination, consentRenewal,
					consentLookAhead, episodeGap, screeningLookBack, screeningFollowUp, preventiveLookBack, wellChild,
					ScreeningCutOffs.defaults());
		}

		public Period getScreeningLookBack() {
			return screeningLookBack;
		}

		public void setScreeningLookBack(Period screeningLookBack) {
			this.screeningLookBack = screeningLookBack;
		}

		public Duration getScreeningFollowUp() {
			return screeningFollowUp;
		}

		public void setScreeningFollowUp(Duration screeningFollowUp) {
			this.screeningFollowUp = screeningFollowUp;
		}

		public Period getPreventiveLookBack() {
			return preventiveLookBack;
		}

		public void setPreventiveLookBack(Period preventiveLookBack) {
			this.preventiveLookBack = preventiveLookBack;
		}

		public Period getWellChild() {
			return wellChild;
		}

		public void setWellChild(Period wellChild) {
			this.wellChild = wellChild;
		}

		public Duration getCoordination() {
			return coordination;
		}

		public void setCoordination(Duration coordination) {
			this.coordination = coordination;
		}

		public Period getConsentRenewal() {
			return consentRenewal;
		}

		public void setConsentRenewal(Period consentRenewal) {
			this.consentRenewal = consentRenewal;
		}

		public Duration getConsentLookAhead() {
			return consentLookAhead;
		}

		public void setConsentLookAhead(Duration consentLookAhead) {
			this.consentLookAhead = consentLookAhead;
		}

		public Duration getEpisodeGap() {
			return episodeGap;
		}

		public void setEpisodeGap(Duration episodeGap) {
			this.episodeGap = episodeGap;
		}

		public Duration getSigning() {
			return signing;
		}

		public void setSigning(Duration signing) {
			this.signing = signing;
		}

		public Duration getLateEntry() {
			return lateEntry;
		}

		public void setLateEntry(Duration lateEntry) {
			this.lateEntry = lateEntry;
		}

		public Duration getDocumentation() {
			return documentation;
		}

		public void setDocumentation(Duration documentation) {
			this.documentation = documentation;
		}

		public Duration getClockSkew() {
			return clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}
	}
}

package dev.chartcheck.config;

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
public class ChartcheckProperties {

	/** Turns the whole plugin off. */
	private boolean enabled = true;

	/** Install the Chartcheck profiles package into the server at start-up. */
	private boolean installProfiles = true;

	/**
	 * Refuse (400) a request body with an element FHIR does not define instead of storing the resource without it
	 * (see {@code dev.chartcheck.fhir.StrictParsing}).
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

	/**
	 * Limits on reading notes' attachments ({@code chartcheck.attachments.*}): what a hostile or broken file may cost
	 * the server before it is reported instead of read. Read on every use, so a change applies to the next check.
	 */
	public static class AttachmentSettings {
		/** The largest attachment read; a bigger one is a legibility finding, not read. */
		private DataSize maxBytes = DataSize.ofMegabytes(20);
		/** The most pages a PDF may have; more is a finding, and no page is read. */
		private int maxPages = 500;
		/** How long reading one attachment (fetching it, extracting a PDF's text) may take. */
		private Duration extractionTimeout = Duration.ofSeconds(10);
		/** The most one compressed PDF stream may expand to; beyond it the PDF is taken for a decompression bomb. */
		private DataSize maxDecodedStream = DataSize.ofMegabytes(32);
		/** Prefixes of external http(s) URLs that may be fetched; none by default (no server-side fetches). */
		private List<String> urlAllow = new ArrayList<>();
		/** Threads that extract PDF text and fetch URLs, beside the request threads. */
		private int extractionThreads = 2;
		/** Memory for extracted text kept between checks (per note version), counted as two bytes a character. */
		private DataSize cacheSize = DataSize.ofMegabytes(32);

		public DataSize getMaxBytes() {
			return maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public int getMaxPages() {
			return maxPages;
		}

		public void setMaxPages(int maxPages) {
			this.maxPages = maxPages;
		}

		public Duration getExtractionTimeout() {
			return extractionTimeout;
		}

		public void setExtractionTimeout(Duration extractionTimeout) {
			this.extractionTimeout = extractionTimeout;
		}

		public DataSize getMaxDecodedStream() {
			return maxDecodedStream;
		}

		public void setMaxDecodedStream(DataSize maxDecodedStream) {
			this.maxDecodedStream = maxDecodedStream;
		}

		public List<String> getUrlAllow() {
			return urlAllow;
		}

		public void setUrlAllow(List<String> urlAllow) {
			this.urlAllow = urlAllow;
		}

		public int getExtractionThreads() {
			return extractionThreads;
		}

		public void setExtractionThreads(int extractionThreads) {
			this.extractionThreads = extractionThreads;
		}

		public DataSize getCacheSize() {
			return cacheSize;
		}

		public void setCacheSize(DataSize cacheSize) {
			this.cacheSize = cacheSize;
		}
	}
}

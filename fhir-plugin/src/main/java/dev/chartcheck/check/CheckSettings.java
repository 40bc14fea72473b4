package dev.chartcheck.check;

import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Windows;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The configuration a check runs under, the same for every entry into the core.
 *
 * @param windows the standards' windows
 * @param codes the code sets the standards recognise (the published ones, or with an operator's service list)
 * @param remediationPeriod how long a provider has to fix a gap once it is open
 */
public record CheckSettings(Windows windows, ClinicalCodes codes, Duration remediationPeriod) {

	public CheckSettings {
		Objects.requireNonNull(windows, "windows");
		Objects.requireNonNull(codes, "codes");
		Objects.requireNonNull(remediationPeriod, "remediationPeriod");
	}

	/**
	 * What the settings are, as a digest that differs whenever a setting that can change a finding differs (windows,
	 * code sets, remediation period): a record checked under another digest is checked again.
	 */
	public String fingerprint() {
		return Fingerprints.sha256(windows + "\n" + codes.fingerprint() + "\n" + remediationPeriod);
	}

	public EvaluationContext context(Instant now) {
		return new EvaluationContext(now, windows, codes);
	}
}

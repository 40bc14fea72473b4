package dev.chartcheck.standards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.StandardResult;

/** Assertions on the gaps a standard reports. */
public final class Gaps {

	private Gaps() {}

	/** The one finding of the result; fails when there is none or more than one. */
	public static Finding onlyGap(StandardResult result) {
		assertThat(result.findings()).hasSize(1);
		return result.findings().get(0);
	}

	/** Asserts the finding's standard, subject, status, severity and a phrase of its detail. */
	public static Finding assertGap(
			Finding finding, String standard, String subject, GapStatus status, String severity, String phrase) {
		assertThat(finding.standard()).as("standard").isEqualTo(standard);
		assertThat(finding.subject()).as("subject").isEqualTo(subject);
		assertThat(finding.status()).as("status").isEqualTo(status);
		assertThat(finding.severity()).as("severity").isEqualTo(severity);
		assertThat(finding.detail()).as("detail").contains(phrase);
		return finding;
	}
}

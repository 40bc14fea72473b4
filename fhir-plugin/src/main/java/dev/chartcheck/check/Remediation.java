package dev.chartcheck.check;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.DetectedIssue;

/** What follows a patient's gaps once stored: in the server, the remediation Tasks that a closed gap completes. */
@FunctionalInterface
public interface Remediation {

	/** The patient's DetectedIssues as they now stand (in the check's transaction). */
	void resolve(List<DetectedIssue> issues, Instant now);

	Remediation NONE = (issues, now) -> {};
}

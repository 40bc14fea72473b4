package dev.chartcheck.check;

/** How a standard takes part: not at all, reported as gaps, or enforced by rejecting writes. */
public enum StandardMode {
	OFF,
	REPORT,
	ENFORCE
}

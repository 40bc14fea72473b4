package dev.chartcheck.check;

/** How each standard is run ({@code chartcheck.standards.<code>}): read on every use, so a change applies at once. */
@FunctionalInterface
public interface StandardModes {

	/** The mode of a standard; {@link StandardMode#REPORT} when none is configured. */
	StandardMode modeOf(String standardCode);
}

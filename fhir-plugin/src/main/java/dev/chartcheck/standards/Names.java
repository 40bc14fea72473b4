package dev.chartcheck.standards;

import java.util.List;
import org.hl7.fhir.r4.model.HumanName;

/** What counts as a usable person's name: a family or a given name that is not blank. */
final class Names {

	private Names() {}

	static boolean hasName(List<HumanName> names) {
		for (HumanName name : names) {
			if (name.hasFamily() && !name.getFamily().isBlank()) {
				return true;
			}
			if (name.getGiven().stream().anyMatch(g -> g.hasValue() && !g.getValue().isBlank())) {
				return true;
			}
		}
		return false;
	}
}

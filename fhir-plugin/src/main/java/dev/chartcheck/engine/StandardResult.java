package dev.chartcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one standard examined in one record, and the gaps it found there. Each examined item is a
 * "record" for the compliance rate: it complies when no open gap names it.
 *
 * @param examined the resources checked (unqualified, unversioned ids such as {@code Encounter/12})
 * @param findings the gaps, at most one per examined resource
 */
public record StandardResult(String standard, List<String> examined, List<Finding> findings) {

	public StandardResult {
		examined = List.copyOf(examined);
		findings = List.copyOf(findings);
	}

	/** The examined resources that no open gap names. */
	public List<String> compliant() {
		Set<String> failing = findings.stream()
				.filter(f -> f.status() == GapStatus.OPEN)
				.map(Finding::subject)
				.collect(Collectors.toSet());
		return examined.stream().filter(id -> !failing.contains(id)).toList();
	}

	/** Collects a standard's results while it walks a record. */
	public static final class Builder {
		private final String standard;
		private final List<String> examined = new ArrayList<>();
		private final List<Finding> findings = new ArrayList<>();

		public Builder(String standard) {
			this.standard = standard;
		}

		public Builder examined(String resourceId) {
			examined.add(resourceId);
			return this;
		}

		public Builder finding(Finding finding) {
			findings.add(finding);
			return this;
		}

		public StandardResult build() {
			return new StandardResult(standard, examined, findings);
		}
	}
}

package dev.chartcheck.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one standard examined in one record, and the gaps it found there. Each examined item is a
 * "record" for the compliance rate: it complies when no open gap names it.
 *
 * @param examined the resources checked (unqualified, unversioned ids such as {@code Encounter/12})
 * @param findings the gaps, at most one per examined resource
 * @param satisfiedBy for compliant resources, the resource that satisfies the standard for them (the
 *     Communication that informed the PCP, the Consent that renews an older one), named when a gap closes
 */
public record StandardResult(
		String standard, List<String> examined, List<Finding> findings, Map<String, String> satisfiedBy) {

	public StandardResult {
		examined = List.copyOf(examined);
		findings = List.copyOf(findings);
		satisfiedBy = Map.copyOf(satisfiedBy);
	}

	public StandardResult(String standard, List<String> examined, List<Finding> findings) {
		this(standard, examined, findings, Map.of());
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
		private final Map<String, String> satisfiedBy = new LinkedHashMap<>();

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

		/** Records what makes an examined resource compliant. */
		public Builder satisfiedBy(String resourceId, String satisfyingResourceId) {
			satisfiedBy.put(resourceId, satisfyingResourceId);
			return this;
		}

		public StandardResult build() {
			return new StandardResult(standard, examined, findings, satisfiedBy);
		}
	}
}

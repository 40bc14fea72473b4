package dev.chartcheck.engine;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The confidentiality labels in {@code meta.security} that restrict who may see a resource: restricted (R) or very
 * restricted (V) in {@code http://terminology.hl7.org/CodeSystem/v3-Confidentiality}, and 42 CFR Part 2
 * ({@code http://terminology.hl7.org/CodeSystem/v3-ActCode#42CFRPart2}). One definition for the
 * {@code confidentiality} standard, which asks behavioral-health notes to carry them, and for the access rules,
 * which enforce them.
 */
public final class ConfidentialityLabels {

	public static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
	public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	public static final String PART_2 = "42CFRPart2";

	private ConfidentialityLabels() {}

	/** Whether the resource is labeled 42CFRPart2. */
	public static boolean part2(IBaseResource resource) {
		return labels(resource).stream().anyMatch(l -> ACT_CODE.equals(l.getSystem()) && PART_2.equals(l.getCode()));
	}

	/** Whether the resource carries a label that restricts it: R, V or 42CFRPart2. */
	public static boolean restricted(IBaseResource resource) {
		return part2(resource) || labels(resource).stream().anyMatch(l -> CONFIDENTIALITY.equals(l.getSystem())
				&& ("R".equals(l.getCode()) || "V".equals(l.getCode())));
	}

	private static List<? extends IBaseCoding> labels(IBaseResource resource) {
		return resource == null || resource.getMeta() == null ? List.of() : resource.getMeta().getSecurity();
	}
}

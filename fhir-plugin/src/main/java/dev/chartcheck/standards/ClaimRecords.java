package dev.chartcheck.standards;

import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.CodeSet;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Reference;

/**
 * Medical records submitted with the initial claim (docs/STANDARDS.md#claim-records): a Claim for a service that is
 * experimental, investigational or subject to medical-necessity review (a line whose service is in
 * {@code claim-records-service}, or marked by the {@code claim-item-records-required} extension) names in
 * {@code supportingInfo}, for each such line, a signed and dated note of the same patient that documents the billed
 * encounter or date of service (see {@link ClaimLine}). Otherwise the payer denies it: "Medical record submission
 * guidelines not followed". One finding per Claim, naming its lines; a draft Claim's gap is prospective, since it is
 * checked before submission.
 */
public final class ClaimRecords implements Standard {

	public static final String CODE = "claim-records";

	@Override
	public String code() {
		return CODE;
	}

	/** A claim written, or a note it names signed or corrected. */
	@Override
	public Set<String> affectedBy() {
		return Set.of("Claim", "DocumentReference");
	}

	@Override
	public Set<String> readsResourceTypes() {
		return Set.of("Claim");
	}

	@Override
	public StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
		StandardResult.Builder result = new StandardResult.Builder(CODE);
		CodeSet services = context.codes().get(ClinicalCodes.CLAIM_RECORDS_SERVICE);
		for (Claim claim : record.entries(Claim.class)) {
			if (claim.getStatus() == Claim.ClaimStatus.ENTEREDINERROR || claim.getStatus() == Claim.ClaimStatus.CANCELLED
					|| (claim.hasUse() && claim.getUse() != Claim.Use.CLAIM)) {
				continue;
			}
			List<ClaimLine> lines = new ArrayList<>();
			for (int i = 0; i < claim.getItem().size(); i++) {
				if (ClaimLine.needsRecords(claim.getItem().get(i), services)) {
					lines.add(ClaimLine.judge(record, claim, i));
				}
			}
			if (lines.isEmpty()) {
				continue;
			}
			String id = RecordSnapshot.idOf(claim);
			result.examined(id);
			List<ClaimLine> missing = lines.stream().filter(line -> line.note() == null).toList();
			if (missing.isEmpty()) {
				result.satisfiedBy(id, lines.get(0).note());
				continue;
			}
			List<String> problems = missing.stream().map(line -> line.describe() + ": " + line.problem()).toList();
			result.finding(Finding.on(CODE, record, claim,
					claim.getStatus() == Claim.ClaimStatus.DRAFT ? GapStatus.PROSPECTIVE : GapStatus.OPEN,
					"moderate",
					"The claim lacks the medical records its services need, and would be denied (\"Medical record submission"
							+ " guidelines not followed\"): " + String.join("; ", problems) + ".",
					missing.size() == 1 ? "Claim.item[" + missing.get(0).index() + "]" : "Claim.item",
					namedNotes(record, claim)));
		}
		return result.build();
	}

	/** The patient's notes the claim names, as the finding's evidence. */
	private static List<String> namedNotes(RecordSnapshot record, Claim claim) {
		return claim.getSupportingInfo().stream()
				.filter(Claim.SupportingInformationComponent::hasValueReference)
				.map(Claim.SupportingInformationComponent::getValueReference)
				.map((Reference ref) -> record.resolve(ref, DocumentReference.class))
				.flatMap(java.util.Optional::stream)
				.map(RecordSnapshot::idOf)
				.distinct()
				.toList();
	}
}

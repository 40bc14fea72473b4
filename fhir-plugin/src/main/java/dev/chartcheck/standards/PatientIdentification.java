package dev.chartcheck.standards;

import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.ResponsibleParties;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * The patient's name and identification number on each page (seeds 000, 002). At resource level: every
 * note's subject is a Patient, and that Patient has a name and an identifier to print on the pages.
 */
public final class PatientIdentification implements Standard {

	public static final String CODE = "patient-identification";

	@Override
	public Set<String> affectedBy() {
		return Set.of("DocumentReference");
	}

	@Override
	public String code() {
		return CODE;
	}

	@Override
	public StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
		StandardResult.Builder result = new StandardResult.Builder(CODE).examined(record.patientId());
		Patient patient = record.patient();
		List<String> missing = new ArrayList<>();
		String expression = null;
		if (!Names.hasName(patient.getName())) {
			missing.add("name");
			expression = "Patient.name";
		}
		if (!hasIdentifier(patient)) {
			missing.add("identification number");
			expression = expression == null ? "Patient.identifier" : expression;
		}
		if (!missing.isEmpty()) {
			result.finding(new Finding(
					CODE,
					record.patientId(),
					GapStatus.OPEN,
					"moderate",
					"The patient's record has no " + String.join(" and no ", missing)
							+ ", so the pages of the record cannot show it.",
					expression,
					List.of(),
					ResponsibleParties.practitionerForPatient(record),
					ResponsibleParties.organizationForPatient(record)));
		}
		return result.build();
	}

	static boolean hasIdentifier(Patient patient) {
		return patient.getIdentifier().stream()
				.map(Identifier::getValue)
				.anyMatch(v -> v != null && !v.isBlank());
	}
}

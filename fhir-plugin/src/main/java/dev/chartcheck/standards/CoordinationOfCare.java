package dev.chartcheck.standards;

import dev.chartcheck.engine.BehavioralHealthCare;
import dev.chartcheck.engine.BehavioralHealthCare.Contact;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Consent;

/**
 * Coordination of behavioral care with the primary care physician (docs/STANDARDS.md#coordination-of-care): after the
 * initial evaluation of each episode and after each significant point (a new psychotropic medication, a discharge),
 * the PCP hears of it within the coordination window — unless the patient refused.
 */
public final class CoordinationOfCare extends BehavioralHealthStandard {

	public static final String CODE = "coordination-of-care";

	@Override
	public String code() {
		return CODE;
	}

	@Override
	void evaluate(RecordSnapshot record, EvaluationContext context, BehavioralHealthCare care, StandardResult.Builder result) {
		result.examined(record.patientId());
		if (!care.hasPrimaryCare()) {
			result.finding(Finding.on(CODE, record, record.patient(), GapStatus.OPEN, "moderate",
					"No primary care physician is documented, so this patient's behavioral care cannot be"
							+ " coordinated with one.",
					"Patient.generalPractitioner", List.of()));
			return;
		}
		result.satisfiedBy(record.patientId(), care.primaryCare().iterator().next());
		Optional<Consent> refusal = care.refusal();
		List<Contact> contacts = care.contactsWithPrimaryCare();
		for (SignificantPoint point : SignificantPoint.of(record, care, context)) {
			result.examined(point.id());
			if (refusal.isPresent()) {
				String consent = RecordSnapshot.idOf(refusal.get());
				result.finding(Finding.on(CODE, record, point.resource(), GapStatus.CLOSED, "moderate",
						"The patient declined sharing information with their primary care physician (" + consent
								+ "), so no coordination is required after " + point.description() + ".",
						null, List.of(consent)));
				continue;
			}
			// calendar days in UTC: from the point's day through the last day of the window
			Instant from = point.at().atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
			Instant until = from.plus(context.windows().coordination()).plus(Duration.ofDays(1));
			Optional<Contact> contact = contacts.stream()
					.filter(c -> !c.at().isBefore(from) && c.at().isBefore(until))
					.findFirst();
			if (contact.isPresent()) {
				result.satisfiedBy(point.id(), contact.get().resourceId());
				continue;
			}
			context.changesAt(until);
			boolean overdue = !until.isAfter(context.now());
			long days = context.windows().coordination().toDays();
			result.finding(Finding.on(CODE, record, point.resource(),
					overdue ? GapStatus.OPEN : GapStatus.PROSPECTIVE,
					"moderate",
					(overdue ? "No communication with the primary care physician is documented within "
							: "The primary care physician has not yet been informed; communication is due within ")
							+ days + " days after " + point.description() + ".",
					null,
					List.copyOf(care.primaryCare())));
		}
	}
}

package dev.chartcheck.standards;

import dev.chartcheck.engine.BehavioralHealthCare;
import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.CodeSet;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.Consent;

/**
 * Consent to communicate with other medical and behavioral professionals, periodically re-requested
 * (docs/STANDARDS.md#consent-renewal): a patient in behavioral-health care has a current release-of-information
 * Consent that is active, unexpired, signed within the renewal interval, and names the PCP as a recipient when care
 * must be coordinated with them.
 */
public final class ConsentRenewal extends BehavioralHealthStandard {

	public static final String CODE = "consent-renewal";

	static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
	static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

	@Override
	public String code() {
		return CODE;
	}

	@Override
	void evaluate(RecordSnapshot record, EvaluationContext context, BehavioralHealthCare care, StandardResult.Builder result) {
		result.examined(record.patientId());
		List<Consent> releases = releasesOfInformation(record, context);
		if (releases.isEmpty()) {
			result.finding(Finding.on(CODE, record, record.patient(), GapStatus.OPEN, "moderate",
					"No release-of-information consent is on record for this patient in behavioral-health care.",
					"Consent", List.of()));
			return;
		}
		Consent current = releases.stream()
				.filter(c -> c.getStatus() == Consent.ConsentState.ACTIVE)
				.max(SIGNED)
				.orElseGet(() -> releases.stream().max(SIGNED).orElseThrow());
		String currentId = RecordSnapshot.idOf(current);
		result.satisfiedBy(record.patientId(), currentId);
		for (Consent older : releases) {
			if (older != current) {
				result.examined(RecordSnapshot.idOf(older)).satisfiedBy(RecordSnapshot.idOf(older), currentId);
			}
		}
		result.examined(currentId);
		boolean coordinationRequired = care.hasPrimaryCare() && care.refusal().isEmpty();
		List<String> open = new ArrayList<>();
		List<String> soon = new ArrayList<>();
		Instant now = context.now();
		Instant horizon = now.plus(context.windows().consentLookAhead());
		if (current.getStatus() != Consent.ConsentState.ACTIVE) {
			open.add(current.getStatus() == null
					? "it is no longer active (it has no status)"
					: "it is no longer active (status " + current.getStatus().toCode() + ")");
		}
		if (current.getProvision().getPeriod().hasEnd()) {
			Instant expiry = current.getProvision().getPeriod().getEnd().toInstant();
			context.changesAt(expiry);
			context.changesAt(expiry.minus(context.windows().consentLookAhead()));
			if (expiry.isBefore(now)) {
				open.add("it expired on " + day(expiry));
			} else if (!expiry.isAfter(horizon)) {
				soon.add("it expires on " + day(expiry));
			}
		}
		if (!current.hasDateTime()) {
			open.add("it has no date of signature, so its renewal cannot be tracked");
		} else {
			Instant due = context.windows().renewalDue(current.getDateTime().toInstant());
			context.changesAt(due);
			context.changesAt(due.minus(context.windows().consentLookAhead()));
			if (due.isBefore(now)) {
				open.add("it was signed on " + day(current.getDateTime().toInstant()) + ", more than "
						+ context.windows().consentRenewal().toTotalMonths() + " months ago, and must be re-requested");
			} else if (!due.isAfter(horizon)) {
				soon.add("it is due to be re-requested on " + day(due));
			}
		}
		if (coordinationRequired && !namesPrimaryCare(current, care)) {
			open.add("it does not name the primary care physician as a recipient");
		}
		if (!open.isEmpty() || !soon.isEmpty()) {
			List<String> all = new ArrayList<>(open);
			all.addAll(soon);
			result.finding(Finding.on(CODE, record, current, open.isEmpty() ? GapStatus.PROSPECTIVE : GapStatus.OPEN,
					"moderate",
					"The release-of-information consent needs renewal: " + String.join("; ", all) + ".",
					"Consent", List.of(currentId)));
		}
	}

	/** Latest signature first; an unsigned consent counts as the oldest. */
	private static final Comparator<Consent> SIGNED = Comparator.comparing(
			(Consent c) -> c.hasDateTime() ? c.getDateTime().toInstant() : Instant.MIN);

	static List<Consent> releasesOfInformation(RecordSnapshot record, EvaluationContext context) {
		CodeSet categories = context.codes().get(ClinicalCodes.RELEASE_OF_INFORMATION_CATEGORY);
		return record.consents().stream()
				.filter(c -> c.getStatus() != Consent.ConsentState.ENTEREDINERROR)
				.filter(c -> c.getScope().getCoding().stream()
						.anyMatch(code -> CONSENT_SCOPE.equals(code.getSystem()) && "patient-privacy".equals(code.getCode())))
				.filter(c -> categories.containsAny(c.getCategory()))
				.filter(c -> c.getProvision().getType() != Consent.ConsentProvisionType.DENY)
				.toList();
	}

	private static boolean namesPrimaryCare(Consent consent, BehavioralHealthCare care) {
		return consent.getProvision().getActor().stream()
				.filter(actor -> actor.getRole().getCoding().stream()
						.anyMatch(c -> PARTICIPATION_TYPE.equals(c.getSystem()) && "IRCP".equals(c.getCode())))
				.anyMatch(actor -> care.isPrimaryCare(actor.getReference()));
	}

	private static java.time.LocalDate day(Instant instant) {
		return instant.atZone(ZoneOffset.UTC).toLocalDate();
	}
}

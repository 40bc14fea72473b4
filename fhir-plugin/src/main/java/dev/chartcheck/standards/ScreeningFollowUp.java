package dev.chartcheck.standards;

import dev.chartcheck.engine.BehavioralHealthCare;
import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.CodeSet;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import dev.chartcheck.engine.Windows;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;

/**
 * Depression and alcohol-use screening in case management, and positives assessed further
 * (docs/STANDARDS.md#screening-follow-up): a patient in behavioral-health care or in case management has a depression
 * screen (PHQ-2 or PHQ-9) and an alcohol-use screen (AUDIT-C) within the look-back period, and every positive screen
 * is followed, within the follow-up window, by an assessment or a referral (see {@link ScreenFollowUps}). "In" care
 * means now: an episode of behavioral-health care, or a case-management EpisodeOfCare or CarePlan, that reaches into
 * the look-back period; a detox five years ago does not make today's record answer for yearly screens.
 */
public final class ScreeningFollowUp implements Standard {

	public static final String CODE = "screening-follow-up";

	@Override
	public String code() {
		return CODE;
	}

	/** A visit or a note can be the follow-up, or bring the patient into behavioral-health care. */
	@Override
	public Set<String> affectedBy() {
		return Set.of("Encounter", "DocumentReference");
	}

	@Override
	public Set<String> readsResourceTypes() {
		return Set.of("Observation", "ServiceRequest", "EpisodeOfCare", "CarePlan");
	}

	/** The scored screens (PHQ-2, PHQ-9, AUDIT-C totals), the only Observations it reads. */
	@Override
	public Set<String> readsObservationCodes(ClinicalCodes codes) {
		return Screen.codes();
	}

	@Override
	public StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
		StandardResult.Builder result = new StandardResult.Builder(CODE);
		BehavioralHealthCare care = BehavioralHealthCare.of(record, context);
		Instant since = Windows.lookBackStart(context.now(), context.windows().screeningLookBack())
				.atStartOfDay(ZoneOffset.UTC).toInstant();
		if (care.inCare() || !record.all(EpisodeOfCare.class).isEmpty() || !record.all(CarePlan.class).isEmpty()) {
			// whether the patient is in care within the look-back, and which screens fall in it, move day by day
			context.changesTomorrow();
		}
		if (!inBehavioralHealthCare(care, since, context.now()) && !inCaseManagement(record, context, since)) {
			return result.build();
		}
		List<Screen> screens = record.all(Observation.class).stream()
				.map(Screen::of)
				.flatMap(Optional::stream)
				.sorted(Comparator.comparing(Screen::at))
				.toList();
		screened(record, context, screens, result);
		ScreenFollowUps followUps = new ScreenFollowUps(record, context, care, screens);
		for (Observation observation : record.entries(Observation.class)) {
			Optional<Screen> screen = screens.stream().filter(s -> s.observation() == observation).findFirst();
			if (screen.isPresent() && screen.get().positive(context.windows().screeningCutOffs(), record.patient().getGender())) {
				followedUp(record, context, screen.get(), followUps, result);
			}
		}
		return result.build();
	}

	/** A depression and an alcohol-use screen within the look-back. */
	private static void screened(RecordSnapshot record, EvaluationContext context, List<Screen> screens, StandardResult.Builder result) {
		result.examined(record.patientId());
		LocalDate since = Windows.lookBackStart(context.now(), context.windows().screeningLookBack());
		Instant latest = context.now().plus(context.windows().clockSkew());
		screens.forEach(s -> context.changesAt(s.at().minus(context.windows().clockSkew())));
		List<Screen> recent = screens.stream()
				.filter(s -> !s.at().atZone(ZoneOffset.UTC).toLocalDate().isBefore(since) && !s.at().isAfter(latest))
				.toList();
		List<String> missing = new ArrayList<>();
		if (recent.stream().noneMatch(s -> s.instrument().depression)) {
			missing.add("no depression screen (PHQ-2 or PHQ-9)");
		}
		if (recent.stream().noneMatch(s -> !s.instrument().depression)) {
			missing.add("no alcohol-use screen (AUDIT-C)");
		}
		if (missing.isEmpty()) {
			result.satisfiedBy(record.patientId(), RecordSnapshot.idOf(recent.get(recent.size() - 1).observation()));
			return;
		}
		result.finding(Finding.on(CODE, record, record.patient(), GapStatus.OPEN, "moderate",
				"This patient in behavioral-health care or case management has " + String.join(" and ", missing)
						+ " documented since " + since + ".",
				null, List.of()));
	}

	/** A positive screen is followed up from its day through the last day of the follow-up window. */
	private static void followedUp(
			RecordSnapshot record, EvaluationContext context, Screen screen, ScreenFollowUps followUps, StandardResult.Builder result) {
		String id = RecordSnapshot.idOf(screen.observation());
		result.examined(id);
		Instant from = screen.at().atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
		Instant until = from.plus(context.windows().screeningFollowUp()).plus(Duration.ofDays(1));
		Optional<ScreenFollowUps.FollowUp> followUp = followUps.of(screen, from, until);
		if (followUp.isPresent()) {
			result.satisfiedBy(id, followUp.get().resourceId());
			return;
		}
		long days = context.windows().screeningFollowUp().toDays();
		context.changesAt(until);
		boolean overdue = !until.isAfter(context.now());
		result.finding(Finding.on(CODE, record, screen.observation(), overdue ? GapStatus.OPEN : GapStatus.PROSPECTIVE,
				"moderate",
				overdue
						? "A positive " + screen.describe() + " has no documented assessment or referral within " + days
								+ " days (a behavioral-health visit, a referral, or an assessment note)."
						: "A positive " + screen.describe() + " has no assessment or referral yet; one is due by "
								+ until.minus(Duration.ofDays(1)).atZone(ZoneOffset.UTC).toLocalDate() + ".",
				"Observation.value", List.of()));
	}

	/**
	 * An episode of behavioral-health care that runs into the look-back (it lasts the episode gap after its last
	 * encounter); behavioral-health encounters with no date at all count too, since when they took place is unknown.
	 */
	static boolean inBehavioralHealthCare(BehavioralHealthCare care, Instant since, Instant now) {
		if (!care.inCare()) {
			return false;
		}
		return care.episodes().isEmpty()
				|| care.episodes().stream().anyMatch(e -> e.end().isAfter(since) && !e.start().isAfter(now));
	}

	/**
	 * An EpisodeOfCare or CarePlan of case management (type or category in {@code case-management}) whose period
	 * reaches into the look-back: not ended before it (an open period is ongoing), not begun after now.
	 */
	static boolean inCaseManagement(RecordSnapshot record, EvaluationContext context, Instant since) {
		CodeSet caseManagement = context.codes().get(ClinicalCodes.CASE_MANAGEMENT);
		boolean episode = record.all(EpisodeOfCare.class).stream()
				.filter(e -> e.getStatus() != EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR
						&& e.getStatus() != EpisodeOfCare.EpisodeOfCareStatus.CANCELLED
						&& e.getStatus() != EpisodeOfCare.EpisodeOfCareStatus.PLANNED)
				.filter(e -> caseManagement.containsAny(e.getType()))
				.anyMatch(e -> overlaps(e.getPeriod(), since, context.now()));
		boolean plan = record.all(CarePlan.class).stream()
				.filter(p -> p.getStatus() != CarePlan.CarePlanStatus.ENTEREDINERROR
						&& p.getStatus() != CarePlan.CarePlanStatus.DRAFT
						&& p.getStatus() != CarePlan.CarePlanStatus.REVOKED)
				.filter(p -> caseManagement.containsAny(p.getCategory()))
				.anyMatch(p -> overlaps(p.getPeriod(), since, context.now()));
		return episode || plan;
	}

	private static boolean overlaps(org.hl7.fhir.r4.model.Period period, Instant since, Instant now) {
		return (!period.hasEnd() || !period.getEnd().toInstant().isBefore(since))
				&& (!period.hasStart() || !period.getStart().toInstant().isAfter(now));
	}
}

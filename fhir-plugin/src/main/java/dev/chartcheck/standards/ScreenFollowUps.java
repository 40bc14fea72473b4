package dev.chartcheck.standards;

import dev.chartcheck.engine.BehavioralHealthCare;
import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.CodeSet;
import dev.chartcheck.engine.EntryDates;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.RecordSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * What follows a positive screen up (docs/STANDARDS.md#screening-follow-up: "assessed further and offered additional
 * services"): a behavioral-health encounter; a ServiceRequest or a referral note for behavioral-health care; a PHQ-9
 * after a positive PHQ-2; a documented assessment note. Pure: reads the snapshot.
 */
final class ScreenFollowUps {

	/** A follow-up and when it took place. */
	record FollowUp(String resourceId, Instant at) {}

	static final String REFERRAL_NOTE = "57133-1";

	private static final Set<ServiceRequest.ServiceRequestStatus> NOT_ORDERED = EnumSet.of(
			ServiceRequest.ServiceRequestStatus.DRAFT,
			ServiceRequest.ServiceRequestStatus.REVOKED,
			ServiceRequest.ServiceRequestStatus.ENTEREDINERROR);

	private final List<FollowUp> assessmentsAndReferrals = new ArrayList<>();
	private final List<Screen> screens;

	ScreenFollowUps(RecordSnapshot record, EvaluationContext context, BehavioralHealthCare care, List<Screen> screens) {
		this.screens = screens;
		CodeSet referrals = context.codes().get(ClinicalCodes.BEHAVIORAL_HEALTH_REFERRAL);
		CodeSet behavioralHealth = context.codes().get(ClinicalCodes.BEHAVIORAL_HEALTH_ENCOUNTER);
		CodeSet assessments = context.codes().get(ClinicalCodes.SCREENING_ASSESSMENT_NOTE);
		for (Encounter encounter : record.allEncounters()) {
			if (care.isBehavioralHealth(encounter) && encounter.getPeriod().hasStart()) {
				add(RecordSnapshot.idOf(encounter), encounter.getPeriod().getStart().toInstant());
			}
		}
		for (ServiceRequest request : record.all(ServiceRequest.class)) {
			boolean forBehavioralHealth = referrals.contains(request.getCode()) || behavioralHealth.contains(request.getCode())
					|| referrals.containsAny(request.getCategory());
			if (forBehavioralHealth && !NOT_ORDERED.contains(request.getStatus())) {
				EntryDates.of(request).ifPresent(at -> add(RecordSnapshot.idOf(request), at));
			}
		}
		for (DocumentReference note : record.allNotes()) {
			if (note.hasDate() && (assessments.contains(note.getType()) || assessments.containsAny(note.getCategory())
					|| referralForBehavioralHealth(record, note, care, referrals))) {
				add(RecordSnapshot.idOf(note), note.getDate().toInstant());
			}
		}
	}

	/** The earliest follow-up of {@code screen} from {@code from} (inclusive) to {@code until} (exclusive). */
	Optional<FollowUp> of(Screen screen, Instant from, Instant until) {
		List<FollowUp> found = new ArrayList<>(assessmentsAndReferrals);
		if (screen.instrument() == Screen.Instrument.PHQ2) {
			screens.stream()
					.filter(s -> s.instrument() == Screen.Instrument.PHQ9 && !s.at().isBefore(screen.at()))
					.forEach(s -> found.add(new FollowUp(RecordSnapshot.idOf(s.observation()), s.at())));
		}
		return found.stream()
				.filter(f -> !f.at().isBefore(from) && f.at().isBefore(until))
				.min(Comparator.comparing(FollowUp::at));
	}

	private void add(String id, Instant at) {
		assessmentsAndReferrals.add(new FollowUp(id, at));
	}

	/** A referral note (LOINC 57133-1) to behavioral-health care: by its category, its practice setting or its encounter. */
	private static boolean referralForBehavioralHealth(
			RecordSnapshot record, DocumentReference note, BehavioralHealthCare care, CodeSet referrals) {
		if (!note.getType().hasCoding(Screen.LOINC, REFERRAL_NOTE)) {
			return false;
		}
		return referrals.containsAny(note.getCategory())
				|| referrals.contains(note.getContext().getPracticeSetting())
				|| note.getContext().getEncounter().stream()
						.anyMatch(ref -> record.resolve(ref, Encounter.class).filter(care::isBehavioralHealth).isPresent());
	}
}

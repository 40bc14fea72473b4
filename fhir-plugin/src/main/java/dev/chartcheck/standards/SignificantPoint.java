package dev.chartcheck.standards;

import dev.chartcheck.engine.BehavioralHealthCare;
import dev.chartcheck.engine.BehavioralHealthCare.Episode;
import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.CodeSet;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.RecordSnapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A moment in an episode of behavioral care after which the PCP must hear of it: the initial evaluation,
 * a new psychotropic medication, a discharge. Only points inside the audit period are listed.
 */
record SignificantPoint(Resource resource, Instant at, String description) {

	private static final Set<MedicationRequestStatus> NOT_PRESCRIBED = EnumSet.of(
			MedicationRequestStatus.ENTEREDINERROR, MedicationRequestStatus.CANCELLED, MedicationRequestStatus.DRAFT);

	String id() {
		return RecordSnapshot.idOf(resource);
	}

	static List<SignificantPoint> of(RecordSnapshot record, BehavioralHealthCare care, EvaluationContext context) {
		// one point per resource: an encounter that is both initial evaluation and discharge counts at its end
		Map<String, SignificantPoint> points = new LinkedHashMap<>();
		for (Episode episode : care.episodes()) {
			Encounter initial = episode.initialEvaluation();
			if (record.encounters().contains(initial)) {
				add(points, new SignificantPoint(initial, episode.start(), "the initial evaluation on " + day(episode.start())));
			}
			for (Encounter encounter : episode.encounters()) {
				if (record.encounters().contains(encounter) && encounter.getHospitalization().hasDischargeDisposition()
						&& encounter.getPeriod().hasEnd()) {
					Instant end = encounter.getPeriod().getEnd().toInstant();
					add(points, new SignificantPoint(encounter, end, "the discharge on " + day(end)));
				}
			}
		}
		CodeSet dischargeNotes = context.codes().get(ClinicalCodes.DISCHARGE_NOTE);
		for (DocumentReference note : record.notes()) {
			if (!note.hasDate() || !dischargeNotes.contains(note.getType())) {
				continue;
			}
			boolean inEpisode = note.getContext().getEncounter().stream()
					.map(ref -> record.resolve(ref, Encounter.class))
					.flatMap(Optional::stream)
					.anyMatch(e -> care.episodeOf(e).isPresent());
			if (inEpisode) {
				Instant at = note.getDate().toInstant();
				add(points, new SignificantPoint(note, at, "the discharge summary of " + day(at)));
			}
		}
		for (MedicationRequest request : newPsychotropics(record, care, context)) {
			Instant at = request.getAuthoredOn().toInstant();
			add(points, new SignificantPoint(request, at, "the new psychotropic prescription of " + day(at)));
		}
		List<SignificantPoint> result = new ArrayList<>(points.values());
		result.sort(Comparator.comparing(SignificantPoint::at));
		return result;
	}

	private static void add(Map<String, SignificantPoint> points, SignificantPoint point) {
		points.merge(point.id(), point, (a, b) -> b.at().isAfter(a.at()) ? b : a);
	}

	/** Psychotropic prescriptions in scope, during an episode, not already prescribed within the episode gap before. */
	private static List<MedicationRequest> newPsychotropics(
			RecordSnapshot record, BehavioralHealthCare care, EvaluationContext context) {
		CodeSet psychotropic = context.codes().get(ClinicalCodes.PSYCHOTROPIC_MEDICATION);
		List<MedicationRequest> prescribed = record.all(MedicationRequest.class).stream()
				.filter(r -> !NOT_PRESCRIBED.contains(r.getStatus()) && r.hasAuthoredOn())
				.filter(r -> psychotropic.containsOrNames(medication(record, r)))
				.sorted(Comparator.comparing(MedicationRequest::getAuthoredOn))
				.toList();
		List<MedicationRequest> result = new ArrayList<>();
		for (MedicationRequest request : prescribed) {
			Instant at = request.getAuthoredOn().toInstant();
			if (!record.medicationRequests().contains(request) || care.episodeAt(at).isEmpty()) {
				continue;
			}
			Set<String> drug = names(medication(record, request));
			boolean renewal = prescribed.stream().anyMatch(earlier -> earlier != request
					&& !Collections.disjoint(names(medication(record, earlier)), drug)
					&& earlier.getAuthoredOn().toInstant().isBefore(at)
					&& !earlier.getAuthoredOn().toInstant().isBefore(at.minus(context.windows().episodeGap())));
			if (!renewal) {
				result.add(request);
			}
		}
		return result;
	}

	/** The medication's concept, inline or from the Medication it references. */
	private static CodeableConcept medication(RecordSnapshot record, MedicationRequest request) {
		if (request.hasMedicationCodeableConcept()) {
			return request.getMedicationCodeableConcept();
		}
		if (request.hasMedicationReference()) {
			Reference ref = request.getMedicationReference();
			return record.resolve(ref, Medication.class).map(Medication::getCode).orElseGet(CodeableConcept::new);
		}
		return new CodeableConcept();
	}

	/** What names a medication: each of its codes, its text and its displays; two prescriptions sharing one are the same drug. */
	private static Set<String> names(CodeableConcept concept) {
		Set<String> names = new HashSet<>();
		for (Coding coding : concept.getCoding()) {
			if (coding.hasCode()) {
				names.add(coding.getSystem() + "|" + coding.getCode());
			}
			if (coding.hasDisplay()) {
				names.add(coding.getDisplay().trim().toLowerCase(Locale.ROOT));
			}
		}
		if (concept.hasText()) {
			names.add(concept.getText().trim().toLowerCase(Locale.ROOT));
		}
		return names;
	}

	private static LocalDate day(Instant instant) {
		return instant.atZone(ZoneOffset.UTC).toLocalDate();
	}
}

package dev.chartcheck.standards;

import dev.chartcheck.engine.BirthDate;
import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.CodeSet;
import dev.chartcheck.engine.EntryDates;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import dev.chartcheck.engine.Windows;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;

/**
 * Documentation of preventive health services (docs/STANDARDS.md#preventive-services): an adult's record shows a
 * preventive service within the look-back period (a preventive visit, an immunization, an age-appropriate screening,
 * or a note that documents preventive services); a child's or adolescent's shows a well-child visit within the
 * well-child window.
 *
 * <p>The standard examines records that hold structured clinical data (any Immunization, Procedure or Observation):
 * a record of notes and encounters alone cannot show which services were given, and a missing feed is not a missing
 * service.
 */
public final class PreventiveServices implements Standard {

	public static final String CODE = "preventive-services";

	private static final int ADULT = 18;

	private static final Set<Observation.ObservationStatus> RESULTED = EnumSet.of(
			Observation.ObservationStatus.FINAL,
			Observation.ObservationStatus.AMENDED,
			Observation.ObservationStatus.CORRECTED,
			Observation.ObservationStatus.PRELIMINARY);

	/** A service that documents preventive care, and when it took place. */
	private record Service(Resource resource, Instant at) {}

	@Override
	public String code() {
		return CODE;
	}

	/** A preventive visit or a preventive-services note can close the gap. */
	@Override
	public Set<String> affectedBy() {
		return Set.of("Encounter", "DocumentReference");
	}

	@Override
	public Set<String> readsResourceTypes() {
		return Set.of("Immunization", "Procedure", "Observation");
	}

	/** The screenings among Observations; whether the record holds other Observations is all it needs of them. */
	@Override
	public Set<String> readsObservationCodes(ClinicalCodes codes) {
		return codes.get(ClinicalCodes.PREVENTIVE_SCREENING).enumerated();
	}

	@Override
	public StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
		StandardResult.Builder result = new StandardResult.Builder(CODE);
		if (!holdsClinicalData(record)) {
			return result.build();
		}
		result.examined(record.patientId());
		LocalDate today = context.now().atZone(ZoneOffset.UTC).toLocalDate();
		Optional<LocalDate> birth = BirthDate.of(record.patient());
		boolean minor = birth.isPresent() && Period.between(birth.get(), today).getYears() < ADULT;
		birth.ifPresent(b -> context.changesOn(b.plusYears(ADULT)));
		Period window = minor ? context.windows().wellChildLookBack() : context.windows().preventiveLookBack();
		LocalDate since = Windows.lookBackStart(context.now(), window);
		Instant latest = context.now().plus(context.windows().clockSkew());
		List<Service> services = services(record, context, minor);
		for (Service service : services) {
			context.changesAt(service.at().minus(context.windows().clockSkew()));
			context.changesOn(service.at().atZone(ZoneOffset.UTC).toLocalDate().plus(window).plusDays(1));
		}
		Optional<Service> latestService = services.stream()
				.filter(s -> !s.at().atZone(ZoneOffset.UTC).toLocalDate().isBefore(since) && !s.at().isAfter(latest))
				.max(Comparator.comparing(Service::at));
		if (latestService.isPresent()) {
			return result.satisfiedBy(record.patientId(), RecordSnapshot.idOf(latestService.get().resource())).build();
		}
		context.changesTomorrow(); // the detail names the look-back's first day
		String detail = minor
				? "No well-child visit is documented since " + since + "; a patient under " + ADULT
						+ " needs one every " + window.toTotalMonths() + " months."
				: "No preventive health service (a preventive visit, an immunization or an age-appropriate screening) is"
						+ " documented since " + since + ".";
		return result.finding(Finding.on(CODE, record, record.patient(), GapStatus.OPEN, "moderate", detail, null, List.of()))
				.build();
	}

	/** What counts: for a minor, preventive (well-child) visits only; for an adult, any preventive service. */
	private static List<Service> services(RecordSnapshot record, EvaluationContext context, boolean minor) {
		CodeSet visits = context.codes().get(ClinicalCodes.PREVENTIVE_VISIT);
		List<Service> services = new ArrayList<>();
		for (Encounter encounter : record.allEncounters()) {
			if (encounter.getStatus() != Encounter.EncounterStatus.PLANNED
					&& encounter.getStatus() != Encounter.EncounterStatus.CANCELLED
					&& visits.containsAny(encounter.getType())) {
				start(encounter).ifPresent(at -> services.add(new Service(encounter, at)));
			}
		}
		if (minor) {
			return services;
		}
		CodeSet screenings = context.codes().get(ClinicalCodes.PREVENTIVE_SCREENING);
		CodeSet notes = context.codes().get(ClinicalCodes.PREVENTIVE_SERVICES_NOTE);
		for (Immunization immunization : record.all(Immunization.class)) {
			if (immunization.getStatus() == Immunization.ImmunizationStatus.COMPLETED) {
				dated(services, immunization);
			}
		}
		for (Procedure procedure : record.all(Procedure.class)) {
			if (procedure.getStatus() == Procedure.ProcedureStatus.COMPLETED && screenings.contains(procedure.getCode())) {
				dated(services, procedure);
			}
		}
		for (Observation observation : record.all(Observation.class)) {
			if (RESULTED.contains(observation.getStatus()) && screenings.contains(observation.getCode())) {
				dated(services, observation);
			}
		}
		for (DocumentReference note : record.allNotes()) {
			if (note.hasDate() && (notes.containsAny(note.getCategory()) || notes.contains(note.getType()))) {
				services.add(new Service(note, note.getDate().toInstant()));
			}
		}
		return services;
	}

	private static void dated(List<Service> services, Resource entry) {
		EntryDates.of(entry).ifPresent(at -> services.add(new Service(entry, at)));
	}

	private static Optional<Instant> start(Encounter encounter) {
		if (encounter.getPeriod().hasStart()) {
			return Optional.of(encounter.getPeriod().getStart().toInstant());
		}
		return encounter.getPeriod().hasEnd() ? Optional.of(encounter.getPeriod().getEnd().toInstant()) : Optional.empty();
	}

	/** Any Immunization, Procedure or Observation not entered in error, of any date. */
	static boolean holdsClinicalData(RecordSnapshot record) {
		return record.all(Immunization.class).stream()
						.anyMatch(i -> i.getStatus() != Immunization.ImmunizationStatus.ENTEREDINERROR)
				|| record.all(Procedure.class).stream()
						.anyMatch(p -> p.getStatus() != Procedure.ProcedureStatus.ENTEREDINERROR)
				|| record.holdsObservations();
	}
}

package dev.chartcheck.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;

/**
 * What a record says about behavioral-health care: its episodes, the patient's primary care physician,
 * the documented communication with that PCP, and a documented refusal to share with them. Shared by
 * the behavioral-health standards; pure, computed from a snapshot.
 */
public final class BehavioralHealthCare {

	private static final Set<EncounterStatus> NOT_CARE =
			EnumSet.of(EncounterStatus.PLANNED, EncounterStatus.CANCELLED, EncounterStatus.ENTEREDINERROR);

	/**
	 * One episode of behavioral-health care.
	 *
	 * @param encounters its behavioral-health encounters by start; the first is the initial evaluation
	 * @param end the moment the episode lapses: the episode gap after its last encounter ended
	 */
	public record Episode(List<Encounter> encounters, Instant end) {

		public Encounter initialEvaluation() {
			return encounters.get(0);
		}

		public Instant start() {
			return BehavioralHealthCare.start(initialEvaluation());
		}

		public boolean contains(Instant instant) {
			return !instant.isBefore(start()) && instant.isBefore(end);
		}

		public boolean contains(Encounter encounter) {
			return encounters.contains(encounter);
		}
	}

	/** A documented communication with the PCP and when it happened. */
	public record Contact(String resourceId, Instant at) {}

	private final RecordSnapshot record;
	private final ClinicalCodes codes;
	private final boolean inCare;
	private final List<Episode> episodes;
	private final Set<String> pcp;

	private BehavioralHealthCare(RecordSnapshot record, EvaluationContext context) {
		this.record = record;
		this.codes = context.codes();
		this.inCare = record.allEncounters().stream().anyMatch(this::isBehavioralHealth);
		this.episodes = episodes(context);
		this.pcp = primaryCarePhysician();
	}

	public static BehavioralHealthCare of(RecordSnapshot record, EvaluationContext context) {
		return new BehavioralHealthCare(record, context);
	}

	/** Whether the patient has ever had a behavioral-health encounter (dated or not). */
	public boolean inCare() {
		return inCare;
	}

	public List<Episode> episodes() {
		return episodes;
	}

	public Optional<Episode> episodeOf(Encounter encounter) {
		return episodes.stream().filter(e -> e.contains(encounter)).findFirst();
	}

	public Optional<Episode> episodeAt(Instant instant) {
		return episodes.stream().filter(e -> e.contains(instant)).findFirst();
	}

	public boolean isBehavioralHealth(Encounter encounter) {
		CodeSet set = codes.get(ClinicalCodes.BEHAVIORAL_HEALTH_ENCOUNTER);
		return !NOT_CARE.contains(encounter.getStatus())
				&& (set.containsAny(encounter.getType()) || set.contains(encounter.getServiceType()));
	}

	public boolean isSubstanceUse(Encounter encounter) {
		CodeSet set = codes.get(ClinicalCodes.SUBSTANCE_USE_ENCOUNTER);
		return set.containsAny(encounter.getType()) || set.contains(encounter.getServiceType());
	}

	/** The PCP as {@code Type/id} references (Practitioner and PractitionerRole alike); empty when none is on record. */
	public Set<String> primaryCare() {
		return pcp;
	}

	public boolean hasPrimaryCare() {
		return !pcp.isEmpty();
	}

	/** Whether a reference names the PCP, directly or through a PractitionerRole. */
	public boolean isPrimaryCare(Reference reference) {
		String id = RecordSnapshot.referenceId(reference);
		if (id == null) {
			return false;
		}
		return pcp.contains(id) || record.practitioner(reference).map(p -> pcp.contains(RecordSnapshot.idOf(p))).orElse(false);
	}

	/** The patient's active refusal to share information with the PCP, if documented. */
	public Optional<Consent> refusal() {
		return record.consents().stream()
				.filter(c -> c.getStatus() == Consent.ConsentState.ACTIVE)
				.filter(c -> deniesPrimaryCare(c.getProvision()))
				.findFirst();
	}

	/** Documented communications with the PCP: Communications to them, and referral or consult notes addressed to them. */
	public List<Contact> contactsWithPrimaryCare() {
		List<Contact> contacts = new ArrayList<>();
		for (Communication communication : record.communications()) {
			if (communication.getStatus() == Communication.CommunicationStatus.ENTEREDINERROR
					|| communication.getStatus() == Communication.CommunicationStatus.NOTDONE
					|| communication.getRecipient().stream().noneMatch(this::isPrimaryCare)) {
				continue;
			}
			if (communication.hasSent()) {
				contacts.add(new Contact(RecordSnapshot.idOf(communication), communication.getSent().toInstant()));
			} else if (communication.hasReceived()) {
				contacts.add(new Contact(RecordSnapshot.idOf(communication), communication.getReceived().toInstant()));
			}
		}
		CodeSet letters = codes.get(ClinicalCodes.PCP_COMMUNICATION_NOTE);
		for (DocumentReference note : record.allNotes()) {
			if (note.hasDate() && letters.contains(note.getType())
					&& note.getContext().getRelated().stream().anyMatch(this::isPrimaryCare)) {
				contacts.add(new Contact(RecordSnapshot.idOf(note), note.getDate().toInstant()));
			}
		}
		contacts.sort(Comparator.comparing(Contact::at));
		return contacts;
	}

	private boolean deniesPrimaryCare(Consent.ProvisionComponent provision) {
		if (provision.getType() == Consent.ConsentProvisionType.DENY
				&& provision.getActor().stream().anyMatch(a -> isPrimaryCare(a.getReference()))) {
			return true;
		}
		return provision.getProvision().stream().anyMatch(this::deniesPrimaryCare);
	}

	private List<Episode> episodes(EvaluationContext context) {
		List<Encounter> encounters = record.allEncounters().stream()
				.filter(this::isBehavioralHealth)
				.filter(e -> e.getPeriod().hasStart())
				.sorted(Comparator.comparing(BehavioralHealthCare::start))
				.toList();
		List<Episode> result = new ArrayList<>();
		List<Encounter> current = new ArrayList<>();
		Instant previousEnd = null;
		for (Encounter encounter : encounters) {
			if (previousEnd != null && start(encounter).isAfter(previousEnd.plus(context.windows().episodeGap()))) {
				result.add(new Episode(List.copyOf(current), previousEnd.plus(context.windows().episodeGap())));
				current = new ArrayList<>();
				previousEnd = null;
			}
			current.add(encounter);
			Instant end = encounter.getPeriod().hasEnd() ? encounter.getPeriod().getEnd().toInstant() : start(encounter);
			previousEnd = previousEnd == null || end.isAfter(previousEnd) ? end : previousEnd;
		}
		if (!current.isEmpty()) {
			result.add(new Episode(List.copyOf(current), previousEnd.plus(context.windows().episodeGap())));
		}
		return List.copyOf(result);
	}

	private Set<String> primaryCarePhysician() {
		Set<String> ids = new LinkedHashSet<>();
		for (Reference gp : record.patient().getGeneralPractitioner()) {
			addPrimaryCare(ids, gp);
		}
		CodeSet pcpRole = codes.get(ClinicalCodes.PRIMARY_CARE_PHYSICIAN_ROLE);
		for (CareTeam team : record.careTeams()) {
			if (team.getStatus() == CareTeam.CareTeamStatus.ENTEREDINERROR
					|| team.getStatus() == CareTeam.CareTeamStatus.INACTIVE) {
				continue;
			}
			for (CareTeam.CareTeamParticipantComponent participant : team.getParticipant()) {
				if (pcpRole.containsAny(participant.getRole())) {
					addPrimaryCare(ids, participant.getMember());
				}
			}
		}
		return Collections.unmodifiableSet(ids); // in record order, so that reports are stable from run to run
	}

	/** Adds a PCP reference and, for a PractitionerRole, its Practitioner; for a Practitioner, its roles on record. */
	private void addPrimaryCare(Set<String> ids, Reference reference) {
		String id = RecordSnapshot.referenceId(reference);
		if (id == null) {
			return;
		}
		ids.add(id);
		record.practitioner(reference).ifPresent(p -> ids.add(RecordSnapshot.idOf(p)));
		for (PractitionerRole role : record.all(PractitionerRole.class)) {
			if (id.equals(RecordSnapshot.referenceId(role.getPractitioner()))) {
				ids.add(RecordSnapshot.idOf(role));
			}
		}
	}

	static Instant start(Encounter encounter) {
		return encounter.getPeriod().getStart().toInstant();
	}
}

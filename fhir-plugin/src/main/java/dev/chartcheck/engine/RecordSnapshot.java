package dev.chartcheck.engine;

import dev.chartcheck.engine.clones.CloneMatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A patient's record as loaded for one check: the patient, the entries in scope (notes and encounters
 * within the audit period), and everything they point to. Standards read only this; it is the one
 * place that knows how the record was fetched.
 */
public final class RecordSnapshot {

	private final Patient patient;
	private final String patientId;
	private final List<Encounter> encounters;
	private final List<DocumentReference> notes;
	private final List<Consent> consents;
	private final List<Communication> communications;
	private final List<CareTeam> careTeams;
	private final List<Provenance> provenances;
	private final List<MedicationRequest> medicationRequests;
	private final Map<String, Resource> byId;
	private final Map<String, NoteContent> contents;
	private final Map<String, List<CloneMatch>> clones;
	private final boolean clonesKnown;
	private final List<Resource> entries;

	private RecordSnapshot(Builder b) {
		this.patient = b.patient;
		this.patientId = idOf(b.patient);
		this.encounters = List.copyOf(b.encounters);
		this.notes = List.copyOf(b.notes);
		this.consents = List.copyOf(b.consents);
		this.communications = List.copyOf(b.communications);
		this.careTeams = List.copyOf(b.careTeams);
		this.provenances = List.copyOf(b.provenances);
		this.medicationRequests = List.copyOf(b.medicationRequests);
		this.byId = Map.copyOf(b.byId);
		this.contents = Map.copyOf(b.contents);
		this.clones = Map.copyOf(b.clones);
		this.clonesKnown = b.clonesKnown;
		this.entries = List.copyOf(b.entries);
	}

	public static Builder builder(Patient patient) {
		return new Builder(patient);
	}

	public Patient patient() {
		return patient;
	}

	/** {@code Patient/<id>}. */
	public String patientId() {
		return patientId;
	}

	/** The encounters in scope, without those entered in error. */
	public List<Encounter> encounters() {
		return encounters;
	}

	/** The notes (DocumentReferences) in scope, without those entered in error. */
	public List<DocumentReference> notes() {
		return notes;
	}

	public List<Consent> consents() {
		return consents;
	}

	public List<Communication> communications() {
		return communications;
	}

	public List<CareTeam> careTeams() {
		return careTeams;
	}

	public List<Provenance> provenances() {
		return provenances;
	}

	/** The medication requests in scope (authored within the audit period). */
	public List<MedicationRequest> medicationRequests() {
		return medicationRequests;
	}

	/**
	 * The entries in scope of a type the core record does not hold (Observation, Immunization, Procedure, ServiceRequest,
	 * EpisodeOfCare, CarePlan, Claim), loaded when a standard checked reads them (see
	 * {@link Standard#readsResourceTypes()}); empty otherwise. Entered-in-error entries are included: standards filter.
	 */
	public <T extends Resource> List<T> entries(Class<T> type) {
		return entries.stream().filter(type::isInstance).map(type::cast).toList();
	}

	/** Every loaded resource of a type, in scope or not. */
	public <T extends Resource> List<T> all(Class<T> type) {
		return byId.values().stream().filter(type::isInstance).map(type::cast).toList();
	}

	/** Every encounter loaded, in scope or not, without those entered in error. */
	public List<Encounter> allEncounters() {
		return all(Encounter.class).stream()
				.filter(e -> e.getStatus() != Encounter.EncounterStatus.ENTEREDINERROR)
				.toList();
	}

	/** Every note loaded, in scope or not, without those entered in error. */
	public List<DocumentReference> allNotes() {
		return all(DocumentReference.class).stream()
				.filter(n -> n.getStatus() != org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.ENTEREDINERROR)
				.toList();
	}

	/**
	 * What the note's attachments hold, as read when the record was loaded; empty when its content was not read
	 * (the standards checked did not need it).
	 */
	public Optional<NoteContent> content(DocumentReference note) {
		return Optional.ofNullable(contents.get(idOf(note)));
	}

	/**
	 * Whether the record was loaded with its notes compared against every stored note ({@link #clones}): false when
	 * no standard checked needed it, or while the comparison index is still being built at start-up.
	 */
	public boolean clonesKnown() {
		return clonesKnown;
	}

	/**
	 * The earlier notes (of this patient, or of other patients by the same author) that the note's text is
	 * near-identical to, most similar first; empty when it copies none, or when it was not compared (see
	 * {@link #clonesKnown()}; a note without text is not compared).
	 */
	public List<CloneMatch> clones(DocumentReference note) {
		return clones.getOrDefault(idOf(note), List.of());
	}

	/** Whether the note was compared with the stored notes (see {@link #clones}). */
	public boolean comparedForClones(DocumentReference note) {
		return clones.containsKey(idOf(note));
	}

	/** Any loaded resource by reference, in scope or not (an addendum's original, a note's encounter, its author…). */
	public Optional<Resource> resolve(Reference reference) {
		String id = referenceId(reference);
		if (id == null) {
			return Optional.empty();
		}
		Resource loaded = byId.get(id);
		if (loaded == null && reference.getResource() instanceof Resource inline) {
			return Optional.of(inline);
		}
		return Optional.ofNullable(loaded);
	}

	public <T extends Resource> Optional<T> resolve(Reference reference, Class<T> type) {
		return resolve(reference).filter(type::isInstance).map(type::cast);
	}

	/** The Practitioner a reference stands for: directly, or through a PractitionerRole. */
	public Optional<Practitioner> practitioner(Reference reference) {
		Optional<Resource> target = resolve(reference);
		if (target.isPresent() && target.get() instanceof PractitionerRole role) {
			return resolve(role.getPractitioner(), Practitioner.class);
		}
		return target.filter(Practitioner.class::isInstance).map(Practitioner.class::cast);
	}

	/**
	 * The notes whose context points to the given encounter, in scope or not: a note written just after the
	 * audit period still documents an encounter inside it.
	 */
	public List<DocumentReference> notesFor(String encounterId) {
		return allNotes().stream()
				.filter(note -> note.getContext().getEncounter().stream()
						.anyMatch(ref -> encounterId.equals(referenceId(ref))))
				.toList();
	}

	/** {@code Type/id} of a resource, unversioned and without base URL. */
	public static String idOf(Resource resource) {
		IdType id = new IdType(resource.getIdElement().getValue());
		String type = resource.fhirType();
		return type + "/" + id.getIdPart();
	}

	/** {@code Type/id} a reference points to, or null when it has no literal reference. */
	public static String referenceId(Reference reference) {
		if (reference == null) {
			return null;
		}
		if (reference.getReferenceElement().hasIdPart() && reference.getReferenceElement().hasResourceType()) {
			return reference.getReferenceElement().getResourceType() + "/" + reference.getReferenceElement().getIdPart();
		}
		if (reference.getResource() instanceof Resource r && r.hasIdElement()) {
			return idOf(r);
		}
		return null;
	}

	/** Collects a snapshot. Entries entered in error are left out. */
	public static final class Builder {
		private final Patient patient;
		private final List<Encounter> encounters = new ArrayList<>();
		private final List<DocumentReference> notes = new ArrayList<>();
		private final List<Consent> consents = new ArrayList<>();
		private final List<Communication> communications = new ArrayList<>();
		private final List<CareTeam> careTeams = new ArrayList<>();
		private final List<Provenance> provenances = new ArrayList<>();
		private final List<MedicationRequest> medicationRequests = new ArrayList<>();
		private final Map<String, Resource> byId = new LinkedHashMap<>();
		private final Map<String, NoteContent> contents = new LinkedHashMap<>();
		private final Map<String, List<CloneMatch>> clones = new LinkedHashMap<>();
		private boolean clonesKnown;
		private final List<Resource> entries = new ArrayList<>();

		private Builder(Patient patient) {
			this.patient = patient;
			byId.put(idOf(patient), patient);
		}

		public Builder encounter(Encounter encounter) {
			related(encounter);
			if (encounter.getStatus() != Encounter.EncounterStatus.ENTEREDINERROR) {
				encounters.add(encounter);
			}
			return this;
		}

		public Builder note(DocumentReference note) {
			related(note);
			if (note.getStatus() != org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.ENTEREDINERROR) {
				notes.add(note);
			}
			return this;
		}

		public Builder consent(Consent consent) {
			related(consent);
			consents.add(consent);
			return this;
		}

		public Builder communication(Communication communication) {
			related(communication);
			communications.add(communication);
			return this;
		}

		public Builder careTeam(CareTeam careTeam) {
			related(careTeam);
			careTeams.add(careTeam);
			return this;
		}

		public Builder provenance(Provenance provenance) {
			related(provenance);
			provenances.add(provenance);
			return this;
		}

		public Builder medicationRequest(MedicationRequest medicationRequest) {
			related(medicationRequest);
			medicationRequests.add(medicationRequest);
			return this;
		}

		/** An entry in scope of a type the core record does not hold (see {@link RecordSnapshot#entries}). */
		public Builder entry(Resource resource) {
			related(resource);
			entries.add(resource);
			return this;
		}

		/** What a note's attachments hold (see {@link RecordSnapshot#content}). */
		public Builder content(DocumentReference note, NoteContent content) {
			contents.put(idOf(note), content);
			return this;
		}

		/**
		 * The earlier notes a note copies (none: an empty list), as compared with every stored note; marks the
		 * record as {@link RecordSnapshot#clonesKnown() compared}.
		 */
		public Builder clones(DocumentReference note, List<CloneMatch> matches) {
			clones.put(idOf(note), List.copyOf(matches));
			clonesKnown = true;
			return this;
		}

		/** Marks the record as compared for clones even if no note had text to compare. */
		public Builder clonesKnown() {
			clonesKnown = true;
			return this;
		}

		/** Every note content (and clone comparison) another snapshot holds (when a snapshot is rebuilt with a change). */
		public Builder contentsFrom(RecordSnapshot other) {
			contents.putAll(other.contents);
			clones.putAll(other.clones);
			clonesKnown |= other.clonesKnown;
			return this;
		}

		/** The patient's {@code Patient/id}. */
		public String patientId() {
			return idOf(patient);
		}

		/** A resource the record points to but that is not itself an entry in scope. */
		public Builder related(Resource resource) {
			byId.put(idOf(resource), resource);
			return this;
		}

		public Builder relatedAll(Collection<? extends Resource> resources) {
			resources.forEach(this::related);
			return this;
		}

		public RecordSnapshot build() {
			return new RecordSnapshot(this);
		}
	}
}

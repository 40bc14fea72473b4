package dev.chartcheck.engine;

import dev.chartcheck.engine.clones.CloneMatch;
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
import org.hl7.fhir.r4.model.Observation;
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
	final Map<String, NoteContent> contents;
	final Map<String, List<CloneMatch>> clones;
	final boolean clonesKnown;
	private final List<Resource> entries;
	private final Boolean holdsObservations;

	RecordSnapshot(RecordSnapshotBuilder b) {
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
		this.holdsObservations = b.holdsObservations;
	}

	public static RecordSnapshotBuilder builder(Patient patient) {
		return new RecordSnapshotBuilder(patient);
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

	/**
	 * Whether the patient's record holds an Observation not entered in error, of any code and date: also when the
	 * record was loaded with the Observations of the codes its standards read only (see
	 * {@link Standard#readsObservationCodes}), which {@link #all} then holds.
	 */
	public boolean holdsObservations() {
		if (holdsObservations != null) {
			return holdsObservations;
		}
		return all(Observation.class).stream().anyMatch(o -> o.getStatus() != Observation.ObservationStatus.ENTEREDINERROR);
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
}

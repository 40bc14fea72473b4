package dev.chartcheck.engine;

import dev.chartcheck.engine.clones.CloneMatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;

/** Collects a snapshot. Entries entered in error are left out. */
public final class RecordSnapshotBuilder {
	final Patient patient;
	final List<Encounter> encounters = new ArrayList<>();
	final List<DocumentReference> notes = new ArrayList<>();
	final List<Consent> consents = new ArrayList<>();
	final List<Communication> communications = new ArrayList<>();
	final List<CareTeam> careTeams = new ArrayList<>();
	final List<Provenance> provenances = new ArrayList<>();
	final List<MedicationRequest> medicationRequests = new ArrayList<>();
	final Map<String, Resource> byId = new LinkedHashMap<>();
	final Map<String, NoteContent> contents = new LinkedHashMap<>();
	final Map<String, List<CloneMatch>> clones = new LinkedHashMap<>();
	boolean clonesKnown;
	final List<Resource> entries = new ArrayList<>();
	Boolean holdsObservations;

	RecordSnapshotBuilder(Patient patient) {
		this.patient = patient;
		byId.put(RecordSnapshot.idOf(patient), patient);
	}

	public RecordSnapshotBuilder encounter(Encounter encounter) {
		related(encounter);
		if (encounter.getStatus() != Encounter.EncounterStatus.ENTEREDINERROR) {
			encounters.add(encounter);
		}
		return this;
	}

	public RecordSnapshotBuilder note(DocumentReference note) {
		related(note);
		if (note.getStatus() != org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.ENTEREDINERROR) {
			notes.add(note);
		}
		return this;
	}

	public RecordSnapshotBuilder consent(Consent consent) {
		related(consent);
		consents.add(consent);
		return this;
	}

	public RecordSnapshotBuilder communication(Communication communication) {
		related(communication);
		communications.add(communication);
		return this;
	}

	public RecordSnapshotBuilder careTeam(CareTeam careTeam) {
		related(careTeam);
		careTeams.add(careTeam);
		return this;
	}

	public RecordSnapshotBuilder provenance(Provenance provenance) {
		related(provenance);
		provenances.add(provenance);
		return this;
	}

	public RecordSnapshotBuilder medicationRequest(MedicationRequest medicationRequest) {
		related(medicationRequest);
		medicationRequests.add(medicationRequest);
		return this;
	}

	/** An entry in scope of a type the core record does not hold (see {@link RecordSnapshot#entries}). */
	public RecordSnapshotBuilder entry(Resource resource) {
		related(resource);
		entries.add(resource);
		return this;
	}

	/** What a note's attachments hold (see {@link RecordSnapshot#content}). */
	public RecordSnapshotBuilder content(DocumentReference note, NoteContent content) {
		contents.put(RecordSnapshot.idOf(note), content);
		return this;
	}

	/**
	 * The earlier notes a note copies (none: an empty list), as compared with every stored note; marks the
	 * record as {@link RecordSnapshot#clonesKnown() compared}.
	 */
	public RecordSnapshotBuilder clones(DocumentReference note, List<CloneMatch> matches) {
		clones.put(RecordSnapshot.idOf(note), List.copyOf(matches));
		clonesKnown = true;
		return this;
	}

	/** Marks the record as compared for clones even if no note had text to compare. */
	public RecordSnapshotBuilder clonesKnown() {
		clonesKnown = true;
		return this;
	}

	/** Every note content (and clone comparison) another snapshot holds (when a snapshot is rebuilt with a change). */
	public RecordSnapshotBuilder contentsFrom(RecordSnapshot other) {
		contents.putAll(other.contents);
		clones.putAll(other.clones);
		clonesKnown |= other.clonesKnown;
		return this;
	}

	/** The patient's {@code Patient/id}. */
	public String patientId() {
		return RecordSnapshot.idOf(patient);
	}

	/**
	 * Whether the patient's record holds an Observation not entered in error, of any code and date, when the record is
	 * loaded with the Observations of some codes only (see {@link RecordSnapshot#holdsObservations}).
	 */
	public RecordSnapshotBuilder holdsObservations(boolean holds) {
		this.holdsObservations = holds;
		return this;
	}

	/** A resource the record points to but that is not itself an entry in scope. */
	public RecordSnapshotBuilder related(Resource resource) {
		byId.put(RecordSnapshot.idOf(resource), resource);
		return this;
	}

	public RecordSnapshotBuilder relatedAll(Collection<? extends Resource> resources) {
		resources.forEach(this::related);
		return this;
	}

	public RecordSnapshot build() {
		return new RecordSnapshot(this);
	}
}

package dev.chartcheck.storage;

import dev.chartcheck.engine.RecordSnapshotBuilder;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import dev.chartcheck.check.RecordNeeds;
import dev.chartcheck.content.NoteReader;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.NoteContent;
import dev.chartcheck.engine.RecordSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;

/**
 * The records of a chunk of patients as {@link RecordSnapshotLoader} assembles them: each entry handed to the patient
 * it belongs to ({@link RecordTargets#owners}), what each record's entries point to noted for that record, the notes'
 * content read once, and the notes in scope compared with the stored notes.
 */
final class RecordChunk {
	private final AuditPeriod period;
	private final RecordNeeds needs;
	private final Map<String, RecordSnapshotBuilder> records = new LinkedHashMap<>();
	private final Map<String, Set<String>> pointsTo = new HashMap<>();
	private final Map<String, Map<String, NoteContent>> contents = new HashMap<>();
	private final Map<String, List<DocumentReference>> inScope = new HashMap<>();

	private final NoteReader notes;
	private final NoteClones clones;

	RecordChunk(AuditPeriod period, RecordNeeds needs, NoteReader notes, NoteClones clones) {
		this.period = period;
		this.needs = needs;
		this.notes = notes;
		this.clones = clones;
	}

	void patient(Patient patient) {
		String id = RecordSnapshot.idOf(patient);
		records.put(id, RecordSnapshot.builder(patient));
		pointsTo.put(id, new LinkedHashSet<>(RecordTargets.of(patient)));
	}

	boolean isEmpty() {
		return records.isEmpty();
	}

	ReferenceOrListParam ownerParam() {
		ReferenceOrListParam param = new ReferenceOrListParam();
		records.keySet().forEach(id -> param.addOr(new ReferenceParam(id)));
		return param;
	}

	RecordSnapshotBuilder record(String patientId) {
		return records.get(patientId);
	}

	void encounter(Encounter encounter) {
		own(encounter, record -> {
			if (period.includes(encounter)) {
				record.encounter(encounter);
			} else {
				record.related(encounter);
			}
		});
	}

	void note(DocumentReference note, Map<String, Encounter> encounters) {
		boolean inPeriod = period.includes(note, ref -> encounters.get(RecordSnapshot.referenceId(ref)));
		NoteContent content = needs.noteContent() && notes != null
				&& note.getStatus() != Enumerations.DocumentReferenceStatus.ENTEREDINERROR ? notes.read(note) : null;
		own(note, record -> {
			String patientId = record.patientId();
			if (content != null) {
				contents.computeIfAbsent(patientId, k -> new HashMap<>()).put(RecordSnapshot.idOf(note), content);
				record.content(note, content);
			}
			if (inPeriod) {
				record.note(note);
				inScope.computeIfAbsent(patientId, k -> new ArrayList<>()).add(note);
			} else {
				record.related(note);
			}
		});
	}

	/** Each note in scope that has text, compared with every stored note (see {@link NoteClones}). */
	void compareNotes() {
		if (!needs.clones() || clones == null || !clones.ready()) {
			return;
		}
		clones.takeInOthers();
		records.forEach((patientId, record) -> {
			record.clonesKnown();
			Map<String, NoteContent> own = contents.getOrDefault(patientId, Map.of());
			for (DocumentReference note : inScope.getOrDefault(patientId, List.of())) {
				NoteContent content = own.get(RecordSnapshot.idOf(note));
				if (content != null && content.hasText()
						&& note.getStatus() != Enumerations.DocumentReferenceStatus.ENTEREDINERROR) {
					clones.matches(note, content, own).ifPresent(matches -> record.clones(note, matches));
				}
			}
		});
	}

	/** Hands an entry to each patient of the chunk it belongs to, noting what it points to for that patient. */
	void own(Resource resource, Entry entry) {
		for (String owner : RecordTargets.owners(resource)) {
			RecordSnapshotBuilder record = records.get(owner);
			if (record != null) {
				entry.add(record);
				pointsTo.get(owner).addAll(RecordTargets.of(resource));
			}
		}
	}

	/** Every target some record of the chunk points to. */
	Set<String> pointedTo() {
		Set<String> all = new LinkedHashSet<>();
		pointsTo.values().forEach(all::addAll);
		return all;
	}

	/** The record with the targets its entries point to, and the practitioners of the roles among them. */
	RecordSnapshot build(String patientId, Map<String, Resource> targets) {
		RecordSnapshotBuilder record = records.get(patientId);
		for (String id : pointsTo.get(patientId)) {
			Resource target = targets.get(id);
			if (target == null || id.equals(patientId)) {
				continue;
			}
			record.related(target);
			if (target instanceof PractitionerRole role) {
				RecordTargets.practitionerOf(role).map(targets::get).ifPresent(record::related);
			}
		}
		return record.build();
	}

	/** What an entry adds to the record of a patient it belongs to. */
	@FunctionalInterface
	interface Entry {
		void add(RecordSnapshotBuilder record);
	}
}

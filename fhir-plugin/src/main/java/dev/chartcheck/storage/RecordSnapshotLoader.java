package dev.chartcheck.storage;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.chartcheck.check.RecordNeeds;
import dev.chartcheck.check.RecordSource;
import dev.chartcheck.content.NoteReader;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.NoteContent;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;

/**
 * Loads a patient's record for checking, in one search per resource type. Each search brings along (with
 * {@code _include}) the clinicians and organizations its entries point to, so no standard ever needs to
 * query storage itself. This is the only class that reads storage for the checks. When a standard reads what notes
 * say, every note's attachments are read too (decoded, fetched, extracted: see {@link NoteReader}), so that the
 * standards find the text in the snapshot and never do I/O.
 */
public class RecordSnapshotLoader implements RecordSource {

	private final DaoRegistry daos;
	private final NoteReader notes;
	private final NoteClones clones;

	/** @param notes reads the notes' attachments; null never reads them (the content standards then see none) */
	public RecordSnapshotLoader(DaoRegistry daos, NoteReader notes) {
		this(daos, notes, null);
	}

	/** @param clones compares notes with every stored note; null never does (the clone standard then judges nothing) */
	public RecordSnapshotLoader(DaoRegistry daos, NoteReader notes, NoteClones clones) {
		this.daos = daos;
		this.notes = notes;
		this.clones = clones;
	}

	/** Each patient's record with what {@code needs} asks, one patient after another; a patient not stored is left out. */
	@Override
	public Map<String, RecordSnapshot> load(List<String> patientIds, AuditPeriod period, RecordNeeds needs) {
		Map<String, RecordSnapshot> records = new LinkedHashMap<>();
		for (String patientId : patientIds) {
			try {
				records.put(patientId, load(new IdType(patientId), period, new SystemRequestDetails(), needs.noteContent(),
						needs.clones(), needs.entryTypes()));
			} catch (ResourceNotFoundException e) {
				// not stored (any more): left out
			}
		}
		return records;
	}

	/** The record with its notes' content and every further entry type. */
	public RecordSnapshot load(IIdType patientId, AuditPeriod period, RequestDetails request) {
		return load(patientId, period, request, true, false, EntryTypes.ALL);
	}

	/**
	 * The record, with its notes' content and their comparison with the stored notes only when {@code standards} need
	 * them, and of the further entry types (Observations, Claims…) only those that they read.
	 */
	public RecordSnapshot load(IIdType patientId, AuditPeriod period, RequestDetails request, Collection<Standard> standards) {
		RecordNeeds needs = RecordNeeds.of(standards);
		return load(patientId, period, request, needs.noteContent(), needs.clones(), needs.entryTypes());
	}

	/**
	 * The record with every further entry type, without comparing its notes with the stored notes.
	 *
	 * @param withContent read the notes' attachments (every note of the patient's, in scope or not, without those
	 *     entered in error)
	 * @throws ResourceNotFoundException when there is no such patient
	 */
	public RecordSnapshot load(IIdType patientId, AuditPeriod period, RequestDetails request, boolean withContent) {
		return load(patientId, period, request, withContent, false, EntryTypes.ALL);
	}

	/**
	 * @param withClones compare the notes in scope that have text with every stored note (needs {@code withContent})
	 * @param entryTypes the further entry types to load
	 */
	private RecordSnapshot load(IIdType patientId, AuditPeriod period, RequestDetails request, boolean withContent,
			boolean withClones, Set<String> entryTypes) {
		String patientRef = "Patient/" + patientId.getIdPart();

		List<IBaseResource> patientAndPcp = search("Patient", byId(patientId.getIdPart())
				.addInclude(new Include("Patient:general-practitioner"))
				.addInclude(new Include("Patient:organization"))
				.addInclude(new Include("PractitionerRole:practitioner", true)), request);
		Patient patient = patientAndPcp.stream()
				.filter(Patient.class::isInstance)
				.map(Patient.class::cast)
				.filter(p -> p.getIdElement().getIdPart().equals(patientId.getIdPart()))
				.findFirst()
				.orElseThrow(() -> new ResourceNotFoundException("Patient/" + patientId.getIdPart() + " is not known"));
		RecordSnapshot.Builder record = RecordSnapshot.builder(patient);
		relate(record, patientAndPcp, patient);

		List<IBaseResource> encounterResults = search("Encounter", byPatient(patientRef)
				.addInclude(new Include("Encounter:participant"))
				.addInclude(new Include("Encounter:service-provider"))
				.addInclude(new Include("PractitionerRole:practitioner", true)), request);
		List<IBaseResource> noteResults = search("DocumentReference", byPatient(patientRef)
				.addInclude(new Include("DocumentReference:author"))
				.addInclude(new Include("DocumentReference:authenticator"))
				.addInclude(new Include("DocumentReference:custodian"))
				.addInclude(new Include("PractitionerRole:practitioner", true)), request);

		Map<String, Encounter> encounters = new HashMap<>();
		for (IBaseResource r : encounterResults) {
			if (r instanceof Encounter encounter) {
				encounters.put(RecordSnapshot.idOf(encounter), encounter);
				if (period.includes(encounter)) {
					record.encounter(encounter);
				} else {
					record.related(encounter);
				}
			} else {
				record.related((Resource) r);
			}
		}
		Map<String, NoteContent> contents = new HashMap<>();
		List<DocumentReference> inScope = new ArrayList<>();
		for (IBaseResource r : noteResults) {
			if (r instanceof DocumentReference note) {
				if (withContent && notes != null
						&& note.getStatus() != Enumerations.DocumentReferenceStatus.ENTEREDINERROR) {
					NoteContent content = notes.read(note);
					contents.put(RecordSnapshot.idOf(note), content);
					record.content(note, content);
				}
				if (period.includes(note, ref -> encounters.get(RecordSnapshot.referenceId(ref)))) {
					record.note(note);
					inScope.add(note);
				} else {
					record.related(note);
				}
			} else {
				record.related((Resource) r);
			}
		}
		if (withClones && clones != null && clones.ready()) {
			compare(record, inScope, contents);
		}
		for (IBaseResource r : search("Consent", byPatient(patientRef)
				.addInclude(new Include("Consent:consentor")), request)) {
			if (r instanceof Consent consent) {
				record.consent(consent);
			} else {
				record.related((Resource) r);
			}
		}
		for (IBaseResource r : search("MedicationRequest", byPatient(patientRef)
				.addInclude(new Include("MedicationRequest:medication"))
				.addInclude(new Include("MedicationRequest:requester"))
				.addInclude(new Include("PractitionerRole:practitioner", true)), request)) {
			if (r instanceof MedicationRequest prescription
					&& (!prescription.hasAuthoredOn() || period.contains(prescription.getAuthoredOn().toInstant()))) {
				record.medicationRequest(prescription);
			} else {
				record.related((Resource) r);
			}
		}
		for (IBaseResource r : search("Communication", byPatient(patientRef)
				.addInclude(new Include("Communication:recipient")), request)) {
			if (r instanceof Communication communication) {
				record.communication(communication);
			} else {
				record.related((Resource) r);
			}
		}
		for (IBaseResource r : search("CareTeam", byPatient(patientRef)
				.addInclude(new Include("CareTeam:participant")), request)) {
			if (r instanceof CareTeam careTeam) {
				record.careTeam(careTeam);
			} else {
				record.related((Resource) r);
			}
		}
		for (IBaseResource r : search("Provenance", byPatient(patientRef), request)) {
			record.provenance((Provenance) r);
		}
		for (String type : entryTypes) {
			SearchParameterMap map = byPatient(patientRef);
			EntryTypes.INCLUDES.getOrDefault(type, List.of()).forEach(map::addInclude);
			for (IBaseResource r : search(type, map, request)) {
				Resource resource = (Resource) r;
				if (resource.fhirType().equals(type) && EntryTypes.inScope(resource, period)) {
					record.entry(resource);
				} else {
					record.related(resource);
				}
			}
		}
		return record.build();
	}

	/** Each note in scope that has text, compared with every stored note (see {@link NoteClones}). */
	private void compare(RecordSnapshot.Builder record, List<DocumentReference> inScope, Map<String, NoteContent> contents) {
		record.clonesKnown();
		for (DocumentReference note : inScope) {
			NoteContent content = contents.get(RecordSnapshot.idOf(note));
			if (content != null && content.hasText() && note.getStatus() != Enumerations.DocumentReferenceStatus.ENTEREDINERROR) {
				clones.matches(note, content, contents).ifPresent(matches -> record.clones(note, matches));
			}
		}
	}

	private static void relate(RecordSnapshot.Builder record, List<IBaseResource> resources, Patient patient) {
		for (IBaseResource r : resources) {
			if (r != patient) {
				record.related((Resource) r);
			}
		}
	}

	private static SearchParameterMap byId(String id) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add("_id", new TokenParam(id));
		return map;
	}

	private static SearchParameterMap byPatient(String patientRef) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add("patient", new ReferenceParam(patientRef));
		return map;
	}

	private List<IBaseResource> search(String resourceType, SearchParameterMap map, RequestDetails request) {
		// an internal read on behalf of the operation: the caller's request parameters (_count, paging)
		// must not shape it
		return SearchResults.all(daos.getResourceDao(resourceType).search(map, new SystemRequestDetails()));
	}
}

package dev.chartcheck.storage;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.chartcheck.check.RecordNeeds;
import dev.chartcheck.check.RecordSource;
import dev.chartcheck.content.NoteReader;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;

/**
 * Loads patients' records for checking, a chunk of patients at a time: one search per resource type for the whole
 * chunk (the patients' references OR-ed), each result handed to the patient it belongs to. The clinicians and
 * organizations the entries point to ({@link RecordTargets}) are then read by id, once per batch whatever the number
 * of patients pointing to them, and each record gets those its own entries point to: a record loaded with others is
 * the record loaded alone. No standard ever queries storage itself: this is the only class that reads storage for the
 * checks. When a standard reads what notes say, every note's attachments are read too (decoded, fetched, extracted:
 * see {@link NoteReader}), once per note, so that the standards find the text in the snapshot and never do I/O.
 */
public class RecordSnapshotLoader implements RecordSource {

	/** Shared targets a batch keeps before it starts over, so that a long audit's memory stays bounded. */
	private static final int TARGETS_KEPT = 20_000;

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

	/** Each patient's record with what {@code needs} asks, all read together; a patient not stored is left out. */
	@Override
	public Map<String, RecordSnapshot> load(List<String> patientIds, AuditPeriod period, RecordNeeds needs) {
		return new Batch().load(patientIds, period, needs);
	}

	/** A source for many loads in a row that reads each shared clinician and organization once for all of them. */
	@Override
	public RecordSource batch() {
		return new Batch()::load;
	}

	/** The record with its notes' content and every further entry type. */
	public RecordSnapshot load(IIdType patientId, AuditPeriod period, RequestDetails request) {
		return load(patientId, period, new RecordNeeds(EntryTypes.ALL, true, false));
	}

	/**
	 * The record, with its notes' content and their comparison with the stored notes only when {@code standards} need
	 * them, and of the further entry types (Observations, Claims…) only those that they read.
	 */
	public RecordSnapshot load(IIdType patientId, AuditPeriod period, RequestDetails request, Collection<Standard> standards) {
		return load(patientId, period, RecordNeeds.of(standards));
	}

	/**
	 * The record with every further entry type, without comparing its notes with the stored notes.
	 *
	 * @param withContent read the notes' attachments (every note of the patient's, in scope or not, without those
	 *     entered in error)
	 * @throws ResourceNotFoundException when there is no such patient
	 */
	public RecordSnapshot load(IIdType patientId, AuditPeriod period, RequestDetails request, boolean withContent) {
		return load(patientId, period, new RecordNeeds(EntryTypes.ALL, withContent, false));
	}

	private RecordSnapshot load(IIdType patientId, AuditPeriod period, RecordNeeds needs) {
		String id = "Patient/" + patientId.getIdPart();
		RecordSnapshot record = load(List.of(id), period, needs).get(id);
		if (record == null) {
			throw new ResourceNotFoundException(id + " is not known");
		}
		return record;
	}

	/** Loads that share what they have read of the clinicians and organizations. */
	private final class Batch {
		/** Targets read so far, by {@code Type/id}; a target not stored maps to null. */
		private final Map<String, Resource> targets = new HashMap<>();

		Map<String, RecordSnapshot> load(List<String> patientIds, AuditPeriod period, RecordNeeds needs) {
			if (targets.size() > TARGETS_KEPT) {
				targets.clear();
			}
			RecordChunk chunk = new RecordChunk(period, needs, notes, clones);
			List<String> ids = patientIds.stream().map(id -> new IdType(id).getIdPart()).toList();
			for (Resource patient : byIds("Patient", ids)) {
				chunk.patient((Patient) patient);
			}
			Map<String, RecordSnapshot> records = new LinkedHashMap<>();
			if (chunk.isEmpty()) {
				return records;
			}
			ReferenceOrListParam owners = chunk.ownerParam();
			Map<String, Encounter> encounters = new HashMap<>();
			for (Resource r : byPatients("Encounter", owners)) {
				encounters.put(RecordSnapshot.idOf(r), (Encounter) r);
				chunk.encounter((Encounter) r);
			}
			for (Resource r : byPatients("DocumentReference", owners)) {
				chunk.note((DocumentReference) r, encounters);
			}
			chunk.compareNotes();
			for (Resource r : byPatients("Consent", owners)) {
				chunk.own(r, record -> record.consent((Consent) r));
			}
			for (Resource r : byPatients("MedicationRequest", owners)) {
				MedicationRequest prescription = (MedicationRequest) r;
				boolean inScope = !prescription.hasAuthoredOn() || period.contains(prescription.getAuthoredOn().toInstant());
				chunk.own(r, record -> {
					if (inScope) {
						record.medicationRequest(prescription);
					} else {
						record.related(prescription);
					}
				});
			}
			for (Resource r : byPatients("Communication", owners)) {
				chunk.own(r, record -> record.communication((Communication) r));
			}
			for (Resource r : byPatients("CareTeam", owners)) {
				chunk.own(r, record -> record.careTeam((CareTeam) r));
			}
			for (Resource r : byPatients("Provenance", owners)) {
				chunk.own(r, record -> record.provenance((Provenance) r));
			}
			Set<String> observed = new HashSet<>();
			for (String type : needs.entryTypes()) {
				for (Resource r : entries(type, owners, needs)) {
					if (r instanceof Observation o && o.getStatus() != Observation.ObservationStatus.ENTEREDINERROR) {
						observed.addAll(RecordTargets.owners(o));
					}
					boolean inScope = EntryTypes.inScope(r, period);
					chunk.own(r, record -> {
						if (inScope) {
							record.entry(r);
						} else {
							record.related(r);
						}
					});
				}
			}
			if (needs.entryTypes().contains("Observation") && needs.observationCodes() != null) {
				List<String> unobserved = patientIds.stream().filter(id -> chunk.record(id) != null && !observed.contains(id)).toList();
				Set<String> holding = holdingObservations(unobserved);
				patientIds.stream().filter(id -> chunk.record(id) != null)
						.forEach(id -> chunk.record(id).holdsObservations(observed.contains(id) || holding.contains(id)));
			}
			Set<String> pointedTo = chunk.pointedTo();
			resolve(pointedTo);
			List<String> practitioners = new ArrayList<>();
			for (String id : pointedTo) {
				if (targets.get(id) instanceof PractitionerRole role) {
					RecordTargets.practitionerOf(role).ifPresent(practitioners::add);
				}
			}
			resolve(practitioners);
			for (String patientId : patientIds) {
				if (chunk.record(patientId) != null) {
					records.put(patientId, chunk.build(patientId, targets));
				}
			}
			return records;
		}

		/** Reads the targets not read yet, one search per type. */
		private void resolve(Collection<String> ids) {
			Map<String, List<String>> missing = new LinkedHashMap<>();
			for (String id : ids) {
				if (!targets.containsKey(id)) {
					targets.put(id, null);
					int slash = id.indexOf('/');
					missing.computeIfAbsent(id.substring(0, slash), t -> new ArrayList<>()).add(id.substring(slash + 1));
				}
			}
			missing.forEach((type, typeIds) -> {
				if (daos.isResourceTypeSupported(type)) {
					for (Resource r : byIds(type, typeIds)) {
						targets.put(RecordSnapshot.idOf(r), r);
					}
				}
			});
		}
	}

	private List<Resource> byIds(String type, List<String> ids) {
		return byIds(type, ids, map -> {});
	}

	/** The resources of these ids that also meet what {@code also} adds to the search. */
	private List<Resource> byIds(String type, List<String> ids, Consumer<SearchParameterMap> also) {
		return ResourcesById.search(daos.getResourceDao(type), ids, also).stream().map(Resource.class::cast).toList();
	}

	/** A type's entries of these patients: of Observations, only those of the codes asked for, when asked (see {@link RecordNeeds}). */
	private List<Resource> entries(String type, ReferenceOrListParam patients, RecordNeeds needs) {
		if (!"Observation".equals(type) || needs.observationCodes() == null) {
			return byPatients(type, patients);
		}
		Map<String, Resource> found = new LinkedHashMap<>();
		for (SearchParameterMap search : ObservationQueries.byCodes(patients, needs.observationCodes())) {
			search(type, search).forEach(r -> found.putIfAbsent(RecordSnapshot.idOf(r), r));
		}
		return new ArrayList<>(found.values());
	}

	/**
	 * Which of these patients ({@code Patient/123}) have an Observation not entered in error, of any code and date: one
	 * search for them all, of the patients themselves ({@code _has}), which reads no Observation.
	 */
	private Set<String> holdingObservations(List<String> patientIds) {
		List<String> ids = patientIds.stream().map(id -> new IdType(id).getIdPart()).toList();
		return byIds("Patient", ids, map -> map.add("_has", ObservationQueries.holdingAny())).stream().map(RecordSnapshot::idOf).collect(Collectors.toSet());
	}

	private List<Resource> byPatients(String type, ReferenceOrListParam patients) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add("patient", patients);
		return search(type, map);
	}

	private List<Resource> search(String resourceType, SearchParameterMap map) {
		// an internal read on behalf of the operation: the caller's request parameters (_count, paging) must not shape it
		List<Resource> resources = new ArrayList<>();
		for (IBaseResource r : SearchResults.all(daos.getResourceDao(resourceType).search(map, new SystemRequestDetails()))) {
			resources.add((Resource) r);
		}
		return resources;
	}
}

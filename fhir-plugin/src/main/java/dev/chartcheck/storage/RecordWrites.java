package dev.chartcheck.storage;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Counts every write that can change a finding, in the writing transaction (see {@link CheckStateTable}): a create,
 * update or delete of a resource a patient's record is made of counts for that patient (both patients when an
 * update moves it from one to another); of a resource records point to and share (a clinician, an organization, a
 * medication, an attachment's Binary) it counts for every record. The gaps Chartcheck stores itself do not count
 * (the check that stores them notes the state they leave); a DetectedIssue changed by anyone else does.
 */
@Interceptor
public class RecordWrites {

	/** Set (to true) in the user data of the requests through which Chartcheck stores its own gaps. */
	public static final String OWN = RecordWrites.class.getName() + ".own";

	/** What a patient's record is made of, as the record source loads it. */
	static final Set<String> RECORD_TYPES = Set.of("Patient", "Encounter", "DocumentReference", "Consent",
			"MedicationRequest", "Communication", "CareTeam", "Provenance", "DetectedIssue", "Observation", "Immunization",
			"Procedure", "ServiceRequest", "EpisodeOfCare", "CarePlan", "Claim");

	/** What records point to and share ({@link RecordTargets}), and the Binaries notes' attachments are read from. */
	static final Set<String> SHARED_TYPES = Set.of("Practitioner", "PractitionerRole", "Organization", "Medication",
			"RelatedPerson", "Device", "Group", "HealthcareService", "Location", "Binary");

	private final TransactionRows<String> counted;

	public RecordWrites(CheckStateTable table) {
		this.counted = new TransactionRows<>(table::countWrites, record -> {}, () -> {});
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		count(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		count(previous, request);
		count(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource, RequestDetails request) {
		count(resource, request);
	}

	private void count(IBaseResource resource, RequestDetails request) {
		if (!(resource instanceof Resource written) || own(request)) {
			return;
		}
		String type = written.fhirType();
		if (SHARED_TYPES.contains(type)) {
			counted.put(CheckStateTable.SHARED, CheckStateTable.SHARED);
		} else if ("Patient".equals(type)) {
			String id = "Patient/" + written.getIdElement().getIdPart();
			counted.put(id, id);
		} else if (written instanceof DetectedIssue issue) {
			Reference patient = issue.getPatient();
			if (patient.getReferenceElement().hasIdPart() && "Patient".equals(patient.getReferenceElement().getResourceType())) {
				String id = "Patient/" + patient.getReferenceElement().getIdPart();
				counted.put(id, id);
			}
		} else if (RECORD_TYPES.contains(type)) {
			RecordTargets.owners(written).forEach(id -> counted.put(id, id));
		}
	}

	private static boolean own(RequestDetails request) {
		return request != null && Boolean.TRUE.equals(request.getUserData().get(OWN));
	}
}

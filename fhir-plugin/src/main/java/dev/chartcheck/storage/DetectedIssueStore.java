package dev.chartcheck.storage;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.chartcheck.check.DetectedIssueMapper;
import dev.chartcheck.check.GapPlan;
import dev.chartcheck.check.GapStore;
import dev.chartcheck.engine.FindingKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;

/**
 * The gaps as DetectedIssues in the server's own database, through its DAOs. All writes of one plan go in one
 * transaction; creates are conditional on the finding key, and updates carry the version they were computed from.
 * Persisted checks of a patient run one at a time (see {@link PatientLocks}, which also runs one again when it meets
 * a conflict).
 */
public class DetectedIssueStore implements GapStore {

	private final DaoRegistry daos;
	private final PatientLocks locks;

	public DetectedIssueStore(DaoRegistry daos, PatientLocks locks) {
		this.daos = daos;
		this.locks = locks;
	}

	@Override
	public Map<String, Map<String, DetectedIssue>> existing(Collection<String> patientIds) {
		Map<String, Map<String, DetectedIssue>> byPatient = new LinkedHashMap<>();
		ReferenceOrListParam patients = new ReferenceOrListParam();
		for (String patientId : patientIds) {
			byPatient.put(patientId, new LinkedHashMap<>());
			patients.addOr(new ReferenceParam(patientId));
		}
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add("patient", patients);
		map.add("identifier", new TokenParam(FindingKey.SYSTEM, null));
		for (var resource : SearchResults.all(daos.getResourceDao(DetectedIssue.class).search(map, new SystemRequestDetails()))) {
			DetectedIssue issue = (DetectedIssue) resource;
			FindingKey key = DetectedIssueMapper.key(issue);
			Map<String, DetectedIssue> own = key == null ? null : byPatient.get(key.patientId());
			if (own != null) {
				own.putIfAbsent(key.value(), issue);
			}
		}
		return byPatient;
	}

	@Override
	public void store(GapPlan plan) {
		List<GapPlan.Write> writes = plan.writes();
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (GapPlan.Write write : writes) {
			Bundle.BundleEntryComponent entry = tx.addEntry().setResource(write.issue());
			if (write.isCreate()) {
				entry.setFullUrl("urn:uuid:" + UUID.randomUUID());
				entry.getRequest()
						.setMethod(Bundle.HTTPVerb.POST)
						.setUrl("DetectedIssue")
						.setIfNoneExist("identifier=" + FindingKey.SYSTEM + "|" + write.key().value());
			} else {
				IdType id = write.issue().getIdElement();
				entry.setFullUrl("DetectedIssue/" + id.getIdPart());
				entry.getRequest()
						.setMethod(Bundle.HTTPVerb.PUT)
						.setUrl("DetectedIssue/" + id.getIdPart())
						.setIfMatch("W/\"" + id.getVersionIdPart() + "\"");
			}
		}
		@SuppressWarnings("unchecked")
		IFhirSystemDao<Bundle, Meta> system = daos.getSystemDao();
		SystemRequestDetails own = new SystemRequestDetails();
		own.getUserData().put(RecordWrites.OWN, Boolean.TRUE);
		Bundle response = system.transactionNested(own, tx);
		for (int i = 0; i < writes.size(); i++) {
			String location = response.getEntry().get(i).getResponse().getLocation();
			if (location != null) {
				writes.get(i).issue().setId(new IdType(location));
			}
		}
	}

	@Override
	public <T> T serialized(String patientId, Supplier<T> work) {
		return locks.serialized(bare(patientId), work);
	}

	@Override
	public <T> T serializedAfter(String patientId, long writtenAt, Set<String> scope, Supplier<T> work) {
		return locks.serializedAfter(bare(patientId), writtenAt, scope, work);
	}

	@Override
	public long mark() {
		return locks.mark();
	}

	private static String bare(String patientId) {
		return new IdType(patientId).getIdPart();
	}
}

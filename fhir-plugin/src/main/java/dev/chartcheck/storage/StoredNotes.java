package dev.chartcheck.storage;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DocumentReference;

/** The server's stored DocumentReferences, as the clone index catches up with them at start. */
public class StoredNotes {

	private static final int PAGE = 10_000;

	private final DaoRegistry daos;
	private final IHapiTransactionService transactions;
	private final EntityManager entityManager;

	/** @param entityManager the shared, transaction-bound entity manager of the server's persistence unit */
	public StoredNotes(DaoRegistry daos, IHapiTransactionService transactions, EntityManager entityManager) {
		this.daos = daos;
		this.transactions = transactions;
		this.entityManager = entityManager;
	}

	/**
	 * The current version of every stored note that is not deleted, by id ({@code DocumentReference/123}): read from
	 * the resource table alone (no note is parsed), a page at a time.
	 */
	public Map<String, Long> versions() {
		Map<String, Long> versions = new HashMap<>();
		String after = "";
		while (true) {
			String from = after;
			List<Object[]> page = transactions.withSystemRequest().execute(() -> entityManager
					.createQuery("select r.myFhirId, r.myVersion from ResourceTable r where r.myResourceType = 'DocumentReference'"
							+ " and r.myDeleted is null and r.myFhirId > :after order by r.myFhirId", Object[].class)
					.setParameter("after", from)
					.setMaxResults(PAGE)
					.getResultList());
			for (Object[] row : page) {
				versions.put("DocumentReference/" + row[0], ((Number) row[1]).longValue());
			}
			if (page.size() < PAGE) {
				return versions;
			}
			after = (String) page.get(page.size() - 1)[0];
		}
	}

	/** The stored notes of these ids ({@code DocumentReference/123}) that still exist. */
	public List<DocumentReference> read(List<String> ids) {
		TokenOrListParam any = new TokenOrListParam();
		ids.forEach(id -> any.addOr(new ca.uhn.fhir.rest.param.TokenParam(id.substring(id.indexOf('/') + 1))));
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add("_id", any);
		List<DocumentReference> notes = new ArrayList<>();
		for (IBaseResource resource : SearchResults.all(daos.getResourceDao("DocumentReference").search(map, new SystemRequestDetails()))) {
			if (resource instanceof DocumentReference note) {
				notes.add(note);
			}
		}
		return notes;
	}
}

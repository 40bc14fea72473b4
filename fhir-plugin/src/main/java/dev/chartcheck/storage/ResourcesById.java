package dev.chartcheck.storage;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * Reads many resources of one type by id, a few searches ({@code _id}, {@value #IDS_PER_SEARCH} ids each) rather than
 * one read per resource: a background audit's report and result name thousands of DetectedIssues, and reading them
 * one by one took seconds.
 */
public final class ResourcesById {

	static final int IDS_PER_SEARCH = 500;

	private ResourcesById() {}

	/**
	 * The resources of these ids ({@code Type/id} or bare), in the order given; one no longer stored (deleted since) is
	 * left out.
	 */
	public static <T extends IBaseResource> List<T> read(DaoRegistry daos, Class<T> type, List<String> ids) {
		Map<String, T> found = new HashMap<>();
		for (int from = 0; from < ids.size(); from += IDS_PER_SEARCH) {
			TokenOrListParam param = new TokenOrListParam();
			ids.subList(from, Math.min(ids.size(), from + IDS_PER_SEARCH))
					.forEach(id -> param.addOr(new TokenParam(new IdType(id).getIdPart())));
			SearchParameterMap map = SearchParameterMap.newSynchronous();
			map.add("_id", param);
			for (IBaseResource r : SearchResults.all(daos.getResourceDao(type).search(map, new SystemRequestDetails()))) {
				found.put(r.getIdElement().getIdPart(), type.cast(r));
			}
		}
		List<T> ordered = new ArrayList<>();
		for (String id : ids) {
			T resource = found.get(new IdType(id).getIdPart());
			if (resource != null) {
				ordered.add(resource);
			}
		}
		return ordered;
	}
}

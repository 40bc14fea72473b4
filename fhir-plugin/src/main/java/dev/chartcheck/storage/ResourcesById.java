package dev.chartcheck.storage;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * Reads many resources of one type by id, a few searches ({@code _id}, {@value #IDS_PER_SEARCH} ids each) rather than
 * one read per resource: a background audit's report and result name thousands of DetectedIssues, and reading them
 * one by one took seconds; the record loader reads a chunk's patients and what their records point to this way.
 */
public final class ResourcesById {

	static final int IDS_PER_SEARCH = 500;

	private ResourcesById() {}

	/**
	 * The resources of these ids ({@code Type/id} or bare), in the order given; one no longer stored (deleted since) is
	 * left out.
	 */
	public static <T extends IBaseResource> List<T> read(DaoRegistry daos, Class<T> type, List<String> ids) {
		List<String> bare = ids.stream().map(id -> new IdType(id).getIdPart()).toList();
		Map<String, T> found = new HashMap<>();
		for (IBaseResource r : search(daos.getResourceDao(type), bare, map -> {})) {
			found.put(r.getIdElement().getIdPart(), type.cast(r));
		}
		List<T> ordered = new ArrayList<>();
		for (String id : bare) {
			T resource = found.get(id);
			if (resource != null) {
				ordered.add(resource);
			}
		}
		return ordered;
	}

	/**
	 * The resources of these bare ids that also meet what {@code also} adds to each search, in no particular order. An
	 * internal read on behalf of an operation: the caller's request parameters (_count, paging) do not shape it.
	 */
	static List<IBaseResource> search(IFhirResourceDao<?> dao, List<String> ids, Consumer<SearchParameterMap> also) {
		List<IBaseResource> found = new ArrayList<>();
		for (int from = 0; from < ids.size(); from += IDS_PER_SEARCH) {
			TokenOrListParam param = new TokenOrListParam();
			ids.subList(from, Math.min(ids.size(), from + IDS_PER_SEARCH)).forEach(id -> param.addOr(new TokenParam(id)));
			SearchParameterMap map = SearchParameterMap.newSynchronous();
			map.add("_id", param);
			also.accept(map);
			found.addAll(SearchResults.all(dao.search(map, new SystemRequestDetails())));
		}
		return found;
	}
}

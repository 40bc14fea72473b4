package dev.chartcheck.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Reads a whole DAO search result. */
final class SearchResults {

	private static final int PAGE = 1000;

	private SearchResults() {}

	/**
	 * Every resource of the result, included ones too. HAPI may answer even a synchronous search map with
	 * a paged (persisted) result whose size is not known yet, so this pages until a page comes back empty
	 * or the known size is reached.
	 */
	static List<IBaseResource> all(IBundleProvider results) {
		List<IBaseResource> all = new ArrayList<>();
		for (int from = 0; ; from += PAGE) {
			List<IBaseResource> page = results.getResources(from, from + PAGE);
			all.addAll(page);
			Integer size = results.size();
			if (page.isEmpty() || (size != null && from + PAGE >= size)) {
				return all;
			}
		}
	}
}

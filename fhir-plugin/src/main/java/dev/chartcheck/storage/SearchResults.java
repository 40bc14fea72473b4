package dev.chartcheck.storage;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Reads a DAO search result, whole or page by page. */
public final class SearchResults {

	private static final int PAGE = 1000;

	private SearchResults() {}

	/**
	 * Every resource of the result, included ones too. HAPI may answer even a synchronous search map with
	 * a paged (persisted) result whose size is not known yet, so this pages until a page comes back empty
	 * or the known size is reached.
	 */
	public static List<IBaseResource> all(IBundleProvider results) {
		List<IBaseResource> all = new ArrayList<>();
		forEachPage(results, PAGE, all::addAll);
		return all;
	}

	/**
	 * Hands over the result page by page, {@code pageSize} resources at a time (for results too large to hold at
	 * once), until a page comes back empty or the known size is reached.
	 */
	public static void forEachPage(IBundleProvider results, int pageSize, Consumer<List<IBaseResource>> action) {
		for (int from = 0; ; from += pageSize) {
			List<IBaseResource> page = results.getResources(from, from + pageSize);
			action.accept(page);
			Integer size = results.size();
			if (page.isEmpty() || (size != null && from + pageSize >= size)) {
				return;
			}
		}
	}
}

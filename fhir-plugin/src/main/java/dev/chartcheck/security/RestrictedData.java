package dev.chartcheck.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import dev.chartcheck.engine.ConfidentialityLabels;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Confidentiality labels: a resource labeled restricted (R) or very restricted (V) in {@code meta.security}
 * ({@code http://terminology.hl7.org/CodeSystem/v3-Confidentiality}), or under 42 CFR Part 2
 * ({@code http://terminology.hl7.org/CodeSystem/v3-ActCode#42CFRPart2}), reaches only a user whose token allows
 * restricted data ({@link Access#restrictedData()}). To others, every read, search (with its {@code _include}s) and
 * history leaves it out, as if it were not there: a read by id is answered "not known".
 *
 * <p>Only what a request reads is filtered: a write reads stored resources too, and hiding those would make HAPI
 * mistake a stored resource for a missing one. (HAPI FHIR's consent interceptor would do this filtering, but it also
 * refuses {@code _summary=count} to everyone, cleared or not, which auditors need.) A search's {@code total} still
 * counts labeled resources the user does not see.
 *
 * <p>A search and its later pages are filtered as each page is shown, not as HAPI gathers the search's matches: HAPI
 * gives a first page a {@code next} link only when it gathered one match more than the page holds, and matches left
 * out while gathering could leave it none, so that an uncleared user could not page on. A page may therefore hold
 * fewer entries than {@code _count}.
 */
@Interceptor
public class RestrictedData {

	private static final Set<RestOperationTypeEnum> READS = EnumSet.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD,
			RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.SEARCH_SYSTEM, RestOperationTypeEnum.GET_PAGE,
			RestOperationTypeEnum.HISTORY_INSTANCE, RestOperationTypeEnum.HISTORY_TYPE, RestOperationTypeEnum.HISTORY_SYSTEM,
			RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
			RestOperationTypeEnum.EXTENDED_OPERATION_SERVER);
	/** Reads filtered as their pages are shown (see above). */
	private static final Set<RestOperationTypeEnum> SEARCHES = EnumSet.of(RestOperationTypeEnum.SEARCH_TYPE,
			RestOperationTypeEnum.SEARCH_SYSTEM, RestOperationTypeEnum.GET_PAGE);

	private final AccessResolver resolver;

	public RestrictedData(AccessResolver resolver) {
		this.resolver = resolver;
	}

	/** What an uncleared user's search stored is not offered to others from HAPI's search cache... */
	@Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
	public void searchRegistered(RequestDetails request, ICachedSearchDetails search) {
		if (request != null && !cleared(request)) {
			search.setCannotBeReused();
		}
	}

	/** ...nor may an uncleared user be served a cached search (it may have been run for a cleared one). */
	@Hook(Pointcut.STORAGE_PRECHECK_FOR_CACHED_SEARCH)
	public boolean mayUseCachedSearch(RequestDetails request) {
		return request == null || cleared(request);
	}

	private boolean cleared(RequestDetails request) {
		return resolver.access(request).map(Access::restrictedData).orElse(false);
	}

	/** Reads by id, history and operations: left out before they are loaded for the request. */
	@Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
	public void beforeAccess(RequestDetails request, IPreResourceAccessDetails details) {
		RestOperationTypeEnum operation = request == null ? null : request.getRestOperationType();
		if (operation != null && READS.contains(operation) && !SEARCHES.contains(operation)) {
			leaveOut(request, details.size(), details::getResource, details::setDontReturnResourceAtIndex);
		}
	}

	/** Searches and their pages: left out of each page (matches and {@code _include}s) as it is shown. */
	@Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
	public void beforeShow(RequestDetails request, IPreResourceShowDetails details) {
		if (request != null && SEARCHES.contains(request.getRestOperationType())) {
			leaveOut(request, details.size(), details::getResource, i -> details.setResource(i, null));
		}
	}

	/** Hides each labeled resource of the {@code count} given, unless the user is cleared (asked once, when needed). */
	private void leaveOut(RequestDetails request, int count, IntFunction<IBaseResource> resource, IntConsumer hide) {
		Boolean cleared = null;
		for (int i = 0; i < count; i++) {
			if (ConfidentialityLabels.restricted(resource.apply(i))) {
				if (cleared == null) {
					cleared = cleared(request);
				}
				if (!cleared) {
					hide.accept(i);
				}
			}
		}
	}
}

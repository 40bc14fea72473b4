package dev.chartcheck.security;

import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * A provider's (or an organization's auditor's) searches are narrowed, not filtered: HAPI FHIR's {@link SearchNarrowingInterceptor} adds their
 * patients to every search of a type in the Patient compartment, so the database returns only what they may see
 * (and counts, pages and {@code _include}s follow from that). Other roles' searches are not narrowed.
 */
@Interceptor
public class ProviderSearchNarrowing extends SearchNarrowingInterceptor {

	private final AccessResolver resolver;
	private final ProviderPatients providerPatients;

	public ProviderSearchNarrowing(AccessResolver resolver, ProviderPatients providerPatients) {
		this.resolver = resolver;
		this.providerPatients = providerPatients;
	}

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		Access access = resolver.access(request).orElse(null);
		if (access == null || !access.compartmental()) {
			return null;
		}
		AuthorizedList list = new AuthorizedList();
		for (IIdType patient : providerPatients.reachable(access, request)) {
			list.addCompartment(patient.getValue());
		}
		return list;
	}
}

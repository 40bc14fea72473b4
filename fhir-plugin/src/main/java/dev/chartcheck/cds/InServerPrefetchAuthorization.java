package dev.chartcheck.cds;

import ca.uhn.hapi.fhir.cdshooks.api.ICdsHooksDaoAuthorizationSvc;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Lets HAPI's prefetch service show a CDS service what it read from this server's DAOs. The services run inside
 * the server and their callers reach the same data through {@code /fhir}, which has no authorization of its own
 * here; a host that guards {@code /fhir} (an AuthorizationInterceptor, say) should define its own
 * {@link ICdsHooksDaoAuthorizationSvc} bean, which takes the place of this one.
 */
public class InServerPrefetchAuthorization implements ICdsHooksDaoAuthorizationSvc {

	@Override
	public void authorizePreShow(IBaseResource resource) {
		// the same data /fhir serves without restriction
	}
}

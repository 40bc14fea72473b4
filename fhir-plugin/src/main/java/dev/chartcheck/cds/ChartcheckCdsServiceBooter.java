package dev.chartcheck.cds;

import ca.uhn.hapi.fhir.cdshooks.svc.CdsHooksContextBooter;
import java.util.List;

/**
 * Hands HAPI's CDS Hooks registry the service bean of the main application context. HAPI's booter would start a
 * second Spring context from a definitions class; Chartcheck's services need the main context's DAOs, clock and
 * settings, so they live there and this booter only lists them.
 */
public class ChartcheckCdsServiceBooter extends CdsHooksContextBooter {

	public ChartcheckCdsServiceBooter(Object... serviceBeans) {
		myCdsServiceBeans = List.of(serviceBeans);
	}

	/** Nothing to start: the services are beans of the main context. */
	@Override
	public void start() {
		ourLog.debug("CDS Hooks services from the main application context: {}", myCdsServiceBeans);
	}
}

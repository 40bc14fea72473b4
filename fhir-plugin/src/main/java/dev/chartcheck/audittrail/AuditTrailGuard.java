package dev.chartcheck.audittrail;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The audit trail is append-only and written by the server alone: through the REST API no one creates, updates or
 * deletes an AuditEvent, whatever their token (with or without authentication). Registered with the REST server,
 * so the server's own sink (which writes outside any client request) is not affected.
 */
@Interceptor
public class AuditTrailGuard {

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		refuse(resource, "created");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		refuse(resource, "changed");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		refuse(resource, "deleted");
	}

	private static void refuse(IBaseResource resource, String what) {
		if (resource != null && "AuditEvent".equals(resource.fhirType())) {
			throw new MethodNotAllowedException("AuditEvents are recorded by the server and cannot be " + what + " through the API.");
		}
	}
}

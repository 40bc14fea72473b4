package dev.chartcheck.audittrail;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import org.hl7.fhir.r4.model.AuditEvent;

/**
 * Stores every AuditEvent in the server's own database, synchronously. HAPI FHIR's shipped sink queues events in
 * memory and loses them in a crash; this one writes through the AuditEvent DAO, which joins the transaction that
 * is open: a create, update or delete (whose AuditEvent HAPI's BALP interceptor records just before the commit) is
 * stored together with its AuditEvent or not at all, and a read or search is answered only once its AuditEvent is
 * stored. A failure to store the AuditEvent fails the request: no unrecorded access.
 */
public class DurableAuditSink implements IBalpAuditEventSink {

	private final DaoRegistry daos;

	public DurableAuditSink(DaoRegistry daos) {
		this.daos = daos;
	}

	@Override
	public void recordAuditEvent(AuditEvent event) {
		daos.getResourceDao("AuditEvent").create(event, new SystemRequestDetails());
	}
}

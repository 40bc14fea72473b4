package dev.chartcheck.audittrail;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import java.util.ArrayList;
import java.util.List;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores every AuditEvent in the server's own database. HAPI FHIR's shipped sink queues events in memory and loses
 * them in a crash; this one writes through the AuditEvent DAO:
 * <ul>
 * <li>inside a database transaction (a create, update or delete, whose AuditEvent HAPI's BALP interceptor records
 * from a pre-commit hook), the events are gathered and stored just before that transaction commits, in it: the
 * write and its AuditEvents are stored together or not at all. (Storing them from the hook itself, while HAPI is
 * still writing a transaction Bundle's entries, corrupts the entries' versions.)
 * <li>outside one (a read or search), at once: the request is answered only once its AuditEvent is stored.
 * </ul>
 * A failure to store an AuditEvent fails the request: no unrecorded access.
 */
public class DurableAuditSink implements IBalpAuditEventSink {

	private final DaoRegistry daos;
	private final EntityManagerFactory entityManagers;

	/** @param entityManagers the JPA unit HAPI stores in, or null (then no flush tuning) */
	public DurableAuditSink(DaoRegistry daos, EntityManagerFactory entityManagers) {
		this.daos = daos;
		this.entityManagers = entityManagers;
	}

	@Override
	public void recordAuditEvent(AuditEvent event) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			store(event);
			return;
		}
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			pending = new Pending();
			TransactionSynchronizationManager.bindResource(this, pending);
			TransactionSynchronizationManager.registerSynchronization(pending);
		}
		pending.events.add(event);
	}

	private Session session() {
		if (entityManagers == null) {
			return null;
		}
		EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagers);
		return entityManager == null ? null : entityManager.unwrap(Session.class);
	}

	private void store(AuditEvent event) {
		daos.getResourceDao("AuditEvent").create(event, new SystemRequestDetails());
	}

	/** The events of one transaction, stored just before it commits. */
	private final class Pending implements TransactionSynchronization {
		private final List<AuditEvent> events = new ArrayList<>();

		/**
		 * Stores the transaction's events. A large transaction (a Bundle of hundreds of entries) leaves hundreds of
		 * entities in the persistence context, and every query a create makes would flush, that is dirty-check, all
		 * of them again: the transaction's own work is flushed once here, and the events' creates then run without
		 * automatic flushes (they are flushed with the commit).
		 */
		@Override
		public void beforeCommit(boolean readOnly) {
			Session session = session();
			if (session == null) {
				events.forEach(DurableAuditSink.this::store);
				return;
			}
			session.flush();
			FlushMode before = session.getHibernateFlushMode();
			session.setHibernateFlushMode(FlushMode.COMMIT);
			try {
				events.forEach(DurableAuditSink.this::store);
			} finally {
				session.setHibernateFlushMode(before);
			}
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(DurableAuditSink.this);
		}
	}
}

package dev.chartcheck.storage;

import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.Striped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PessimisticLockException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;

/**
 * Serializes the persisted checks of one patient: loading the record, checking it and reconciling its
 * DetectedIssues happen as one database transaction that first locks the patient's row for update. A check that
 * starts while another one of the same patient runs waits for it to commit, then loads the record as it now
 * stands, so the last check of a patient always reconciles the latest record: no stale check can reopen a gap
 * that a newer one closed, and no two checks can both create a finding's DetectedIssue. The lock is the
 * database's, so it holds across every server that shares the database.
 *
 * <p>Within one server, the checks of a patient first queue on a local lock, so that they wait without holding a
 * database connection, and a write-time check whose write a check that started later has already taken in
 * shares that check's result (see {@link #serializedAfter}). A check that still meets a conflict (a lock timeout, a
 * deadlock victim, a DetectedIssue changed by someone else) is run again, a few times, from the start.
 */
public class PatientLocks {

	private static final Logger log = LoggerFactory.getLogger(PatientLocks.class);
	private static final int ATTEMPTS = 5;
	private static final Duration BACKOFF = Duration.ofMillis(50);

	private final IHapiTransactionService transactions;
	private final EntityManager entityManager;
	private final Striped<Lock> local = Striped.lock(256);
	private final AtomicLong events = new AtomicLong();
	private final AtomicLong shared = new AtomicLong();
	/** The last write-time check of each recently written patient: when it began, for which standards, its result. */
	private final Cache<String, Done> recent =
			CacheBuilder.newBuilder().maximumSize(4096).expireAfterWrite(Duration.ofMinutes(1)).build();

	private record Done(long started, Set<String> scope, Object result) {}

	/** @param entityManager the shared, transaction-bound entity manager of the server's persistence unit */
	public PatientLocks(IHapiTransactionService transactions, EntityManager entityManager) {
		this.transactions = transactions;
		this.entityManager = entityManager;
	}

	/** Runs {@code work} in a transaction that holds the lock of {@code patientId} (a bare id), retrying conflicts. */
	public <T> T serialized(String patientId, Supplier<T> work) {
		Lock queue = local.get(patientId);
		queue.lock();
		try {
			return locked(patientId, work);
		} finally {
			queue.unlock();
		}
	}

	/**
	 * A point in this server's order of events. Taken once a write has committed, it comes before the start of every
	 * check that starts later, and that check's record holds the write.
	 */
	public long mark() {
		return events.incrementAndGet();
	}

	/**
	 * As {@link #serialized}, for the check a write asks for once it has committed (at {@code writtenAt}, see
	 * {@link #mark}): when a check of the same patient for at least the standards in {@code scope} began loading the
	 * record after that, its result already takes the write in and answers for this one. Many writes to one patient
	 * at once are then checked a few times, not once each, one after the other.
	 */
	@SuppressWarnings("unchecked")
	public <T> T serializedAfter(String patientId, long writtenAt, Set<String> scope, Supplier<T> work) {
		Lock queue = local.get(patientId);
		queue.lock();
		try {
			Done done = recent.getIfPresent(patientId);
			if (done != null && done.started() > writtenAt && done.scope().containsAll(scope)) {
				shared.incrementAndGet();
				return (T) done.result();
			}
			long[] started = new long[1];
			T result = locked(patientId, () -> {
				started[0] = mark();
				return work.get();
			});
			recent.put(patientId, new Done(started[0], Set.copyOf(scope), result));
			return result;
		} finally {
			queue.unlock();
		}
	}

	/** How many write-time checks were answered by a check that had already taken their write in. */
	public long shared() {
		return shared.get();
	}

	private <T> T locked(String patientId, Supplier<T> work) {
		for (int attempt = 1; ; attempt++) {
			try {
				return transactions.withSystemRequest().execute(() -> {
					lock(patientId);
					return work.get();
				});
			} catch (RuntimeException e) {
				if (attempt == ATTEMPTS || !isConflict(e)) {
					throw e;
				}
				log.info("A patient's check met a concurrent change ({}); checking again", e.getClass().getSimpleName());
				pause(attempt);
			}
		}
	}

	private void lock(String patientId) {
		entityManager
				.createQuery(
						"select r from ResourceTable r where r.myResourceType = 'Patient' and r.myFhirId = :id", ResourceTable.class)
				.setParameter("id", patientId)
				.setLockMode(LockModeType.PESSIMISTIC_WRITE)
				.getResultList();
	}

	static boolean isConflict(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof ResourceVersionConflictException
					|| t instanceof PreconditionFailedException
					|| t instanceof PessimisticLockingFailureException
					|| t instanceof PessimisticLockException
					|| t instanceof jakarta.persistence.LockTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static void pause(int attempt) {
		try {
			Thread.sleep(BACKOFF.toMillis() * attempt);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while checking a patient again", e);
		}
	}
}

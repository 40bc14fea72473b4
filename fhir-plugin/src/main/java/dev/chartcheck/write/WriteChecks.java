package dev.chartcheck.write;

import dev.chartcheck.check.StandardModes;
import dev.chartcheck.check.CheckActivity;
import dev.chartcheck.audit.PatientAudit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import dev.chartcheck.check.CheckCore;
import dev.chartcheck.check.StandardMode;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardsCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Write-time checks: every stored create or update of a DocumentReference, Encounter, Consent or Claim re-checks,
 * for that patient, the standards that the written type can affect, and keeps the gap list live.
 *
 * <p>The writes of one database transaction (a single write, or a whole transaction Bundle, whose
 * pre-commit hooks HAPI defers until every entry is stored) are gathered per patient, so a patient is
 * checked once per transaction, not once per entry, and only with the standards the written types affect.
 * <ul>
 * <li>Standards set to {@code enforce} are checked just before the commit, inside the transaction, where the
 * new data is visible: an open gap in a written resource rejects the write with 422, and the whole
 * transaction rolls back.
 * <li>Standards set to {@code report} are checked once the request's writes are committed, when it is
 * answered (see {@link #report}), and the patient's DetectedIssues reconciled. Nothing that goes wrong there
 * can touch the clinical write: it is logged (without PHI) and counted in
 * {@code chartcheck.write.check.failures}, and the next audit catches up. Writes made inside the server,
 * with no client request to answer, also wait for the next audit.
 * </ul>
 * The gaps left open in the written resources go back to the writer (see {@link WriteOutcomes}).
 */
@Interceptor
public class WriteChecks {

	private static final Logger log = LoggerFactory.getLogger(WriteChecks.class);
	private static final Object PENDING_KEY = new Object();
	private static final String COMMITTED_KEY = WriteChecks.class.getName() + ".committed";

	private final CheckCore core;
	private final StandardsCatalog catalog;
	private final StandardModes modes;
	private final Clock clock;
	private final CheckActivity activity;
	private final AtomicLong failures = new AtomicLong();

	public WriteChecks(
			CheckCore core,
			StandardsCatalog catalog,
			StandardModes modes,
			Clock clock,
			CheckActivity activity) {
		this.core = core;
		this.catalog = catalog;
		this.modes = modes;
		this.clock = clock;
		this.activity = activity;
	}

	/** How many write-time checks have failed since start (the metric {@code chartcheck.write.check.failures}). */
	public long failures() {
		return failures.get();
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		written(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		written(resource, request);
	}

	private void written(IBaseResource resource, RequestDetails request) {
		String patient = patientOf(resource);
		if (patient == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		PendingWrites pending = (PendingWrites) TransactionSynchronizationManager.getResource(PENDING_KEY);
		if (pending == null) {
			pending = new PendingWrites(request);
			TransactionSynchronizationManager.bindResource(PENDING_KEY, pending);
			TransactionSynchronizationManager.registerSynchronization(new Checks(pending));
		}
		IdType id = new IdType(resource.getIdElement().getValue()).toUnqualifiedVersionless();
		pending.add(patient, id.getValue());
	}

	/**
	 * Runs the reported standards for the writes that the request committed, reconciles those patients'
	 * DetectedIssues, and answers the gaps left open in the written resources. Called when the request is
	 * answered, after every commit and outside any transaction: nothing that goes wrong here can touch the
	 * clinical write. A failure is logged (without PHI) and counted, and the next audit catches up.
	 */
	public List<Finding> report(RequestDetails request) {
		List<PendingWrites> committed = committed(request);
		if (committed.isEmpty()) {
			return List.of();
		}
		PendingWrites merged = new PendingWrites(request);
		committed.forEach(merged::addAll);
		committed.clear();
		long started = System.nanoTime();
		try {
			return checkReported(merged);
		} finally {
			activity.writeCheckTook(Duration.ofNanos(System.nanoTime() - started));
		}
	}

	private List<Finding> checkReported(PendingWrites merged) {
		Instant now = clock.instant();
		long written = core.writeMark();
		List<Finding> open = new ArrayList<>();
		for (PendingWrites.PatientWrites writes : merged.patients()) {
			List<Standard> reported = standards(StandardMode.REPORT, writes.types());
			if (reported.isEmpty()) {
				continue;
			}
			try {
				core.checkWritten("Patient/" + writes.patient(), reported, now, written,
								() -> activity.checked(CheckActivity.Trigger.WRITE, reported, 1))
						.stream()
						.filter(f -> f.status() != GapStatus.CLOSED && writes.resources().contains(f.subject()))
						.forEach(open::add);
			} catch (RuntimeException e) {
				failures.incrementAndGet();
				log.warn("Write-time check failed after a {} write; the gaps catch up at the next audit: {}",
						String.join("/", writes.types()), e.getClass().getName());
			}
		}
		return open;
	}

	@SuppressWarnings("unchecked")
	private static List<PendingWrites> committed(RequestDetails request) {
		return (List<PendingWrites>) request.getUserData().computeIfAbsent(COMMITTED_KEY, k -> new ArrayList<PendingWrites>());
	}

	/** The patient a written clinical resource belongs to, or null when it is none of the checked types. */
	static String patientOf(IBaseResource resource) {
		Reference subject;
		if (resource instanceof DocumentReference note) {
			subject = note.getSubject();
		} else if (resource instanceof Encounter encounter) {
			subject = encounter.getSubject();
		} else if (resource instanceof Consent consent) {
			subject = consent.getPatient();
		} else if (resource instanceof Claim claim) {
			subject = claim.getPatient();
		} else {
			return null;
		}
		IdType patient = new IdType(subject.getReference());
		return "Patient".equals(patient.getResourceType()) && patient.hasIdPart() ? patient.getIdPart() : null;
	}

	/** The standards in {@code mode} that a write of these types can affect. */
	private List<Standard> standards(StandardMode mode, Set<String> types) {
		return catalog.all().stream()
				.filter(s -> modes.modeOf(s.code()) == mode)
				.filter(s -> s.affectedBy().stream().anyMatch(types::contains))
				.toList();
	}

	/** Runs the checks of one database transaction around its commit. */
	private final class Checks implements TransactionSynchronization {

		private final PendingWrites pending;

		Checks(PendingWrites pending) {
			this.pending = pending;
		}

		/** Enforced standards, inside the transaction: an open gap in a written resource rolls it all back. */
		@Override
		public void beforeCommit(boolean readOnly) {
			Instant now = clock.instant();
			for (PendingWrites.PatientWrites writes : pending.patients()) {
				List<Standard> enforced = standards(StandardMode.ENFORCE, writes.types());
				if (enforced.isEmpty()) {
					continue;
				}
				long started = System.nanoTime();
				List<Finding> opened = PatientAudit.knownPatient(() -> core.findings(
								core.load("Patient/" + writes.patient(), AuditPeriod.ALL, enforced), enforced, now))
						.stream()
						.filter(f -> f.status() == GapStatus.OPEN && writes.resources().contains(f.subject()))
						.toList();
				activity.checked(CheckActivity.Trigger.WRITE, enforced, 1);
				activity.writeCheckTook(Duration.ofNanos(System.nanoTime() - started));
				if (!opened.isEmpty()) {
					throw new UnprocessableEntityException(
							pending.request() == null ? null : pending.request().getFhirContext(), rejection(opened));
				}
			}
		}

		/** Reported standards run once the request is answered, outside any transaction (see {@link #report}). */
		@Override
		public void afterCommit() {
			if (pending.request() != null) {
				committed(pending.request()).add(pending);
			}
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(PENDING_KEY);
		}
	}

	private static OperationOutcome rejection(List<Finding> opened) {
		OperationOutcome outcome = new OperationOutcome();
		for (Finding finding : opened) {
			outcome.addIssue(WriteOutcomes.issue(finding, OperationOutcome.IssueSeverity.ERROR));
		}
		return outcome;
	}
}

package dev.chartcheck.audit;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.chartcheck.check.CheckCore;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.Standard;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;

/** One patient's review ({@code Patient/[id]/$audit}), on the check core: check, reconcile, report. */
public class PatientAudit {

	private final CheckCore core;

	public PatientAudit(CheckCore core) {
		this.core = core;
	}

	/** The {@code Patient/[id]/$audit} answer: an individual MeasureReport, then the DetectedIssues. */
	public Bundle audit(IIdType patientId, AuditPeriod period, List<Standard> standards, boolean persist) {
		Instant now = core.now();
		CheckCore.Checked outcome = check(patientId, period, standards, persist, now);
		return AuditReport.individual(outcome.check(), period, now, outcome.issues());
	}

	/** Checks one record and reconciles its gaps (stored only when {@code persist}). A patient not stored is a 404. */
	public CheckCore.Checked check(IIdType patientId, AuditPeriod period, List<Standard> standards, boolean persist, Instant now) {
		return knownPatient(() -> core.check("Patient/" + patientId.getIdPart(), period, standards, persist, now));
	}

	/**
	 * Runs {@code work}, answering a patient the core does not know as HAPI's 404, also when a transaction the check
	 * ran in wrapped the exception.
	 */
	public static <T> T knownPatient(Supplier<T> work) {
		try {
			return work.get();
		} catch (RuntimeException e) {
			for (Throwable cause = e; cause != null; cause = cause.getCause()) {
				if (cause instanceof CheckCore.UnknownPatient unknown) {
					throw new ResourceNotFoundException(unknown.getMessage());
				}
			}
			throw e;
		}
	}
}

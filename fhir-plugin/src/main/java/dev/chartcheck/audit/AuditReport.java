package dev.chartcheck.audit;

import static dev.chartcheck.check.ChartcheckCanonicals.AUDIT_MEASURE;
import static dev.chartcheck.check.ChartcheckCanonicals.STANDARD_SYSTEM;

import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.StandardResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/** Builds the {@code $audit} answer: a collection Bundle with a MeasureReport first, then the DetectedIssues. */
final class AuditReport {

	private static final String POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";

	private AuditReport() {}

	static Bundle individual(RecordCheck check, AuditPeriod period, Instant now, List<DetectedIssue> issues) {
		return bundle(measureReport(check, period, now), issues, now);
	}

	/** The answer's shape for every scope: the MeasureReport first, then the DetectedIssues. */
	static Bundle bundle(MeasureReport report, List<DetectedIssue> issues, Instant now) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		bundle.setTimestamp(Date.from(now));
		bundle.addEntry().setFullUrl(report.getIdElement().hasIdPart()
				? "MeasureReport/" + report.getIdElement().getIdPart()
				: "urn:uuid:" + java.util.UUID.randomUUID()).setResource(report);
		for (DetectedIssue issue : issues) {
			Bundle.BundleEntryComponent entry = bundle.addEntry().setResource(issue);
			entry.setFullUrl(issue.getIdElement().hasIdPart()
					? "DetectedIssue/" + issue.getIdElement().getIdPart()
					: "urn:uuid:" + java.util.UUID.randomUUID());
		}
		return bundle;
	}

	static MeasureReport measureReport(RecordCheck check, AuditPeriod period, Instant now) {
		MeasureReport report = new MeasureReport();
		report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
		report.setType(MeasureReport.MeasureReportType.INDIVIDUAL);
		report.setMeasure(AUDIT_MEASURE);
		report.setSubject(new Reference(check.record().patientId()));
		report.setDate(Date.from(now));
		report.setPeriod(new Period()
				.setStart(period.start() != null ? Date.from(period.start()) : birthOrNow(check, now))
				.setEnd(Date.from(period.end() != null ? period.end() : now)));
		for (StandardResult result : check.results()) {
			int denominator = result.examined().size();
			int numerator = result.compliant().size();
			MeasureReport.MeasureReportGroupComponent group = report.addGroup();
			group.setId(result.standard());
			group.setCode(new CodeableConcept(new Coding(STANDARD_SYSTEM, result.standard(), null)));
			population(group, "denominator", denominator);
			population(group, "numerator", numerator);
			if (denominator > 0) {
				group.setMeasureScore(new Quantity()
						.setValue(BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP)));
			}
		}
		report.setText(AuditNarrative.render(report));
		return report;
	}

	private static Date birthOrNow(RecordCheck check, Instant now) {
		return check.record().patient().hasBirthDate() ? check.record().patient().getBirthDate() : Date.from(now);
	}

	private static void population(MeasureReport.MeasureReportGroupComponent group, String code, int count) {
		group.addPopulation()
				.setCode(new CodeableConcept(new Coding(POPULATION_SYSTEM, code, null)))
				.setCount(count);
	}
}

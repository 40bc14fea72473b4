package dev.chartcheck.audit;

import static dev.chartcheck.check.ChartcheckCanonicals.AUDIT_MEASURE;
import static dev.chartcheck.check.ChartcheckCanonicals.AUDIT_SAMPLE;
import static dev.chartcheck.check.ChartcheckCanonicals.COMPLIANCE_GOAL;
import static dev.chartcheck.check.ChartcheckCanonicals.GOAL_MET;
import static dev.chartcheck.check.ChartcheckCanonicals.OVERALL_COMPLIANCE;
import static dev.chartcheck.check.ChartcheckCanonicals.OVERDUE_GAPS;
import static dev.chartcheck.check.ChartcheckCanonicals.PREVIOUS_COMPLIANCE;
import static dev.chartcheck.check.ChartcheckCanonicals.STANDARD_SYSTEM;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupStratifierComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * Audit MeasureReports shaped as SummaryReport builds them (groups per standard, strata by practitioner
 * and by licensure category, goal-met, sample, goal, overall and previous rates), with known values:
 * an organization audit of 3 records against the 80 % goal, where signature-credentials (50 %) and
 * contact-documented (66.7 %) miss the goal, coordination-of-care has no record in scope, the
 * previous report (2013) scored 92.2 %, and two signature gaps are overdue.
 */
final class AuditReportFixture {

	static final String POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";
	/** A practitioner reference that must be escaped. */
	static final String ODD_PRACTITIONER = "Practitioner/x<y&z>\"q\"";
	static final double GOAL = 0.8;

	private AuditReportFixture() {}

	static MeasureReport organizationAudit() {
		MeasureReport report = new MeasureReport();
		report.setId("MeasureReport/audit-2026");
		report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
		report.setType(MeasureReport.MeasureReportType.SUMMARY);
		report.setMeasure(AUDIT_MEASURE);
		report.setDate(Date.from(Instant.parse("2026-04-02T10:15:00Z")));
		report.setPeriod(new Period()
				.setStart(Date.from(Instant.parse("2026-01-01T00:00:00Z")))
				.setEnd(Date.from(Instant.parse("2026-03-31T00:00:00Z"))));
		report.setReporter(new Reference("Organization/pop-org"));
		Extension sample = report.addExtension().setUrl(AUDIT_SAMPLE);
		sample.addExtension("population", new IntegerType(3));
		sample.addExtension("drawn", new IntegerType(3));
		sample.addExtension("seed", new StringType("7"));
		for (String patient : new String[] {"Patient/popA-pat", "Patient/popB-pat", "Patient/popC-pat"}) {
			report.addEvaluatedResource(new Reference(patient));
		}
		report.addExtension(COMPLIANCE_GOAL, new DecimalType(GOAL));
		report.addExtension(OVERALL_COMPLIANCE, new DecimalType(rate(39, 48)));
		report.addExtension(previous("MeasureReport/audit-2013", "2013-06-30T09:00:00Z", 0.922));
		report.addExtension(OVERDUE_GAPS, new IntegerType(2));

		MeasureReportGroupComponent identification = group(report, "patient-identification", 3, 3);
		stratum(identification, 0, "Practitioner/popA-prac2", 3, 3);
		stratum(identification, 1, "MD", 3, 3);

		MeasureReportGroupComponent signatures = group(report, "signature-credentials", 6, 3);
		signatures.addExtension(previous("MeasureReport/audit-2013", "2013-06-30T09:00:00Z", 0.75));
		signatures.addExtension(OVERDUE_GAPS, new IntegerType(2));
		stratum(signatures, 0, "Practitioner/popA-prac", 3, 0);
		stratum(signatures, 0, "Practitioner/popA-prac2", 3, 3);
		stratum(signatures, 1, "MD", 3, 3);
		stratum(signatures, 1, "no credentials", 3, 0);

		MeasureReportGroupComponent dated = group(report, "dated", 15, 15);
		stratum(dated, 0, "Practitioner/popA-prac2", 12, 12);
		stratum(dated, 0, ODD_PRACTITIONER, 3, 3);
		stratum(dated, 1, "MD", 12, 12);
		stratum(dated, 1, "LCSW", 3, 3);

		MeasureReportGroupComponent chronology = group(report, "chronological-order", 15, 12);
		stratum(chronology, 0, "Practitioner/popA-prac2", 15, 12);
		stratum(chronology, 1, "MD", 15, 12);

		MeasureReportGroupComponent contacts = group(report, "contact-documented", 9, 6);
		stratum(contacts, 0, "Practitioner/popA-prac2", 6, 6);
		stratum(contacts, 0, "unattributed", 3, 0);
		stratum(contacts, 1, "MD", 6, 6);
		stratum(contacts, 1, "unattributed", 3, 0);

		group(report, "coordination-of-care", 0, 0);
		return report;
	}

	/** The organization audit with {@code extra} more standards, each with one practitioner stratum. */
	static MeasureReport organizationAuditWith(int extra) {
		MeasureReport report = organizationAudit();
		for (int i = 1; i <= extra; i++) {
			MeasureReportGroupComponent group = group(report, "extra-standard-" + i, 4, 4);
			stratum(group, 0, "Practitioner/popA-prac2", 4, 4);
			stratum(group, 1, "MD", 4, 4);
		}
		return report;
	}

	/** A patient's individual report, as {@code Patient/[id]/$audit} answers: no strata, no goal. */
	static MeasureReport patientAudit() {
		MeasureReport report = new MeasureReport();
		report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
		report.setType(MeasureReport.MeasureReportType.INDIVIDUAL);
		report.setMeasure(AUDIT_MEASURE);
		report.setSubject(new Reference("Patient/mixed-pat"));
		report.setDate(Date.from(Instant.parse("2026-04-02T10:15:00Z")));
		report.setPeriod(new Period()
				.setStart(Date.from(Instant.parse("1980-05-01T00:00:00Z")))
				.setEnd(Date.from(Instant.parse("2026-04-02T10:15:00Z"))));
		for (String[] g : new String[][] {{"dated", "5", "5"}, {"signature-credentials", "2", "1"}, {"consent-renewal", "0", "0"}}) {
			MeasureReportGroupComponent group = report.addGroup();
			group.setId(g[0]);
			group.setCode(new CodeableConcept(new Coding(STANDARD_SYSTEM, g[0], null)));
			int denominator = Integer.parseInt(g[1]);
			int numerator = Integer.parseInt(g[2]);
			group.addPopulation().setCode(population("denominator")).setCount(denominator);
			group.addPopulation().setCode(population("numerator")).setCount(numerator);
			if (denominator > 0) {
				group.setMeasureScore(quantity(rate(numerator, denominator)));
			}
		}
		return report;
	}

	private static MeasureReportGroupComponent group(MeasureReport report, String standard, int denominator, int numerator) {
		MeasureReportGroupComponent group = report.addGroup();
		group.setId(standard);
		group.setCode(new CodeableConcept(new Coding(STANDARD_SYSTEM, standard, null)));
		group.addPopulation().setCode(population("denominator")).setCount(denominator);
		group.addPopulation().setCode(population("numerator")).setCount(numerator);
		if (denominator > 0) {
			group.setMeasureScore(quantity(rate(numerator, denominator)));
			group.addExtension(GOAL_MET, new BooleanType((double) numerator / denominator >= GOAL));
		}
		if (!standard.equals("signature-credentials")) {
			group.addExtension(OVERDUE_GAPS, new IntegerType(0));
		}
		stratifier(group, "practitioner", "By practitioner");
		stratifier(group, "licensure-category", "By licensure category");
		return group;
	}

	private static void stratifier(MeasureReportGroupComponent group, String code, String text) {
		MeasureReportGroupStratifierComponent stratifier = group.addStratifier();
		stratifier.addCode(new CodeableConcept().setText(text).addCoding(new Coding(null, code, text)));
	}

	private static void stratum(MeasureReportGroupComponent group, int stratifier, String value, int denominator, int numerator) {
		StratifierGroupComponent stratum = group.getStratifier().get(stratifier).addStratum();
		stratum.setValue(new CodeableConcept().setText(value));
		stratum.addPopulation().setCode(population("denominator")).setCount(denominator);
		stratum.addPopulation().setCode(population("numerator")).setCount(numerator);
		stratum.setMeasureScore(quantity(rate(numerator, denominator)));
		stratum.addExtension(GOAL_MET, new BooleanType((double) numerator / denominator >= GOAL));
	}

	private static Extension previous(String reference, String date, double score) {
		Extension earlier = new Extension(PREVIOUS_COMPLIANCE);
		earlier.addExtension("report", new Reference(reference));
		earlier.addExtension("date", new DateTimeType(date));
		earlier.addExtension("score", new DecimalType(score));
		return earlier;
	}

	private static CodeableConcept population(String code) {
		return new CodeableConcept(new Coding(POPULATION_SYSTEM, code, null));
	}

	private static Quantity quantity(BigDecimal rate) {
		return new Quantity().setValue(rate).setUnit("1").setSystem("http://unitsofmeasure.org").setCode("1");
	}

	private static BigDecimal rate(int numerator, int denominator) {
		return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP);
	}
}

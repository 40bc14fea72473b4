package dev.chartcheck.audit;

import static dev.chartcheck.check.ChartcheckCanonicals.AUDIT_MEASURE;
import static dev.chartcheck.check.ChartcheckCanonicals.AUDIT_SAMPLE;
import static dev.chartcheck.check.ChartcheckCanonicals.COMPLIANCE_GOAL;
import static dev.chartcheck.check.ChartcheckCanonicals.GOAL_MET;
import static dev.chartcheck.check.ChartcheckCanonicals.OVERALL_COMPLIANCE;
import static dev.chartcheck.check.ChartcheckCanonicals.OVERDUE_GAPS;
import static dev.chartcheck.check.ChartcheckCanonicals.PREVIOUS_COMPLIANCE;
import static dev.chartcheck.check.ChartcheckCanonicals.STANDARD_SYSTEM;

import dev.chartcheck.check.ChartcheckCanonicals;
import dev.chartcheck.engine.AuditTally;
import dev.chartcheck.engine.AuditTally.Counts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * The summary MeasureReport of a population audit: per standard the records in scope, those that comply
 * and the rate, stratified by practitioner and by licensure category, each against the goal; the overall
 * rate; the sample drawn; and the rates of the previous report of the same scope beside the new ones.
 */
final class SummaryReport {

	private static final String POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";

	/** How the audit was drawn and when it ran. */
	record Draw(
			Instant now,
			Instant periodStart,
			Instant periodEnd,
			int population,
			List<String> drawn,
			Integer sampleSize,
			long seed,
			Map<String, Integer> overdueByStandard) {}

	private SummaryReport() {}

	static MeasureReport build(AuditScope scope, AuditTally tally, Draw draw, double goal, Optional<MeasureReport> previous) {
		MeasureReport report = new MeasureReport();
		report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
		report.setType(MeasureReport.MeasureReportType.SUMMARY);
		report.setMeasure(AUDIT_MEASURE);
		report.setDate(Date.from(draw.now()));
		report.setPeriod(new Period()
				.setStart(draw.periodStart() == null ? null : Date.from(draw.periodStart()))
				.setEnd(Date.from(draw.periodEnd() == null ? draw.now() : draw.periodEnd())));
		if (!scope.isServer()) {
			// MeasureReport.subject may be a Practitioner but not an Organization, which reports instead
			if (scope.subject().startsWith("Organization/")) {
				report.setReporter(new Reference(scope.subject()));
			} else {
				report.setSubject(new Reference(scope.subject()));
			}
		}
		Extension sample = report.addExtension().setUrl(AUDIT_SAMPLE);
		sample.addExtension("population", new IntegerType(draw.population()));
		sample.addExtension("drawn", new IntegerType(draw.drawn().size()));
		if (draw.sampleSize() != null) {
			sample.addExtension("seed", new StringType(Long.toString(draw.seed())));
		}
		// the records drawn, so that a sample can be checked and repeated
		draw.drawn().forEach(patient -> report.addEvaluatedResource(new Reference(patient)));
		report.addExtension(COMPLIANCE_GOAL, new DecimalType(goal));
		// gaps past their remediation due date and still open, flagged for follow-up
		report.addExtension(OVERDUE_GAPS, new IntegerType(draw.overdueByStandard().values().stream().mapToInt(Integer::intValue).sum()));
		tally.overall().rate().ifPresent(rate -> report.addExtension(OVERALL_COMPLIANCE, decimal(rate)));
		previous.filter(p -> p.getExtensionByUrl(OVERALL_COMPLIANCE) != null)
				.ifPresent(p -> report.addExtension(previousRate(p,
						((DecimalType) p.getExtensionByUrl(OVERALL_COMPLIANCE).getValue()).getValue())));

		for (String standard : tally.standards()) {
			MeasureReportGroupComponent group = report.addGroup();
			group.setId(standard);
			group.setCode(new CodeableConcept(new Coding(STANDARD_SYSTEM, standard, null)));
			Counts total = tally.total(standard);
			populations(group, total);
			score(group, total, goal);
			group.addExtension(OVERDUE_GAPS, new IntegerType(draw.overdueByStandard().getOrDefault(standard, 0)));
			previous.flatMap(p -> p.getGroup().stream().filter(g -> standard.equals(g.getId())).findFirst())
					.filter(MeasureReportGroupComponent::hasMeasureScore)
					.ifPresent(g -> group.addExtension(previousRate(previous.get(), g.getMeasureScore().getValue())));
			stratify(group, "practitioner", "By practitioner", tally.byPractitioner(standard), goal);
			stratify(group, "licensure-category", "By licensure category", tally.byLicensure(standard), goal);
		}
		report.setText(AuditNarrative.render(report));
		return report;
	}

	private static void stratify(
			MeasureReportGroupComponent group, String code, String text, Map<String, Counts> strata, double goal) {
		MeasureReport.MeasureReportGroupStratifierComponent stratifier = group.addStratifier();
		stratifier.addCode(new CodeableConcept().setText(text).addCoding(new Coding(ChartcheckCanonicals.AUDIT_STRATIFIER, code, text)));
		for (Map.Entry<String, Counts> entry : strata.entrySet()) {
			StratifierGroupComponent stratum = stratifier.addStratum();
			stratum.setValue(new CodeableConcept().setText(entry.getKey()));
			Counts counts = entry.getValue();
			stratum.addPopulation().setCode(population("denominator")).setCount(counts.denominator());
			stratum.addPopulation().setCode(population("numerator")).setCount(counts.numerator());
			counts.rate().ifPresent(rate -> {
				stratum.setMeasureScore(quantity(rate));
				stratum.addExtension(GOAL_MET, new BooleanType(rate >= goal));
			});
		}
	}

	private static void populations(MeasureReportGroupComponent group, Counts counts) {
		group.addPopulation().setCode(population("denominator")).setCount(counts.denominator());
		group.addPopulation().setCode(population("numerator")).setCount(counts.numerator());
	}

	private static void score(MeasureReportGroupComponent group, Counts counts, double goal) {
		counts.rate().ifPresent(rate -> {
			group.setMeasureScore(quantity(rate));
			group.addExtension(GOAL_MET, new BooleanType(rate >= goal));
		});
	}

	/** The earlier report's rate, to stand beside the new one. */
	private static Extension previousRate(MeasureReport previous, BigDecimal score) {
		Extension earlier = new Extension(PREVIOUS_COMPLIANCE);
		earlier.addExtension("report", new Reference("MeasureReport/" + previous.getIdElement().getIdPart()));
		earlier.addExtension("date", previous.getDateElement().copy());
		earlier.addExtension("score", new DecimalType(score));
		return earlier;
	}

	private static CodeableConcept population(String code) {
		return new CodeableConcept(new Coding(POPULATION_SYSTEM, code, null));
	}

	private static Quantity quantity(double rate) {
		// a proportion's score is a plain number, as the Measure's scoring says
		return new Quantity().setValue(round(rate));
	}

	private static DecimalType decimal(double rate) {
		return new DecimalType(round(rate));
	}

	private static BigDecimal round(double rate) {
		return BigDecimal.valueOf(rate).setScale(4, RoundingMode.HALF_UP);
	}
}

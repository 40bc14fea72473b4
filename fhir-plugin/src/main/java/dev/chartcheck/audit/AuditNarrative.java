package dev.chartcheck.audit;

import dev.chartcheck.check.ChartcheckCanonicals;
import static dev.chartcheck.audit.AuditChart.BELOW_MARK;
import static dev.chartcheck.audit.AuditChart.decimal;
import static dev.chartcheck.audit.AuditChart.escape;
import static dev.chartcheck.audit.AuditChart.label;
import static dev.chartcheck.audit.AuditChart.percent;
import static dev.chartcheck.audit.AuditChart.previousScore;
import static dev.chartcheck.audit.AuditChart.standard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.PrimitiveType;

/**
 * The audit report a quality manager reads and prints, from an {@code $audit} MeasureReport: the scope,
 * period and sample, the overall rate against the goal (and the previous report's), a bar chart per
 * standard, and tables by practitioner and by licensure category with the cells below goal marked in
 * words as well as colour. {@link #render} gives it as the report's FHIR narrative (only elements and
 * attributes FHIR narrative allows: inline styles, the chart as a {@code data:} image), {@link #page}
 * as a standalone HTML page for a browser.
 */
public final class AuditNarrative {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
	private static final DateTimeFormatter MINUTE =
			DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
	private static final String BASE = "font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;font-size:13px;color:#111111";

	private AuditNarrative() {}

	/** The report's narrative: status {@code generated}, XHTML that FHIR narrative allows. */
	public static Narrative render(MeasureReport report) {
		Narrative narrative = new Narrative();
		narrative.setStatus(Narrative.NarrativeStatus.GENERATED);
		narrative.setDivAsString(div(report));
		return narrative;
	}

	/** The same report as a complete HTML5 page, for a browser and for printing. */
	public static String page(MeasureReport report) {
		return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
				+ "<title>" + escape(title(report)) + "</title>\n"
				+ "<style>body{margin:16px;background:#ffffff}"
				+ "@page{size:A4 landscape;margin:12mm}"
				+ "@media print{body{margin:0;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
				+ "table,img{page-break-inside:avoid}}</style>\n"
				+ "</head>\n<body>\n" + div(report) + "\n</body>\n</html>\n";
	}

	static String div(MeasureReport report) {
		BigDecimal goal = decimal(report.getExtensionByUrl(ChartcheckCanonicals.COMPLIANCE_GOAL));
		List<MeasureReportGroupComponent> groups = report.getGroup();
		StringBuilder h = new StringBuilder(8192);
		h.append("<div xmlns=\"http://www.w3.org/1999/xhtml\" style=\"").append(BASE).append("\">");
		h.append("<h2 style=\"margin:0 0 8px 0\">").append(escape(title(report))).append("</h2>");
		fact(h, "Scope", escape(scope(report)));
		fact(h, "Period", escape(period(report)));
		if (report.hasDate()) {
			fact(h, "Report date", escape(MINUTE.format(report.getDate().toInstant())));
		}
		sample(report).ifPresent(text -> fact(h, "Sample", escape(text)));
		List<AuditChart.Bar> bars = new ArrayList<>();
		for (MeasureReportGroupComponent group : groups) {
			bars.add(AuditChart.Bar.of(group, goal));
		}
		fact(h, "Overall compliance", overall(report, bars, goal));
		Integer overdue = AuditTables.integer(report.getExtensionByUrl(ChartcheckCanonicals.OVERDUE_GAPS));
		if (overdue != null) {
			fact(h, "Overdue gaps", overdue == 0 ? "none" : "<b style=\"color:#8b0000\">" + overdue + "</b> open "
					+ (overdue == 1 ? "gap" : "gaps") + " past the remediation due date");
		}

		if (!bars.isEmpty()) {
			h.append("<h3 style=\"margin:16px 0 4px 0\">Compliance per standard</h3>");
			h.append("<p><img src=\"").append(AuditChart.dataUri(bars, goal)).append("\" alt=\"")
					.append(escape(AuditChart.altText(bars, goal))).append("\" width=\"").append(AuditChart.width())
					.append("\" height=\"").append(AuditChart.height(bars)).append("\" style=\"max-width:100%;height:auto\"/></p>");
			AuditTables.standards(h, bars, groups);
		}
		AuditTables.strata(h, groups, goal, "practitioner", 0, "Practitioner");
		AuditTables.strata(h, groups, goal, "licensure-category", 1, "Licensure category");
		h.append("<p style=\"font-size:11px;color:#333333\">");
		if (goal != null) {
			h.append("<b>").append(escape(BELOW_MARK)).append("</b>: compliance under the ").append(escape(percent(goal)))
					.append(" goal. ");
		}
		h.append("Cells read \u201crate (records that comply/records in scope)\u201d; \u2014 means no record of that row "
				+ "for the standard; n/a means no record in scope.</p>");
		return h.append("</div>").toString();
	}

	/** One line of the heading: a label and its (already escaped) value. */
	private static void fact(StringBuilder h, String label, String html) {
		h.append("<p style=\"margin:2px 0\"><b>").append(escape(label)).append(":</b> ").append(html).append("</p>");
	}

	private static String title(MeasureReport report) {
		return "Documentation compliance audit \u2014 " + scope(report);
	}

	private static String scope(MeasureReport report) {
		if (report.hasSubject() && report.getSubject().hasReference()) {
			return report.getSubject().getReference();
		}
		if (report.hasReporter() && report.getReporter().hasReference()) {
			return report.getReporter().getReference();
		}
		return "All records";
	}

	private static String period(MeasureReport report) {
		Date start = report.hasPeriod() ? report.getPeriod().getStart() : null;
		Date end = report.hasPeriod() ? report.getPeriod().getEnd() : null;
		String from = start == null ? "the first record" : DAY.format(start.toInstant());
		return end == null ? "from " + from : from + " to " + DAY.format(end.toInstant());
	}

	private static Optional<String> sample(MeasureReport report) {
		Extension sample = report.getExtensionByUrl(ChartcheckCanonicals.AUDIT_SAMPLE);
		if (sample == null) {
			return Optional.empty();
		}
		Integer population = AuditTables.integer(sample.getExtensionByUrl("population"));
		Integer drawn = AuditTables.integer(sample.getExtensionByUrl("drawn"));
		Extension seed = sample.getExtensionByUrl("seed");
		StringBuilder text = new StringBuilder();
		text.append(drawn == null ? "?" : drawn).append(" of ").append(population == null ? "?" : population)
				.append(population != null && population == 1 ? " record" : " records");
		if (seed != null && seed.getValue() instanceof PrimitiveType<?> value) {
			text.append(", random sample, seed ").append(value.getValueAsString());
		} else {
			text.append(", every record in scope");
		}
		return Optional.of(text.toString());
	}

	/** The overall-compliance extension, else every group's records together (as an individual report has none). */
	private static String overall(MeasureReport report, List<AuditChart.Bar> bars, BigDecimal goal) {
		BigDecimal overall = decimal(report.getExtensionByUrl(ChartcheckCanonicals.OVERALL_COMPLIANCE));
		int denominator = bars.stream().mapToInt(AuditChart.Bar::denominator).sum();
		if (overall == null && denominator > 0) {
			int numerator = bars.stream().mapToInt(AuditChart.Bar::numerator).sum();
			overall = BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP);
		}
		StringBuilder h = new StringBuilder();
		if (overall == null) {
			h.append("n/a (no records in scope)");
		} else {
			boolean below = goal != null && overall.compareTo(goal) < 0;
			h.append("<b").append(below ? " style=\"color:#8b0000\"" : "").append(">").append(escape(percent(overall))).append("</b>");
			if (goal != null) {
				h.append(" against a goal of ").append(escape(percent(goal))).append(" \u2014 ")
						.append(below ? "<b style=\"color:#8b0000\">" + escape(BELOW_MARK) + "</b>" : "goal met");
			}
		}
		Extension previous = report.getExtensionByUrl(ChartcheckCanonicals.PREVIOUS_COMPLIANCE);
		BigDecimal earlier = previousScore(previous);
		if (earlier != null) {
			h.append(" (previous ").append(escape(percent(earlier)));
			Extension date = previous.getExtensionByUrl("date");
			if (date != null && date.getValue() instanceof BaseDateTimeType when && when.getValue() != null) {
				h.append(" on ").append(DAY.format(when.getValue().toInstant()));
			}
			h.append(")");
		}
		return h.toString();
	}
}

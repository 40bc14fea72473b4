package dev.chartcheck.fhir;

import dev.chartcheck.check.ChartcheckCanonicals;
import static dev.chartcheck.fhir.AuditChart.BELOW_MARK;
import static dev.chartcheck.fhir.AuditChart.decimal;
import static dev.chartcheck.fhir.AuditChart.escape;
import static dev.chartcheck.fhir.AuditChart.label;
import static dev.chartcheck.fhir.AuditChart.percent;
import static dev.chartcheck.fhir.AuditChart.previousScore;
import static dev.chartcheck.fhir.AuditChart.standard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupStratifierComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupComponent;
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
	private static final String TABLE = "border-collapse:collapse;margin:4px 0 16px 0;font-size:12px";
	private static final String TH =
			"border:1px solid #555555;padding:3px 6px;background-color:#e8e8e8;text-align:left;vertical-align:bottom";
	private static final String TH_ROW =
			"border:1px solid #555555;padding:3px 6px;background-color:#f2f2f2;text-align:left;vertical-align:middle";
	private static final String TD = "border:1px solid #555555;padding:3px 6px;text-align:right;white-space:nowrap";
	private static final String TD_BELOW = "border:2px solid #b91c1c;padding:3px 6px;text-align:right;white-space:nowrap;"
			+ "background-color:#fde2e2;color:#8b0000;font-weight:bold";
	private static final String TD_NONE = "border:1px solid #555555;padding:3px 6px;text-align:center;color:#777777";
	private static final int COLUMNS_PER_TABLE = 7;
	private static final String CAPTION = "text-align:left;font-weight:bold;font-size:14px;padding:4px 0";

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
		Integer overdue = integer(report.getExtensionByUrl(ChartcheckCanonicals.OVERDUE_GAPS));
		if (overdue != null) {
			fact(h, "Overdue gaps", overdue == 0 ? "none" : "<b style=\"color:#8b0000\">" + overdue + "</b> open "
					+ (overdue == 1 ? "gap" : "gaps") + " past the remediation due date");
		}

		if (!bars.isEmpty()) {
			h.append("<h3 style=\"margin:16px 0 4px 0\">Compliance per standard</h3>");
			h.append("<p><img src=\"").append(AuditChart.dataUri(bars, goal)).append("\" alt=\"")
					.append(escape(AuditChart.altText(bars, goal))).append("\" width=\"").append(AuditChart.width())
					.append("\" height=\"").append(AuditChart.height(bars)).append("\" style=\"max-width:100%;height:auto\"/></p>");
			standardsTable(h, bars, groups);
		}
		strataTable(h, groups, goal, "practitioner", 0, "Practitioner");
		strataTable(h, groups, goal, "licensure-category", 1, "Licensure category");
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
		Integer population = integer(sample.getExtensionByUrl("population"));
		Integer drawn = integer(sample.getExtensionByUrl("drawn"));
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

	private static void standardsTable(StringBuilder h, List<AuditChart.Bar> bars, List<MeasureReportGroupComponent> groups) {
		boolean overdue = groups.stream().anyMatch(g -> g.getExtensionByUrl(ChartcheckCanonicals.OVERDUE_GAPS) != null);
		List<String> heads = new ArrayList<>(List.of("Standard", "Records in scope", "Comply", "Rate", "Previous"));
		if (overdue) {
			heads.add("Overdue gaps");
		}
		tableHead(h, "By standard", heads);
		for (int i = 0; i < bars.size(); i++) {
			AuditChart.Bar bar = bars.get(i);
			cell(h.append("<tr>"), "th", TH_ROW, escape(bar.label()));
			cell(h, "td", TD, Integer.toString(bar.denominator()));
			cell(h, "td", TD, Integer.toString(bar.numerator()));
			rate(h, bar.rate(), bar.belowGoal(), "", "n/a (no records in scope)");
			cell(h, "td", TD, bar.previous() == null ? "\u2014" : escape(percent(bar.previous())));
			if (overdue) {
				Integer count = integer(groups.get(i).getExtensionByUrl(ChartcheckCanonicals.OVERDUE_GAPS));
				cell(h, "td", count != null && count > 0 ? TD_BELOW : TD, count == null ? "\u2014" : count.toString());
			}
			h.append("</tr>");
		}
		h.append("</tbody></table>");
	}

	/** One row per stratum value (practitioner, licensure category), one column per standard. */
	private static void strataTable(
			StringBuilder h, List<MeasureReportGroupComponent> groups, BigDecimal goal, String code, int position, String rowHead) {
		Comparator<String> order = Comparator.comparing((String key) -> key.equals("unattributed") || key.equals("no credentials"))
				.thenComparing(Comparator.naturalOrder());
		Map<String, Map<String, AuditChart.Bar>> rows = new TreeMap<>(order);
		Map<String, String> columns = new LinkedHashMap<>();
		for (MeasureReportGroupComponent group : groups) {
			columns.put(standard(group), label(group));
			MeasureReportGroupStratifierComponent stratifier = stratifier(group, code, position);
			for (StratifierGroupComponent stratum : stratifier == null ? List.<StratifierGroupComponent>of() : stratifier.getStratum()) {
				String key = !stratum.hasValue() ? null
						: stratum.getValue().hasText() ? stratum.getValue().getText()
						: stratum.getValue().hasCoding() ? stratum.getValue().getCoding().get(0).getCode() : null;
				key = key == null ? "unattributed" : key;
				rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(standard(group), AuditChart.Bar.of(stratum, key, goal));
			}
		}
		if (rows.isEmpty()) {
			return;
		}
		// a printed page (A4 landscape) holds about seven standards side by side: more go to further tables
		List<String> standards = new ArrayList<>(columns.keySet());
		int parts = (standards.size() + COLUMNS_PER_TABLE - 1) / COLUMNS_PER_TABLE;
		int size = (standards.size() + parts - 1) / Math.max(1, parts);
		for (int from = 0; from < standards.size(); from += size) {
			List<String> part = standards.subList(from, Math.min(standards.size(), from + size));
			List<String> heads = new ArrayList<>(List.of(rowHead));
			part.forEach(standard -> heads.add(columns.get(standard)));
			tableHead(h, "By " + rowHead.toLowerCase(Locale.ROOT) + (parts == 1 ? ""
					: " (standards " + (from + 1) + "\u2013" + (from + part.size()) + " of " + standards.size() + ")"), heads);
			for (Map.Entry<String, Map<String, AuditChart.Bar>> row : rows.entrySet()) {
				cell(h.append("<tr>"), "th", TH_ROW, escape(row.getKey()));
				for (String standard : part) {
					AuditChart.Bar score = row.getValue().get(standard);
					if (score == null) {
						cell(h, "td", TD_NONE, "\u2014");
					} else {
						rate(h, score.rate(), score.belowGoal(), " (" + score.numerator() + "/" + score.denominator() + ")", "n/a");
					}
				}
				h.append("</tr>");
			}
			h.append("</tbody></table>");
		}
	}

	private static void tableHead(StringBuilder h, String caption, List<String> heads) {
		h.append("<table style=\"").append(TABLE).append("\"><caption style=\"").append(CAPTION).append("\">").append(escape(caption))
				.append("</caption><thead><tr>");
		heads.forEach(head -> cell(h, "th", TH, escape(head)));
		h.append("</tr></thead><tbody>");
	}

	/** A rate cell; below goal it is highlighted and says so in words, for black-and-white print. */
	private static void rate(StringBuilder h, BigDecimal rate, boolean below, String counts, String none) {
		if (rate == null) {
			cell(h, "td", TD_NONE, escape(none));
		} else {
			cell(h, "td", below ? TD_BELOW : TD, escape(percent(rate) + counts) + (below ? "<br/>" + escape(BELOW_MARK) : ""));
		}
	}

	private static void cell(StringBuilder h, String tag, String style, String html) {
		h.append('<').append(tag).append(" style=\"").append(style).append("\">").append(html).append("</").append(tag).append('>');
	}

	private static MeasureReportGroupStratifierComponent stratifier(MeasureReportGroupComponent group, String code, int position) {
		for (MeasureReportGroupStratifierComponent stratifier : group.getStratifier()) {
			if (stratifier.getCode().stream().flatMap(c -> c.getCoding().stream()).anyMatch(c -> code.equals(c.getCode()))) {
				return stratifier;
			}
		}
		boolean coded = group.getStratifier().stream().anyMatch(MeasureReportGroupStratifierComponent::hasCode);
		return !coded && group.getStratifier().size() > position ? group.getStratifier().get(position) : null;
	}

	private static Integer integer(Extension extension) {
		return extension != null && extension.getValue() instanceof IntegerType i && i.hasValue() ? i.getValue() : null;
	}
}

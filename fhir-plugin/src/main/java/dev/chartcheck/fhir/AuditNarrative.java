package dev.chartcheck.fhir;

import static dev.chartcheck.fhir.AuditChart.BELOW_MARK;
import static dev.chartcheck.fhir.AuditChart.escape;
import static dev.chartcheck.fhir.AuditChart.percent;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupPopulationComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupStratifierComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupPopulationComponent;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Type;

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
	private static final String TH = "border:1px solid #555555;padding:3px 6px;background-color:#e8e8e8;text-align:left;vertical-align:bottom";
	private static final String TD = "border:1px solid #555555;padding:3px 6px;text-align:right;white-space:nowrap";
	private static final String TD_BELOW = "border:2px solid #b91c1c;padding:3px 6px;text-align:right;white-space:nowrap;"
			+ "background-color:#fde2e2;color:#8b0000;font-weight:bold";
	private static final String TD_NONE = "border:1px solid #555555;padding:3px 6px;text-align:center;color:#777777";
	private static final String CAPTION = "text-align:left;font-weight:bold;font-size:14px;padding:4px 0";

	/** One cell of a table: counts and rate of a group or stratum. */
	private record Score(int numerator, int denominator, BigDecimal rate, boolean belowGoal) {}

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
		fact(h, "Overall compliance", overall(report, goal));

		List<AuditChart.Bar> bars = new ArrayList<>();
		for (MeasureReportGroupComponent group : groups) {
			Score score = score(group.getPopulation(), group.getMeasureScore().getValue(), group, goal);
			bars.add(new AuditChart.Bar(label(group), score.rate(), score.belowGoal(),
					previousScore(group.getExtensionByUrl(ChartcheckCanonicals.PREVIOUS_COMPLIANCE)),
					score.numerator(), score.denominator()));
		}
		if (!bars.isEmpty()) {
			h.append("<h3 style=\"margin:16px 0 4px 0\">Compliance per standard</h3>");
			h.append("<p><img src=\"").append(AuditChart.dataUri(bars, goal)).append("\" alt=\"")
					.append(escape(AuditChart.altText(bars, goal))).append("\" width=\"").append(AuditChart.width())
					.append("\" height=\"").append(AuditChart.height(bars)).append("\" style=\"max-width:100%;height:auto\"/></p>");
			standardsTable(h, bars, goal);
		}
		strataTable(h, groups, goal, "practitioner", 0, "By practitioner", "Practitioner");
		strataTable(h, groups, goal, "licensure-category", 1, "By licensure category", "Licensure category");
		h.append("<p style=\"font-size:11px;color:#333333\">");
		if (goal != null) {
			h.append("<b>").append(escape(BELOW_MARK)).append("</b>: compliance under the ").append(escape(percent(goal)))
					.append(" goal. ");
		}
		h.append("Cells read \u201crate (records that comply/records in scope)\u201d; \u2014 means no record of that row "
				+ "for the standard; n/a means no record in scope.</p>");
		return h.append("</div>").toString();
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
		Date start = report.getPeriod().getStart();
		Date end = report.getPeriod().getEnd();
		String from = start == null ? "the first record" : DAY.format(start.toInstant());
		return end == null ? "from " + from : from + " to " + DAY.format(end.toInstant());
	}

	private static java.util.Optional<String> sample(MeasureReport report) {
		Extension sample = report.getExtensionByUrl(ChartcheckCanonicals.AUDIT_SAMPLE);
		if (sample == null) {
			return java.util.Optional.empty();
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
		return java.util.Optional.of(text.toString());
	}

	private static String overall(MeasureReport report, BigDecimal goal) {
		BigDecimal overall = decimal(report.getExtensionByUrl(ChartcheckCanonicals.OVERALL_COMPLIANCE));
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
			if (date != null && date.getValue() instanceof org.hl7.fhir.r4.model.BaseDateTimeType when && when.getValue() != null) {
				h.append(" on ").append(DAY.format(when.getValue().toInstant()));
			}
			h.append(")");
		}
		return h.toString();
	}

	private static void standardsTable(StringBuilder h, List<AuditChart.Bar> bars, BigDecimal goal) {
		h.append("<table style=\"").append(TABLE).append("\"><caption style=\"").append(CAPTION).append("\">By standard</caption>");
		h.append("<thead><tr>");
		for (String head : List.of("Standard", "Records in scope", "Comply", "Rate", "Previous")) {
			h.append("<th style=\"").append(TH).append("\">").append(head).append("</th>");
		}
		h.append("</tr></thead><tbody>");
		for (AuditChart.Bar bar : bars) {
			h.append("<tr><th style=\"").append(TH).append("\">").append(escape(bar.label())).append("</th>");
			h.append("<td style=\"").append(TD).append("\">").append(bar.denominator()).append("</td>");
			h.append("<td style=\"").append(TD).append("\">").append(bar.numerator()).append("</td>");
			if (!bar.applicable()) {
				h.append("<td style=\"").append(TD_NONE).append("\">n/a (no records in scope)</td>");
			} else {
				h.append("<td style=\"").append(bar.belowGoal() ? TD_BELOW : TD).append("\">").append(escape(percent(bar.rate())));
				if (bar.belowGoal()) {
					h.append("<br/>").append(escape(BELOW_MARK));
				}
				h.append("</td>");
			}
			h.append("<td style=\"").append(TD).append("\">")
					.append(bar.previous() == null ? "\u2014" : escape(percent(bar.previous()))).append("</td></tr>");
		}
		h.append("</tbody></table>");
	}

	/** One row per stratum value (practitioner, licensure category), one column per standard. */
	private static void strataTable(
			StringBuilder h,
			List<MeasureReportGroupComponent> groups,
			BigDecimal goal,
			String code,
			int position,
			String caption,
			String rowHead) {
		Comparator<String> order = Comparator.comparing((String key) -> key.equals("unattributed") || key.equals("no credentials"))
				.thenComparing(Comparator.naturalOrder());
		Map<String, Map<String, Score>> rows = new TreeMap<>(order);
		Map<String, String> columns = new LinkedHashMap<>();
		for (MeasureReportGroupComponent group : groups) {
			columns.put(standard(group), label(group));
			MeasureReportGroupStratifierComponent stratifier = stratifier(group, code, position);
			if (stratifier == null) {
				continue;
			}
			for (StratifierGroupComponent stratum : stratifier.getStratum()) {
				String key = stratum.getValue().hasText() ? stratum.getValue().getText()
						: stratum.getValue().getCodingFirstRep().getCode();
				rows.computeIfAbsent(key == null ? "unattributed" : key, k -> new LinkedHashMap<>())
						.put(standard(group), score(stratum.getPopulation(), stratum.getMeasureScore().getValue(), stratum, goal));
			}
		}
		if (rows.isEmpty()) {
			return;
		}
		h.append("<table style=\"").append(TABLE).append("\"><caption style=\"").append(CAPTION).append("\">")
				.append(escape(caption)).append("</caption><thead><tr><th style=\"").append(TH).append("\">").append(escape(rowHead))
				.append("</th>");
		columns.values().forEach(label -> h.append("<th style=\"").append(TH).append("\">").append(escape(label)).append("</th>"));
		h.append("</tr></thead><tbody>");
		for (Map.Entry<String, Map<String, Score>> row : rows.entrySet()) {
			h.append("<tr><th style=\"").append(TH).append("\">").append(escape(row.getKey())).append("</th>");
			for (String standard : columns.keySet()) {
				Score score = row.getValue().get(standard);
				if (score == null) {
					h.append("<td style=\"").append(TD_NONE).append("\">\u2014</td>");
				} else if (score.rate() == null) {
					h.append("<td style=\"").append(TD_NONE).append("\">n/a</td>");
				} else {
					h.append("<td style=\"").append(score.belowGoal() ? TD_BELOW : TD).append("\">")
							.append(escape(percent(score.rate()))).append(" (").append(score.numerator()).append('/')
							.append(score.denominator()).append(')');
					if (score.belowGoal()) {
						h.append("<br/>").append(escape(BELOW_MARK));
					}
					h.append("</td>");
				}
			}
			h.append("</tr>");
		}
		h.append("</tbody></table>");
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

	/** Counts and rate of a group or stratum; below goal by its goal-met extension, else by the goal. */
	private static Score score(List<? extends Element> populations, BigDecimal rate, Element scored, BigDecimal goal) {
		int denominator = count(populations, "denominator", 0);
		int numerator = count(populations, "numerator", 1);
		if (rate == null && denominator > 0) {
			rate = BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, java.math.RoundingMode.HALF_UP);
		}
		Extension met = scored.getExtensionByUrl(ChartcheckCanonicals.GOAL_MET);
		boolean below = met != null && met.getValue() instanceof BooleanType b && b.hasValue()
				? !b.booleanValue()
				: rate != null && goal != null && rate.compareTo(goal) < 0;
		return new Score(numerator, denominator, rate, rate != null && below);
	}

	private static int count(List<? extends Element> populations, String code, int position) {
		for (Element population : populations) {
			if (population instanceof MeasureReportGroupPopulationComponent p && p.getCode().hasCoding(
					"http://terminology.hl7.org/CodeSystem/measure-population", code)) {
				return p.getCount();
			}
			if (population instanceof StratifierGroupPopulationComponent p && p.getCode().hasCoding(
					"http://terminology.hl7.org/CodeSystem/measure-population", code)) {
				return p.getCount();
			}
		}
		if (populations.size() > position) {
			Element population = populations.get(position);
			return population instanceof MeasureReportGroupPopulationComponent p ? p.getCount()
					: ((StratifierGroupPopulationComponent) population).getCount();
		}
		return 0;
	}

	private static String standard(MeasureReportGroupComponent group) {
		String code = group.getCode().getCodingFirstRep().getCode();
		return code != null ? code : group.getIdElement().getIdPart() != null ? group.getIdElement().getIdPart() : group.getId();
	}

	/** The standard's display, else its code as words: {@code signature-credentials} → "Signature credentials". */
	private static String label(MeasureReportGroupComponent group) {
		if (group.getCode().getCodingFirstRep().hasDisplay()) {
			return group.getCode().getCodingFirstRep().getDisplay();
		}
		if (group.getCode().hasText()) {
			return group.getCode().getText();
		}
		String code = standard(group);
		if (code == null || code.isBlank()) {
			return "(unnamed standard)";
		}
		String words = code.replace('-', ' ');
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

	private static BigDecimal previousScore(Extension previous) {
		return previous == null ? null : decimal(previous.getExtensionByUrl("score"));
	}

	private static BigDecimal decimal(Extension extension) {
		Type value = extension == null ? null : extension.getValue();
		return value instanceof DecimalType d && d.hasValue() ? d.getValue() : null;
	}

	private static Integer integer(Extension extension) {
		return extension != null && extension.getValue() instanceof IntegerType i && i.hasValue() ? i.getValue() : null;
	}
}

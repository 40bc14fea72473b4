package dev.chartcheck.audit;

import dev.chartcheck.check.ChartcheckCanonicals;
import static dev.chartcheck.audit.AuditChart.BELOW_MARK;
import static dev.chartcheck.audit.AuditChart.escape;
import static dev.chartcheck.audit.AuditChart.label;
import static dev.chartcheck.audit.AuditChart.percent;
import static dev.chartcheck.audit.AuditChart.standard;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupStratifierComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupComponent;

/** The tables of an audit report's narrative: compliance per standard, and per practitioner and licensure category. */
final class AuditTables {

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

	private AuditTables() {}

	static void standards(StringBuilder h, List<AuditChart.Bar> bars, List<MeasureReportGroupComponent> groups) {
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
	static void strata(
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

	static Integer integer(Extension extension) {
		return extension != null && extension.getValue() instanceof IntegerType i && i.hasValue() ? i.getValue() : null;
	}
}

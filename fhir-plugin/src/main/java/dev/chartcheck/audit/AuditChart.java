package dev.chartcheck.audit;

import dev.chartcheck.check.ChartcheckCanonicals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.MeasureReportGroupPopulationComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupComponent;
import org.hl7.fhir.r4.model.MeasureReport.StratifierGroupPopulationComponent;
import org.hl7.fhir.r4.model.Type;

/**
 * The figures of an audit report per standard and per stratum, and its bar chart: compliance per
 * standard against the goal line, as an SVG image. FHIR narrative may not hold {@code <svg>} (txt-1),
 * so the narrative embeds it as a {@code data:} URI in an {@code <img>}. Bars below the goal are
 * hatched and labelled, not only coloured, so that the chart reads in black and white; a standard with
 * no records in scope is written "not applicable".
 */
final class AuditChart {

	/**
	 * The figures of one standard (a bar of the chart, a row of the table by standard) or of one stratum
	 * (a cell of the tables by practitioner and by licensure category), read from the MeasureReport.
	 *
	 * @param rate the compliance rate (0..1), null when no record was in scope
	 * @param belowGoal whether the rate misses the goal (the goal-met extension, else the report's goal)
	 * @param previous the previous report's rate (0..1), null when there is none
	 */
	record Bar(String label, BigDecimal rate, boolean belowGoal, BigDecimal previous, int numerator, int denominator) {

		private static final String POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";

		boolean applicable() {
			return rate != null;
		}

		static Bar of(MeasureReportGroupComponent group, BigDecimal goal) {
			List<MeasureReportGroupPopulationComponent> populations = group.getPopulation();
			Function<MeasureReportGroupPopulationComponent, CodeableConcept> code = p -> p.hasCode() ? p.getCode() : null;
			return of(AuditChart.label(group), count(populations, code, p -> p.getCount(), "numerator", 1),
					count(populations, code, p -> p.getCount(), "denominator", 0),
					group.hasMeasureScore() ? group.getMeasureScore().getValue() : null, group, goal,
					previousScore(group.getExtensionByUrl(ChartcheckCanonicals.PREVIOUS_COMPLIANCE)));
		}

		static Bar of(StratifierGroupComponent stratum, String label, BigDecimal goal) {
			List<StratifierGroupPopulationComponent> populations = stratum.getPopulation();
			Function<StratifierGroupPopulationComponent, CodeableConcept> code = p -> p.hasCode() ? p.getCode() : null;
			return of(label, count(populations, code, p -> p.getCount(), "numerator", 1),
					count(populations, code, p -> p.getCount(), "denominator", 0),
					stratum.hasMeasureScore() ? stratum.getMeasureScore().getValue() : null, stratum, goal, null);
		}

		private static Bar of(
				String label, int numerator, int denominator, BigDecimal rate, Element scored, BigDecimal goal, BigDecimal previous) {
			if (rate == null && denominator > 0) {
				rate = BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP);
			}
			Extension met = scored.getExtensionByUrl(ChartcheckCanonicals.GOAL_MET);
			boolean below = met != null && met.getValue() instanceof BooleanType b && b.hasValue()
					? !b.booleanValue()
					: rate != null && goal != null && rate.compareTo(goal) < 0;
			return new Bar(label, rate, rate != null && below, previous, numerator, denominator);
		}

		/** The count of the population with this measure-population code, else the one at this position. */
		private static <P> int count(
				List<P> populations, Function<P, CodeableConcept> code, ToIntFunction<P> count, String which, int position) {
			return populations.stream()
					.filter(p -> code.apply(p) != null && code.apply(p).hasCoding(POPULATION, which))
					.findFirst()
					.or(() -> populations.size() > position ? Optional.of(populations.get(position)) : Optional.empty())
					.map(count::applyAsInt)
					.orElse(0);
		}
	}

	static final String MET_FILL = "#2b6cb0";
	static final String BELOW_STROKE = "#b91c1c";
	static final String BELOW_MARK = "\u25bc below goal";
	static final String NOT_APPLICABLE = "not applicable (no records in scope)";

	private static final int LABEL_WIDTH = 220;
	private static final int BAR_X = 230;
	private static final int BAR_WIDTH = 400;
	private static final int WIDTH = 860;
	private static final int TOP = 58;
	private static final int ROW = 30;
	private static final int BAR_HEIGHT = 18;

	private AuditChart() {}

	/** The chart as an {@code <img>} source. */
	static String dataUri(List<Bar> bars, BigDecimal goal) {
		return "data:image/svg+xml;base64,"
				+ Base64.getEncoder().encodeToString(svg(bars, goal).getBytes(StandardCharsets.UTF_8));
	}

	static int width() {
		return WIDTH;
	}

	static int height(List<Bar> bars) {
		return TOP + ROW * Math.max(1, bars.size()) + 34;
	}

	/** What the chart shows, in words: the image's alternative text. */
	static String altText(List<Bar> bars, BigDecimal goal) {
		List<String> parts = new ArrayList<>();
		for (Bar bar : bars) {
			parts.add(bar.label() + " " + (bar.applicable()
					? percent(bar.rate()) + " (" + bar.numerator() + "/" + bar.denominator() + ")" + (bar.belowGoal() ? ", below goal" : "")
					: "not applicable"));
		}
		return "Bar chart of compliance per standard" + (goal == null ? "" : " against the " + percent(goal) + " goal")
				+ ": " + String.join("; ", parts) + ".";
	}

	static String svg(List<Bar> bars, BigDecimal goal) {
		int height = height(bars);
		int bottom = TOP + ROW * Math.max(1, bars.size());
		StringBuilder s = new StringBuilder(4096);
		s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
				.append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
				.append("\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"12\">");
		s.append("<title>").append(escape(altText(bars, goal))).append("</title>");
		s.append("<defs><pattern id=\"below\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"")
				.append(" patternTransform=\"rotate(45)\">")
				.append("<rect width=\"6\" height=\"6\" fill=\"#fecaca\"/><rect width=\"3\" height=\"6\" fill=\"").append(BELOW_STROKE)
				.append("\"/></pattern></defs>");
		s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
		legend(s, goal, bars.stream().anyMatch(b -> b.previous() != null));
		// grid and axis: 0, 25, 50, 75, 100 %
		for (int tick = 0; tick <= 100; tick += 25) {
			double x = BAR_X + BAR_WIDTH * tick / 100.0;
			s.append(line(x, TOP - 6, x, bottom, "#d0d0d0", 1, null));
			s.append(text(x, bottom + 16, tick + " %", "middle", "#333333", null));
		}
		int y = TOP;
		for (Bar bar : bars) {
			bar(s, bar, y);
			y += ROW;
		}
		if (goal != null) {
			double x = BAR_X + BAR_WIDTH * goal.doubleValue();
			// a white halo keeps the dashed line visible across the bars, in colour and in grey
			s.append(line("goal-halo", x, TOP - 10, x, bottom + 4, "#ffffff", 5, null));
			s.append(line("goal", x, TOP - 10, x, bottom + 4, "#111111", 2, "6 3"));
			s.append(text(x, bottom + 30, "goal " + percent(goal), "middle", "#111111", "bold"));
		}
		return s.append("</svg>").toString();
	}

	private static void legend(StringBuilder s, BigDecimal goal, boolean previous) {
		int x = BAR_X;
		s.append("<rect x=\"").append(x).append("\" y=\"8\" width=\"14\" height=\"12\" fill=\"").append(MET_FILL).append("\"/>");
		s.append(text(x + 20, 18, goal == null ? "compliance" : "goal met", "start", "#111111", null));
		x += 100;
		if (goal != null) {
			s.append("<rect x=\"").append(x).append("\" y=\"8\" width=\"14\" height=\"12\" fill=\"url(#below)\" stroke=\"")
					.append(BELOW_STROKE).append("\"/>");
			s.append(text(x + 20, 18, BELOW_MARK, "start", "#111111", null));
			x += 120;
			s.append(line(x + 7, 6, x + 7, 22, "#111111", 2, "6 3"));
			s.append(text(x + 16, 18, "goal " + percent(goal), "start", "#111111", null));
			x += 100;
		}
		if (previous) {
			s.append(line(x + 7, 6, x + 7, 22, "#111111", 3, null));
			s.append(text(x + 16, 18, "previous report", "start", "#111111", null));
		}
		s.append(text(8, 44, "Standard", "start", "#333333", "bold"));
		s.append(text(BAR_X, 44, "Compliance (records that comply / records in scope)", "start", "#333333", "bold"));
	}

	private static void bar(StringBuilder s, Bar bar, int y) {
		int mid = y + ROW / 2;
		s.append(text(LABEL_WIDTH, mid + 4, bar.label(), "end", "#111111", null));
		if (!bar.applicable()) {
			s.append("<rect class=\"bar na\" x=\"").append(BAR_X).append("\" y=\"").append(mid - BAR_HEIGHT / 2)
					.append("\" width=\"").append(BAR_WIDTH)
					.append("\" height=\"").append(BAR_HEIGHT).append("\" fill=\"#f3f3f3\" stroke=\"#9a9a9a\" stroke-dasharray=\"3 3\"/>");
			s.append(text(BAR_X + 8, mid + 4, NOT_APPLICABLE, "start", "#555555", "italic"));
			return;
		}
		double width = Math.max(2, BAR_WIDTH * Math.min(1, bar.rate().doubleValue()));
		s.append("<rect class=\"bar").append(bar.belowGoal() ? " below" : "").append("\" x=\"").append(BAR_X)
				.append("\" y=\"").append(mid - BAR_HEIGHT / 2).append("\" width=\"").append(fmt(width))
				.append("\" height=\"").append(BAR_HEIGHT).append("\" fill=\"")
				.append(bar.belowGoal() ? "url(#below)\" stroke=\"" + BELOW_STROKE + "\" stroke-width=\"1.5" : MET_FILL)
				.append("\"/>");
		if (bar.previous() != null) {
			double x = BAR_X + BAR_WIDTH * Math.min(1, bar.previous().doubleValue());
			s.append(line("previous", x, mid - BAR_HEIGHT / 2 - 4, x, mid + BAR_HEIGHT / 2 + 4, "#111111", 3, null));
		}
		String value = percent(bar.rate()) + " (" + bar.numerator() + "/" + bar.denominator() + ")";
		s.append(text(BAR_X + BAR_WIDTH + 10, mid + 4, value, "start", "#111111", bar.belowGoal() ? "bold" : null));
		if (bar.belowGoal()) {
			s.append(text(BAR_X + BAR_WIDTH + 118, mid + 4, BELOW_MARK, "start", BELOW_STROKE, "bold"));
		}
	}

	private static String line(double x1, double y1, double x2, double y2, String stroke, int width, String dash) {
		return line(null, x1, y1, x2, y2, stroke, width, dash);
	}

	private static String line(String cssClass, double x1, double y1, double x2, double y2, String stroke, int width, String dash) {
		return "<line" + (cssClass == null ? "" : " class=\"" + cssClass + "\"")
				+ " x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) + "\" stroke=\"" + stroke
				+ "\" stroke-width=\"" + width + "\"" + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>";
	}

	private static String text(double x, double y, String content, String anchor, String fill, String style) {
		String weight = "bold".equals(style) ? " font-weight=\"bold\"" : "italic".equals(style) ? " font-style=\"italic\"" : "";
		return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" fill=\"" + fill + "\"" + weight + ">"
				+ escape(content) + "</text>";
	}

	/** The group's standard code, else its id, else "". */
	static String standard(MeasureReportGroupComponent group) {
		String code = group.hasCode() && group.getCode().hasCoding() ? group.getCode().getCoding().get(0).getCode() : null;
		return code != null ? code : group.hasId() ? group.getId() : "";
	}

	/** The standard's display, else its code as words: {@code signature-credentials} → "Signature credentials". */
	static String label(MeasureReportGroupComponent group) {
		if (group.hasCode() && group.getCode().hasCoding() && group.getCode().getCoding().get(0).hasDisplay()) {
			return group.getCode().getCoding().get(0).getDisplay();
		}
		if (group.hasCode() && group.getCode().hasText()) {
			return group.getCode().getText();
		}
		String words = standard(group).replace('-', ' ');
		return words.isBlank() ? "(unnamed standard)" : Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

	static BigDecimal previousScore(Extension previous) {
		return previous == null ? null : decimal(previous.getExtensionByUrl("score"));
	}

	static BigDecimal decimal(Extension extension) {
		Type value = extension == null ? null : extension.getValue();
		return value instanceof DecimalType d && d.hasValue() ? d.getValue() : null;
	}

	/** A rate of 0..1 as a percentage with one decimal, e.g. {@code 92.2 %} (with a no-break space). */
	static String percent(BigDecimal rate) {
		return rate.multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP).toPlainString() + "\u00a0%";
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	/** Escapes text for XML and HTML content and attribute values. */
	static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
			}
		}
		return out.toString();
	}
}

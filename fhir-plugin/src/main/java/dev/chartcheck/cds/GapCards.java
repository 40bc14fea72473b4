package dev.chartcheck.cds;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceIndicatorEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardSourceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCodingJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.check.ChartcheckCanonicals;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns gaps into CDS Hooks cards: one card per gap, its indicator from how pressing the gap is ({@code critical}
 * past its due date, {@code warning} open, {@code info} prospective), a summary under 140 characters, a markdown
 * detail with the standard and the due date, the standard as the card's source, and the fix as a suggestion.
 */
public final class GapCards {

	/** CDS Hooks asks for summaries under 140 characters. */
	static final int SUMMARY_LIMIT = 140;
	static final String OVERRIDE_REASONS = ChartcheckCanonicals.BASE + "/CodeSystem/card-override-reason";
	private static final List<CdsServiceResponseCodingJson> REASONS = List.of(
			reason("already-addressed", "Already addressed"),
			reason("patient-declined", "Patient declined"),
			reason("not-applicable", "Does not apply"));

	private final StandardTitles titles;
	private final Duration remediationPeriod;

	public GapCards(StandardTitles titles, Duration remediationPeriod) {
		this.titles = titles;
		this.remediationPeriod = remediationPeriod;
	}

	/** The cards of some gaps, most pressing first (overdue, open, prospective; then by due date). */
	public CdsServiceResponseJson response(List<Gap> gaps, Optional<String> primaryCare, Instant now) {
		LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
		CdsServiceResponseJson response = new CdsServiceResponseJson();
		gaps.stream()
				.sorted(Comparator.comparing((Gap g) -> indicator(g, today))
						.reversed()
						.thenComparing(Gap::due, Comparator.nullsLast(Comparator.naturalOrder()))
						.thenComparing(Gap::standard)
						.thenComparing(Gap::subject))
				.map(gap -> card(gap, primaryCare, now))
				.forEach(response::addCard);
		return response;
	}

	public CdsServiceResponseCardJson card(Gap gap, Optional<String> primaryCare, Instant now) {
		LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
		String title = titles.of(gap.standard());
		CdsServiceResponseCardJson card = new CdsServiceResponseCardJson()
				.setUuid(gap.card().toString())
				.setSummary(summary(gap, title, today))
				.setIndicator(indicator(gap, today))
				.setDetail(detail(gap, title, today))
				.setSource(new CdsServiceResponseCardSourceJson()
						.setLabel("Chartcheck: " + gap.standard())
						.setTopic(new CdsServiceResponseCodingJson()
								.setSystem(ChartcheckCanonicals.STANDARD_SYSTEM)
								.setCode(gap.standard())
								.setDisplay(title)));
		FixSuggestions.forGap(gap, primaryCare, now).ifPresent(suggestion -> {
			card.addSuggestion(suggestion);
			card.setSelectionBehaviour("at-most-one");
		});
		card.setOverrideReasons(REASONS);
		return card;
	}

	static CdsServiceIndicatorEnum indicator(Gap gap, LocalDate today) {
		if (gap.overdue(today)) {
			return CdsServiceIndicatorEnum.CRITICAL;
		}
		return gap.status() == GapStatus.OPEN ? CdsServiceIndicatorEnum.WARNING : CdsServiceIndicatorEnum.INFO;
	}

	static String summary(Gap gap, String title, LocalDate today) {
		String prefix = gap.overdue(today) ? "Overdue: " : gap.status() == GapStatus.PROSPECTIVE ? "Due soon: " : "";
		String text = prefix + title + ": " + (gap.detail() == null ? "documentation gap" : gap.detail());
		if (text.length() < SUMMARY_LIMIT) {
			return text;
		}
		// cut at a word boundary, leaving room for the ellipsis
		String cut = text.substring(0, SUMMARY_LIMIT - 2);
		int space = cut.lastIndexOf(' ');
		return (space > SUMMARY_LIMIT / 2 ? cut.substring(0, space) : cut).replaceAll("[\\s,;:.]+$", "") + "…";
	}

	String detail(Gap gap, String title, LocalDate today) {
		StringBuilder md = new StringBuilder();
		md.append("**").append(title).append("** (`").append(gap.standard()).append("`): ")
				.append(gap.status() == GapStatus.OPEN ? "open gap" : "prospective gap");
		if (gap.overdue(today)) {
			md.append(", **overdue** since ").append(gap.due());
		}
		md.append(".\n\n");
		if (gap.detail() != null) {
			md.append(gap.detail()).append("\n\n");
		}
		md.append("- Standard: ").append(title).append(" (`").append(gap.standard()).append("`)\n");
		md.append("- Due date: ");
		if (gap.due() == null) {
			md.append("none yet: the ").append(remediationPeriod.toDays())
					.append("-day remediation period starts if the gap opens\n");
		} else {
			md.append(gap.due());
			if (!gap.onRecord()) {
				md.append(" (not yet on record: ").append(remediationPeriod.toDays()).append(" days from today)");
			}
			md.append('\n');
		}
		md.append("- Concerns: `").append(gap.subject()).append("`\n");
		if (gap.responsiblePractitioner() != null) {
			md.append("- Responsible: `").append(gap.responsiblePractitioner()).append("`\n");
		}
		if (gap.onRecord()) {
			md.append("- Recorded as: `DetectedIssue/").append(gap.issueId()).append("`\n");
		}
		return md.toString();
	}

	private static CdsServiceResponseCodingJson reason(String code, String display) {
		return new CdsServiceResponseCodingJson().setSystem(OVERRIDE_REASONS).setCode(code).setDisplay(display);
	}
}

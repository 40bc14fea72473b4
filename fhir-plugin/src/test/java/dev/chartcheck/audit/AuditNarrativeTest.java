package dev.chartcheck.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class AuditNarrativeTest {

	/** Elements and attributes the report may use: a subset of what FHIR narrative allows. */
	private static final Set<String> ALLOWED_ELEMENTS = Set.of(
			"div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "span", "b", "i", "img",
			"br", "ul", "li", "caption");
	private static final Set<String> ALLOWED_ATTRIBUTES = Set.of("xmlns", "style", "src", "alt", "width", "height");
	private static final String BELOW = "\u25bc below goal";

	private static FhirValidator validator;

	@BeforeAll
	static void validator() {
		FhirContext ctx = FhirContext.forR4Cached();
		ValidationSupportChain support = new ValidationSupportChain(
				new DefaultProfileValidationSupport(ctx),
				new InMemoryTerminologyServerValidationSupport(ctx),
				new CommonCodeSystemsTerminologyService(ctx));
		validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
	}

	@Test
	void theNarrativeIsGeneratedXhtmlThatHapiParses() {
		Narrative narrative = AuditNarrative.render(AuditReportFixture.organizationAudit());

		assertThat(narrative.getStatus()).isEqualTo(Narrative.NarrativeStatus.GENERATED);
		XhtmlNode div = new XhtmlNode();
		div.setValueAsString(narrative.getDivAsString());
		assertThat(div.getName()).isEqualTo("div");
		assertThat(div.getAttribute("xmlns")).isEqualTo("http://www.w3.org/1999/xhtml");
		assertThat(div.allText()).contains("Documentation compliance audit", "By practitioner", "By licensure category");
	}

	@Test
	void theNarrativeKeepsToTheElementsAndAttributesFhirNarrativeAllows() {
		XhtmlNode div = AuditNarrative.render(AuditReportFixture.organizationAudit()).getDiv();
		List<String> found = new ArrayList<>();
		walk(div, found);
		assertThat(found).isNotEmpty().allSatisfy(name -> {
			if (name.startsWith("@")) {
				assertThat(name.substring(1)).isIn(ALLOWED_ATTRIBUTES);
			} else {
				assertThat(name).isIn(ALLOWED_ELEMENTS);
			}
		});
		assertThat(found).contains("img", "table", "caption", "@style");
		assertThat(AuditNarrative.render(AuditReportFixture.organizationAudit()).getDivAsString())
				.doesNotContain("<svg", "<script", "<style")
				.doesNotContainPattern(" on[a-zA-Z]+=");
	}

	@Test
	void theFhirValidatorFindsNothingWrongWithTheNarrative() {
		for (MeasureReport report : List.of(AuditReportFixture.organizationAudit(), AuditReportFixture.patientAudit())) {
			report.setText(AuditNarrative.render(report));
			assertThat(narrativeIssues(report)).as(report.getType() + " report").isEmpty();
		}
	}

	@Test
	void theValidatorWouldCatchAForbiddenNarrative() {
		// the control: the checks above are real, an inline <svg> (what txt-1 forbids) is reported
		MeasureReport report = AuditReportFixture.organizationAudit();
		report.getText().setStatus(Narrative.NarrativeStatus.GENERATED).setDivAsString(
				"<div xmlns=\"http://www.w3.org/1999/xhtml\">"
						+ "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg></div>");
		assertThat(narrativeIssues(report)).isNotEmpty();
	}

	@Test
	void theChartHasOneBarPerStandardAndTheGoalLine() throws Exception {
		String div = AuditNarrative.render(AuditReportFixture.organizationAudit()).getDivAsString();
		String svg = chart(div);

		Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
				.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
		assertThat(document.getDocumentElement().getNodeName()).isEqualTo("svg");
		assertThat(count(svg, "class=\"bar")).as("one bar per standard").isEqualTo(6);
		assertThat(count(svg, "class=\"bar below\"")).as("signature-credentials and contact-documented").isEqualTo(2);
		assertThat(count(svg, "class=\"bar na\"")).as("coordination-of-care").isEqualTo(1);
		assertThat(svg).contains("not applicable (no records in scope)");
		// the goal line: 80 % of the 400-pixel scale from x=230
		assertThat(count(svg, "class=\"goal\"")).isEqualTo(1);
		assertThat(svg).contains("<line class=\"goal\" x1=\"550.0\"", "goal 80.0\u00a0%");
		assertThat(svg).contains("50.0\u00a0% (3/6)", "66.7\u00a0% (6/9)", "100.0\u00a0% (15/15)", BELOW);
		// below-goal bars are hatched, not only coloured
		assertThat(svg).contains("fill=\"url(#below)\"");
		// the previous report's rate of signature-credentials (75 %)
		assertThat(svg).contains("<line class=\"previous\" x1=\"530.0\"");
		assertThat(div).contains("alt=\"Bar chart of compliance per standard against the 80.0\u00a0% goal: Patient identification");
	}

	@Test
	void theHeadingShowsScopePeriodSampleAndTheOverallRateBesideThePreviousOne() {
		String text = AuditNarrative.render(AuditReportFixture.organizationAudit()).getDiv().allText();

		assertThat(text).contains(
				"Scope: Organization/pop-org",
				"Period: 2026-01-01 to 2026-03-31",
				"Report date: 2026-04-02 10:15 UTC",
				"Sample: 3 of 3 records, random sample, seed 7",
				"Overall compliance: 81.3\u00a0% against a goal of 80.0\u00a0% \u2014 goal met (previous 92.2\u00a0% on 2013-06-30)",
				"Overdue gaps: 2 open gaps past the remediation due date");
		String div = AuditNarrative.render(AuditReportFixture.organizationAudit()).getDivAsString();
		String byStandard = div.substring(div.indexOf(">By standard<"), div.indexOf(">By practitioner<"));
		assertThat(byStandard).contains(">Overdue gaps</th>", ">2</td>");
	}

	@Test
	void cellsUnderGoalAreHighlightedAndMarkedInWords() {
		XhtmlNode div = AuditNarrative.render(AuditReportFixture.organizationAudit()).getDiv();
		List<XhtmlNode> cells = new ArrayList<>();
		collect(div, "td", cells);

		List<XhtmlNode> below = cells.stream().filter(td -> td.allText().contains(BELOW)).toList();
		assertThat(below).extracting(td -> td.allText().replace(BELOW, "").trim()).containsExactlyInAnyOrder(
				// by standard, then by practitioner, then by licensure category
				"50.0\u00a0%", "66.7\u00a0%",
				"0.0\u00a0% (0/3)", "0.0\u00a0% (0/3)",
				"0.0\u00a0% (0/3)", "0.0\u00a0% (0/3)");
		assertThat(below).allSatisfy(td ->
				assertThat(td.getAttribute("style")).contains("background-color:#fde2e2", "font-weight:bold"));
		assertThat(cells.stream().filter(td -> td.allText().startsWith("100.0\u00a0% (3/3)")))
				.isNotEmpty()
				.allSatisfy(td -> assertThat(td.getAttribute("style")).doesNotContain("#fde2e2"));
		// a standard with no records for a practitioner is a dash, one with no records at all n/a
		assertThat(cells).extracting(XhtmlNode::allText).contains("\u2014", "n/a (no records in scope)");
	}

	@Test
	void thePractitionerTableHasARowPerPractitionerAndAColumnPerStandard() {
		String div = AuditNarrative.render(AuditReportFixture.organizationAudit()).getDivAsString();
		String table = div.substring(div.indexOf(">By practitioner<"), div.indexOf(">By licensure category<"));
		assertThat(count(table, "<tr>")).as("header + 3 practitioners + unattributed").isEqualTo(5);
		assertThat(count(table, "<th style")).as("1 + 6 standards in the header, 4 row heads").isEqualTo(11);
		assertThat(table.indexOf("Practitioner/popA-prac<")).isLessThan(table.indexOf("Practitioner/popA-prac2<"));
		assertThat(table.indexOf("Practitioner/popA-prac2<")).isLessThan(table.indexOf(">unattributed<"));
	}

	@Test
	void manyStandardsAreSplitOverTablesThatFitAPrintedPage() {
		String div = AuditNarrative.render(AuditReportFixture.organizationAuditWith(8)).getDivAsString();

		assertThat(div).contains(">By practitioner (standards 1\u20137 of 14)<", ">By practitioner (standards 8\u201314 of 14)<",
				">By licensure category (standards 1\u20137 of 14)<", ">By licensure category (standards 8\u201314 of 14)<");
		String first = div.substring(div.indexOf(">By practitioner (standards 1"), div.indexOf(">By practitioner (standards 8"));
		assertThat(first.substring(0, first.indexOf("</thead>"))).as("row head + 7 standards").satisfies(head ->
				assertThat(count(head, "<th style")).isEqualTo(8));
		assertThat(count(first, "<tr>")).as("header + the same 4 rows in every part").isEqualTo(5);
	}

	@Test
	void textIsEscaped() {
		MeasureReport report = AuditReportFixture.organizationAudit();
		report.getReporter().setReference("Organization/<b>bold</b>");
		String div = AuditNarrative.render(report).getDivAsString();
		String page = AuditNarrative.page(report);

		for (String html : List.of(div, page)) {
			assertThat(html).contains("Practitioner/x&lt;y&amp;z&gt;", "Organization/&lt;b&gt;bold&lt;/b&gt;")
					.doesNotContain("x<y", "<b>bold");
		}
		assertThat(new String(Base64.getDecoder().decode(src(div).substring(src(div).indexOf(',') + 1)), StandardCharsets.UTF_8))
				.doesNotContain("x<y");
		XhtmlNode parsed = AuditNarrative.render(report).getDiv();
		assertThat(parsed.allText()).contains(AuditReportFixture.ODD_PRACTITIONER, "Organization/<b>bold</b>");
	}

	@Test
	void anIndividualReportShowsWhatItHas() {
		MeasureReport report = AuditReportFixture.patientAudit();
		String div = AuditNarrative.render(report).getDivAsString();
		String text = AuditNarrative.render(report).getDiv().allText();

		// no goal and no overall extension: the overall rate of the groups, nothing judged against a goal
		assertThat(text).contains("Scope: Patient/mixed-pat", "Overall compliance: 85.7\u00a0%", "Consent renewal", "50.0\u00a0%")
				.doesNotContain("Sample:", "By practitioner", "goal");
		assertThat(count(chart(div), "class=\"bar")).isEqualTo(3);
		assertThat(chart(div)).doesNotContain("class=\"goal\"", "below goal", "goal met");
	}

	@Test
	void renderingLeavesTheReportAsItWas() {
		for (MeasureReport report :
				List.of(AuditReportFixture.organizationAudit(), AuditReportFixture.patientAudit(), new MeasureReport())) {
			String before = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(report);
			AuditNarrative.render(report);
			AuditNarrative.page(report);
			assertThat(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(report)).isEqualTo(before);
		}
	}

	@Test
	void aReportWithoutGroupsStillRenders() {
		MeasureReport report = new MeasureReport();
		String text = AuditNarrative.render(report).getDiv().allText();
		assertThat(text).contains("Scope: All records", "Overall compliance: n/a");
	}

	@Test
	void thePageIsAStandaloneHtmlDocumentWithTheSameReport() throws Exception {
		MeasureReport report = AuditReportFixture.organizationAudit();
		String page = AuditNarrative.page(report);

		assertThat(page).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">", "<meta charset=\"utf-8\"/>",
				"<title>Documentation compliance audit \u2014 Organization/pop-org</title>", "</body>\n</html>");
		assertThat(page).contains(AuditNarrative.div(report));
		// for the browser check (scripts/render-audit-report.sh)
		Path target = Path.of("target", "audit-report.html");
		Files.createDirectories(target.getParent());
		Files.writeString(target, page, StandardCharsets.UTF_8);
		assertThat(target).exists();
	}

	private static List<String> narrativeIssues(MeasureReport report) {
		List<String> issues = new ArrayList<>();
		for (SingleValidationMessage message : validator.validateWithResult(report).getMessages()) {
			String location = String.valueOf(message.getLocationString());
			boolean narrative = location.contains(".text") || message.getMessage().contains("txt-")
					|| message.getMessage().toLowerCase().contains("xhtml") || message.getMessage().toLowerCase().contains("narrative");
			if (narrative && message.getSeverity().ordinal() >= ResultSeverityEnum.WARNING.ordinal()) {
				issues.add(message.getSeverity() + " " + location + ": " + message.getMessage());
			}
		}
		return issues;
	}

	private static String src(String div) {
		Matcher matcher = Pattern.compile("src=\"(data:image/svg\\+xml;base64,[^\"]+)\"").matcher(div);
		assertThat(matcher.find()).as("an <img> with the chart as a data: URI").isTrue();
		return matcher.group(1);
	}

	private static String chart(String div) {
		String src = src(div);
		return new String(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1)), StandardCharsets.UTF_8);
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
			count++;
		}
		return count;
	}

	private static void walk(XhtmlNode node, List<String> found) {
		if (node.getNodeType() == NodeType.Element) {
			found.add(node.getName());
			node.getAttributes().keySet().forEach(attribute -> found.add("@" + attribute));
			node.getChildNodes().forEach(child -> walk(child, found));
		}
	}

	private static void collect(XhtmlNode node, String name, List<XhtmlNode> found) {
		if (node.getNodeType() == NodeType.Element && name.equals(node.getName())) {
			found.add(node);
		}
		node.getChildNodes().forEach(child -> collect(child, name, found));
	}
}

package dev.chartcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartcheck.standards.Dated;
import dev.chartcheck.standards.DocumentationStandards;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardsCatalogTest {

	/** A standard that finds nothing, known only by its code. */
	private static Standard named(String code) {
		return new Standard() {
			@Override
			public String code() {
				return code;
			}

			@Override
			public StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
				return new StandardResult.Builder(code).build();
			}
		};
	}

	@Test
	void twoStandardsWithTheSameCodeAreRejected() {
		List<Standard> standards = List.of(named("dated"), named("legibility"), new Dated());

		assertThatThrownBy(() -> new StandardsCatalog(standards))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("Two standards share the code dated");
	}

	@Test
	void theCatalogKeepsReportOrderAndFindsByCode() {
		Standard dated = named("dated");
		Standard legibility = named("legibility");
		StandardsCatalog catalog = new StandardsCatalog(List.of(legibility, dated));

		assertThat(catalog.codes()).containsExactly("legibility", "dated");
		assertThat(catalog.all()).containsExactly(legibility, dated);
		assertThat(catalog.find("dated")).containsSame(dated);
		assertThat(catalog.find("claim-records")).isEmpty();
	}

	@Test
	void theImplementedStandardsHaveDistinctCodesInReportOrder() {
		StandardsCatalog catalog = new StandardsCatalog(DocumentationStandards.all());

		assertThat(catalog.codes()).containsExactly(
				"patient-identification", "signature-credentials", "dated", "chronological-order", "legibility",
				"contact-documented", "coordination-of-care", "consent-renewal", "developmental-history",
				"confidentiality", "cloned-documentation", "preventive-services", "screening-follow-up", "claim-records");
	}
}

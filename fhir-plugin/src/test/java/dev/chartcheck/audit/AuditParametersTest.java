package dev.chartcheck.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dev.chartcheck.config.ChartcheckProperties;
import dev.chartcheck.check.StandardMode;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardsCatalog;
import dev.chartcheck.standards.DocumentationStandards;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

class AuditParametersTest {

	private final StandardsCatalog catalog = new StandardsCatalog(DocumentationStandards.all());
	private final ChartcheckProperties properties = new ChartcheckProperties();

	@Test
	void noParametersMeansTheWholeRecordEveryEnabledStandardAndPersist() {
		AuditParameters parameters = AuditParameters.parse(null, null, null, null, catalog, properties);

		assertThat(parameters.period().isBounded()).isFalse();
		assertThat(parameters.standards()).extracting(Standard::code).containsExactlyElementsOf(catalog.codes());
		assertThat(parameters.persist()).isTrue();
	}

	@Test
	void aStandardSwitchedOffIsLeftOutAndCannotBeAskedFor() {
		properties.getStandards().put("dated", StandardMode.OFF);

		assertThat(AuditParameters.parse(null, null, null, null, catalog, properties).standards())
				.extracting(Standard::code)
				.doesNotContain("dated")
				.hasSize(catalog.codes().size() - 1);
		assertBadParameter(() -> AuditParameters.parse(null, null, List.of("dated"), null, catalog, properties),
				"standard", "switched off");
	}

	@Test
	void standardsMayBeRepeatedOrCommaSeparated() {
		AuditParameters parameters = AuditParameters.parse(
				null, null, List.of("dated,contact-documented", "dated"), "false", catalog, properties);

		assertThat(parameters.standards()).extracting(Standard::code).containsExactly("dated", "contact-documented");
		assertThat(parameters.persist()).isFalse();
	}

	@Test
	void datesAreInclusiveOfTheirWholeDay() {
		AuditParameters parameters = AuditParameters.parse("2025-01-01", "2025-01-31", null, null, catalog, properties);

		assertThat(parameters.period().start()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
		assertThat(parameters.period().end()).isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
		assertThat(parameters.period().contains(Instant.parse("2025-01-31T23:59:59Z"))).isTrue();
	}

	@Test
	void aFullReCheckIsAskedForExplicitly() {
		assertThat(AuditParameters.parse(null, null, null, null, null, null, null, catalog, properties).full()).isFalse();
		assertThat(AuditParameters.parse(null, null, null, null, null, null, "true", catalog, properties).full()).isTrue();
		assertBadParameter(() -> AuditParameters.parse(null, null, null, null, null, null, "always", catalog, properties),
				"full", "true or false");
	}

	@Test
	void badValuesNameTheirParameter() {
		assertBadParameter(() -> AuditParameters.parse("yesterday", null, null, null, catalog, properties),
				"periodStart", "yesterday");
		assertBadParameter(() -> AuditParameters.parse(null, "2025-02-30", null, null, catalog, properties),
				"periodEnd", "2025-02-30");
		assertBadParameter(() -> AuditParameters.parse("2025-03-01", "2025-02-01", null, null, catalog, properties),
				"periodEnd", "before periodStart");
		assertBadParameter(() -> AuditParameters.parse(null, null, List.of("care-plan-quality"), null, catalog, properties),
				"standard", "not checked by this server");
		assertBadParameter(() -> AuditParameters.parse(null, null, null, "yes", catalog, properties),
				"persist", "true or false");
	}

	private static void assertBadParameter(Runnable call, String parameter, String phrase) {
		assertThatThrownBy(call::run)
				.isInstanceOf(InvalidRequestException.class)
				.hasMessageContaining(phrase)
				.satisfies(e -> {
					OperationOutcome outcome = (OperationOutcome) ((InvalidRequestException) e).getOperationOutcome();
					assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo(parameter);
				});
	}
}

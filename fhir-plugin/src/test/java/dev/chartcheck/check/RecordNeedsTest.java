package dev.chartcheck.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import dev.chartcheck.standards.DocumentationStandards;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordNeedsTest {

	private static final ClinicalCodes CODES = ClinicalCodes.published();

	/** A standard that reads Observations without saying which. */
	private static final Standard EVERY_OBSERVATION = new Standard() {
		@Override
		public String code() {
			return "every-observation";
		}

		@Override
		public Set<String> readsResourceTypes() {
			return Set.of("Observation");
		}

		@Override
		public StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
			return new StandardResult(code(), List.of(), List.of());
		}
	};

	@Test
	void observationsAreLoadedByTheCodesTheStandardsRead() {
		List<Standard> all = DocumentationStandards.all();
		RecordNeeds needs = RecordNeeds.of(all, CODES);
		assertThat(needs.entryTypes()).contains("Observation");
		// the scored screens, and the preventive screenings as published
		assertThat(needs.observationCodes()).contains("http://loinc.org|55758-7", "http://loinc.org|44261-6", "http://loinc.org|75626-2")
				.containsAll(CODES.get(ClinicalCodes.PREVENTIVE_SCREENING).enumerated());
		assertThat(RecordNeeds.of(all).observationCodes()).as("without code sets: every Observation").isNull();
	}

	@Test
	void aStandardThatDoesNotSayWhichObservationsItReadsGetsThemAll() {
		List<Standard> standards = new ArrayList<>(DocumentationStandards.all());
		standards.add(EVERY_OBSERVATION);
		assertThat(RecordNeeds.of(standards, CODES).observationCodes()).isNull();
	}
}

package dev.chartcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardResultTest {

	private static Finding gap(String subject, GapStatus status) {
		return new Finding("contact-documented", subject, status, "moderate", "This encounter has no note.",
				"Encounter", List.of(), null, null);
	}

	@Test
	void withoutFindingsEveryExaminedResourceComplies() {
		StandardResult result = new StandardResult.Builder("contact-documented")
				.examined("Encounter/1")
				.examined("Encounter/2")
				.build();

		assertThat(result.standard()).isEqualTo("contact-documented");
		assertThat(result.compliant()).containsExactly("Encounter/1", "Encounter/2");
	}

	@Test
	void anOpenGapMakesItsSubjectNonCompliant() {
		StandardResult result = new StandardResult.Builder("contact-documented")
				.examined("Encounter/1")
				.examined("Encounter/2")
				.finding(gap("Encounter/1", GapStatus.OPEN))
				.build();

		assertThat(result.compliant()).containsExactly("Encounter/2");
	}

	@Test
	void aProspectiveGapDoesNotMakeItsSubjectNonCompliant() {
		StandardResult result = new StandardResult.Builder("contact-documented")
				.examined("Encounter/1")
				.examined("Encounter/2")
				.finding(gap("Encounter/1", GapStatus.PROSPECTIVE))
				.finding(gap("Encounter/2", GapStatus.OPEN))
				.build();

		assertThat(result.findings()).hasSize(2);
		assertThat(result.compliant()).containsExactly("Encounter/1");
	}

	@Test
	void theResultsListsCannotBeChangedAfterwards() {
		StandardResult result = new StandardResult.Builder("dated")
				.examined("Encounter/1")
				.finding(gap("Encounter/1", GapStatus.OPEN))
				.build();

		assertThatThrownBy(() -> result.examined().add("Encounter/2")).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> result.findings().clear()).isInstanceOf(UnsupportedOperationException.class);
	}
}

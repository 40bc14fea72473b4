package dev.chartcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class AuditPeriodTest {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
	private static final Instant END = Instant.parse("2026-04-01T00:00:00Z");
	private static final AuditPeriod Q1 = new AuditPeriod(START, END);

	private static Encounter encounter(String id, Instant start, Instant end) {
		Encounter encounter = new Encounter();
		encounter.setId(id);
		encounter.setStatus(EncounterStatus.FINISHED);
		Period period = new Period();
		if (start != null) {
			period.setStart(Date.from(start));
		}
		if (end != null) {
			period.setEnd(Date.from(end));
		}
		return encounter.setPeriod(period);
	}

	private static DocumentReference note(Instant date, String... encounters) {
		DocumentReference note = new DocumentReference();
		note.setId("DocumentReference/n1");
		if (date != null) {
			note.setDate(Date.from(date));
		}
		for (String encounter : encounters) {
			note.getContext().addEncounter(new Reference(encounter));
		}
		return note;
	}

	@Test
	void aPeriodCannotEndBeforeItStarts() {
		assertThatThrownBy(() -> new AuditPeriod(END, START))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("ends before it starts");
		assertThat(new AuditPeriod(START, START).contains(START)).isFalse();
	}

	@Test
	void theWholeRecordIsUnboundedAndIncludesEverything() {
		assertThat(AuditPeriod.ALL.isBounded()).isFalse();
		assertThat(AuditPeriod.ALL.contains(Instant.EPOCH)).isTrue();
		assertThat(AuditPeriod.ALL.includes(encounter("Encounter/e1", Instant.EPOCH, Instant.EPOCH))).isTrue();
		assertThat(AuditPeriod.ALL.includes(note(Instant.EPOCH), ref -> null)).isTrue();
		assertThat(new AuditPeriod(START, null).isBounded()).isTrue();
		assertThat(new AuditPeriod(null, END).isBounded()).isTrue();
	}

	@Test
	void theStartIsInsideAndTheEndOutside() {
		assertThat(Q1.contains(START)).isTrue();
		assertThat(Q1.contains(START.minusMillis(1))).isFalse();
		assertThat(Q1.contains(END.minusMillis(1))).isTrue();
		assertThat(Q1.contains(END)).isFalse();
	}

	@Test
	void openBoundsReachAsFarAsTheyGo() {
		AuditPeriod from = new AuditPeriod(START, null);
		AuditPeriod until = new AuditPeriod(null, END);

		assertThat(from.contains(Instant.parse("2999-01-01T00:00:00Z"))).isTrue();
		assertThat(from.contains(START.minusSeconds(1))).isFalse();
		assertThat(until.contains(Instant.parse("1900-01-01T00:00:00Z"))).isTrue();
		assertThat(until.contains(END)).isFalse();
	}

	@Test
	void anEncounterEndingExactlyAtTheStartOverlaps() {
		assertThat(Q1.includes(encounter("Encounter/e1", START.minus(Duration.ofHours(1)), START))).isTrue();
	}

	@Test
	void anEncounterEndingJustBeforeTheStartIsOut() {
		assertThat(Q1.includes(encounter("Encounter/e1", START.minus(Duration.ofHours(1)), START.minusSeconds(1))))
				.isFalse();
	}

	@Test
	void anEncounterStartingExactlyAtTheEndIsOut() {
		assertThat(Q1.includes(encounter("Encounter/e1", END, END.plus(Duration.ofHours(1))))).isFalse();
	}

	@Test
	void anEncounterStartingJustBeforeTheEndOverlaps() {
		assertThat(Q1.includes(encounter("Encounter/e1", END.minusSeconds(1), END.plus(Duration.ofHours(1)))))
				.isTrue();
	}

	@Test
	void anEncounterSpanningThePeriodOverlaps() {
		assertThat(Q1.includes(encounter("Encounter/e1", START.minus(Duration.ofDays(1)), END.plus(Duration.ofDays(1)))))
				.isTrue();
	}

	@Test
	void anEncounterWithOnlyOneBoundIsPlacedByIt() {
		assertThat(Q1.includes(encounter("Encounter/e1", START.plus(Duration.ofDays(3)), null))).isTrue();
		assertThat(Q1.includes(encounter("Encounter/e1", END.plus(Duration.ofDays(3)), null))).isFalse();
		assertThat(Q1.includes(encounter("Encounter/e1", null, START.plus(Duration.ofDays(3))))).isTrue();
		assertThat(Q1.includes(encounter("Encounter/e1", null, START.minus(Duration.ofDays(3))))).isFalse();
	}

	@Test
	void anEncounterWithoutPeriodStaysInScope() {
		assertThat(Q1.includes(encounter("Encounter/e1", null, null))).isTrue();
	}

	@Test
	void anOngoingEncounterThatBeganBeforeThePeriodOverlapsIt() {
		Encounter admitted = encounter("Encounter/e1", START.minus(Duration.ofDays(3)), null);
		admitted.setStatus(EncounterStatus.INPROGRESS);

		assertThat(Q1.includes(admitted)).isTrue();
	}

	@Test
	void aDatedNoteIsInScopeWhenItsDateIs() {
		assertThat(Q1.includes(note(START), ref -> null)).isTrue();
		assertThat(Q1.includes(note(START.minusSeconds(1)), ref -> null)).isFalse();
		assertThat(Q1.includes(note(END.minusSeconds(1)), ref -> null)).isTrue();
		assertThat(Q1.includes(note(END), ref -> null)).isFalse();
	}

	@Test
	void aDatedNoteIsPlacedByItsOwnDateNotByItsEncounter() {
		Map<String, Encounter> encounters =
				Map.of("Encounter/e1", encounter("Encounter/e1", START.plus(Duration.ofDays(1)), null));

		assertThat(Q1.includes(note(END.plus(Duration.ofDays(1)), "Encounter/e1"),
						ref -> encounters.get(ref.getReference())))
				.isFalse();
	}

	@Test
	void anUndatedNoteFollowsItsEncounter() {
		Map<String, Encounter> encounters = Map.of(
				"Encounter/in", encounter("Encounter/in", START.plus(Duration.ofDays(1)), null),
				"Encounter/out", encounter("Encounter/out", END.plus(Duration.ofDays(1)), null));

		assertThat(Q1.includes(note(null, "Encounter/in"), ref -> encounters.get(ref.getReference()))).isTrue();
		assertThat(Q1.includes(note(null, "Encounter/out"), ref -> encounters.get(ref.getReference()))).isFalse();
	}

	@Test
	void anUndatedNoteFollowsTheFirstOfItsEncountersThatIsKnown() {
		Map<String, Encounter> encounters =
				Map.of("Encounter/out", encounter("Encounter/out", END.plus(Duration.ofDays(1)), null));

		assertThat(Q1.includes(note(null, "Encounter/ghost", "Encounter/out"),
						ref -> encounters.get(ref.getReference())))
				.isFalse();
	}

	@Test
	void anUndatedNoteWithoutAKnownEncounterStaysInScope() {
		assertThat(Q1.includes(note(null, "Encounter/ghost"), ref -> null)).isTrue();
		assertThat(Q1.includes(note(null), ref -> null)).isTrue();
	}
}

package dev.chartcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.standards.DocumentationStandards;
import dev.chartcheck.standards.Records;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCheckTest {

	/** Records every call, and reports one gap on the patient. */
	private static final class Recording implements Standard {
		private final String code;
		private final GapStatus status;
		final List<RecordSnapshot> records = new ArrayList<>();
		final List<EvaluationContext> contexts = new ArrayList<>();

		Recording(String code, GapStatus status) {
			this.code = code;
			this.status = status;
		}

		@Override
		public String code() {
			return code;
		}

		@Override
		public StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
			records.add(record);
			contexts.add(context);
			return new StandardResult.Builder(code)
					.examined(record.patientId())
					.finding(new Finding(code, record.patientId(), status, "low", code + " gap", null, null, null, null))
					.build();
		}
	}

	@Test
	void everyStandardRunsOnceOverTheSameSnapshotInOrder() {
		RecordSnapshot snapshot = new Records().snapshot();
		EvaluationContext context = Records.context();
		Recording first = new Recording("first", GapStatus.OPEN);
		Recording second = new Recording("second", GapStatus.PROSPECTIVE);

		RecordCheck check = RecordCheck.run(snapshot, List.of(first, second), context);

		assertThat(first.records).containsExactly(snapshot);
		assertThat(second.records).containsExactly(snapshot);
		assertThat(first.contexts).containsExactly(context);
		assertThat(second.contexts).containsExactly(context);
		assertThat(check.record()).isSameAs(snapshot);
		assertThat(check.results()).extracting(StandardResult::standard).containsExactly("first", "second");
		assertThat(check.findings()).extracting(Finding::detail).containsExactly("first gap", "second gap");
	}

	@Test
	void aCompliantRecordPassesEveryImplementedStandard() {
		Records records = new Records();
		NoteContent page = new NoteContent(List.of(AttachmentContent.text(0, AttachmentContent.Kind.TEXT, "text/plain",
				List.of("Patient: Jane Doe    MRN: MRN-1001\nSeen today."))));
		RecordCheck check = RecordCheck.run(records.builder().content(records.note, page).build(),
				DocumentationStandards.all(), Records.context());

		assertThat(check.results()).extracting(StandardResult::standard).containsExactly(
				"patient-identification", "signature-credentials", "dated", "chronological-order", "legibility",
				"contact-documented", "coordination-of-care", "consent-renewal", "developmental-history",
				"confidentiality", "preventive-services", "screening-follow-up", "claim-records");
		// the record-keeping standards apply to every record; the behavioral-health ones only to patients in that care;
		// preventive services to records with structured clinical data, screening to patients in behavioral-health care
		// or case management, claim records to claims for services that need them: none here
		assertThat(check.results().subList(0, 6)).allSatisfy(r -> assertThat(r.examined()).isNotEmpty());
		assertThat(check.results().subList(6, 13)).allSatisfy(r -> assertThat(r.examined()).isEmpty());
		assertThat(check.findings()).isEmpty();
	}

	@Test
	void findingsOfEveryStandardAreGathered() {
		Records records = new Records();
		records.patient.getIdentifier().clear();
		records.clinician.getQualification().clear();
		records.note.setDate(Records.at(Records.NOW.plus(Duration.ofDays(1))));

		RecordCheck check = RecordCheck.run(records.snapshot(), DocumentationStandards.all(), Records.context());

		assertThat(check.findings())
				.extracting(Finding::standard, Finding::subject, Finding::status)
				.containsExactly(
						org.assertj.core.groups.Tuple.tuple("patient-identification", Records.PATIENT, GapStatus.OPEN),
						org.assertj.core.groups.Tuple.tuple("signature-credentials", Records.NOTE, GapStatus.OPEN),
						org.assertj.core.groups.Tuple.tuple("chronological-order", Records.NOTE, GapStatus.OPEN));
	}

	@Test
	void noStandardsNoResults() {
		RecordCheck check = RecordCheck.run(new Records().snapshot(), List.of(), Records.context());

		assertThat(check.results()).isEmpty();
		assertThat(check.findings()).isEmpty();
	}
}

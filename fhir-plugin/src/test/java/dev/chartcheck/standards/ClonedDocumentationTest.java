package dev.chartcheck.standards;

import dev.chartcheck.engine.RecordSnapshotBuilder;
import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.AttachmentContent;
import dev.chartcheck.engine.AttachmentContent.Kind;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.NoteContent;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import dev.chartcheck.engine.clones.CloneMatch;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClonedDocumentationTest {

	private static final String CODE = "cloned-documentation";
	private static final Instant EARLIER = Instant.parse("2026-04-02T09:00:00Z");

	private final ClonedDocumentation standard = new ClonedDocumentation();
	private final Records records = new Records();

	private RecordSnapshotBuilder withText() {
		return records.builder().content(records.note,
				new NoteContent(List.of(AttachmentContent.text(0, Kind.TEXT, "text/plain", List.of("Seen today.")))));
	}

	private static CloneMatch match(String note, double similarity, CloneMatch.Relation relation) {
		return new CloneMatch(note, Records.PATIENT, Records.CLINICIAN, EARLIER, similarity, true, relation);
	}

	@Test
	void aNoteThatCopiesAnEarlierNoteOfThePatientIsAGapWithTheEarlierNoteAsEvidence() {
		RecordSnapshot record = withText().clones(records.note, List.of(
				match("DocumentReference/old", 0.93, CloneMatch.Relation.SAME_PATIENT),
				match("DocumentReference/older", 0.85, CloneMatch.Relation.SAME_PATIENT))).build();

		Finding gap = assertGap(onlyGap(standard.evaluate(record, Records.context())), CODE, Records.NOTE, GapStatus.OPEN,
				"moderate", "This note's content is near-identical to an earlier note of the same patient "
						+ "(DocumentReference/old, written 2026-04-02): Jaccard similarity 0.93 beyond template text.");
		assertThat(gap.evidence()).containsExactly("DocumentReference/old", "DocumentReference/older");
		assertThat(gap.expression()).isEqualTo("DocumentReference.content");
		assertThat(gap.responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
	}

	@Test
	void anotherPatientsNoteByTheSameAuthorIsNamedAsSuch() {
		RecordSnapshot record = withText()
				.clones(records.note, List.of(match("DocumentReference/theirs", 0.812, CloneMatch.Relation.SAME_AUTHOR)))
				.build();

		assertThat(onlyGap(standard.evaluate(record, Records.context())).detail())
				.contains("another patient's earlier note by the same author (DocumentReference/theirs")
				.contains("Jaccard similarity 0.81");
	}

	@Test
	void aComparedNoteWithoutMatchesComplies() {
		StandardResult result = standard.evaluate(withText().clones(records.note, List.of()).build(), Records.context());

		assertThat(result.findings()).isEmpty();
		assertThat(result.examined()).containsExactly(Records.NOTE);
		assertThat(result.compliant()).containsExactly(Records.NOTE);
	}

	@Test
	void aNoteNotComparedIsNotExamined() {
		// the record was compared (index built), but this note had no text: legibility's concern
		StandardResult result = standard.evaluate(withText().clonesKnown().build(), Records.context());

		assertThat(result.examined()).isEmpty();
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void withoutAComparisonTheStandardJudgesNothingSoNoGapIsRaisedOrClosed() {
		RecordSnapshot notCompared = withText().build();
		EvaluationContext context = Records.context();

		assertThat(standard.canJudge(notCompared)).isFalse();
		assertThat(RecordCheck.run(notCompared, List.of(standard, new Dated()), context).results())
				.extracting(StandardResult::standard)
				.containsExactly("dated");
		assertThat(standard.readsClones()).isTrue();
		assertThat(standard.readsNoteContent()).isTrue();
		assertThat(standard.affectedBy()).containsExactly("DocumentReference");
	}
}

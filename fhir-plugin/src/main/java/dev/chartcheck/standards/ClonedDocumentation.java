package dev.chartcheck.standards;

import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import dev.chartcheck.engine.clones.CloneMatch;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.DocumentReference;

/**
 * No cloned documentation (docs/STANDARDS.md#cloned-documentation): a note whose clinical content is near-identical
 * to an earlier note, of the same patient or of another patient by the same author, is a gap on the note, with the
 * earlier notes as evidence and the similarity in the detail.
 *
 * <p>The comparison itself (word shingles without template boilerplate, MinHash with LSH banding, exact Jaccard
 * verification: see {@link dev.chartcheck.engine.clones.CloneDetector}) is made against every stored note, so it is
 * not this class's work: the record arrives with each note's matches ({@link RecordSnapshot#clones}), and this
 * standard only turns them into findings. While the comparison index is still being built at start-up the record
 * holds no comparison, and the standard then {@linkplain #canJudge judges nothing}, so no gap is raised or closed
 * on half an index.
 */
public final class ClonedDocumentation implements Standard {

	public static final String CODE = "cloned-documentation";

	@Override
	public String code() {
		return CODE;
	}

	@Override
	public Set<String> affectedBy() {
		return Set.of("DocumentReference");
	}

	@Override
	public boolean readsNoteContent() {
		return true;
	}

	@Override
	public boolean readsClones() {
		return true;
	}

	@Override
	public boolean canJudge(RecordSnapshot record) {
		return record.clonesKnown();
	}

	@Override
	public StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
		StandardResult.Builder result = new StandardResult.Builder(CODE);
		for (DocumentReference note : record.notes()) {
			if (!record.comparedForClones(note)) {
				continue; // no text to compare: legibility's concern
			}
			result.examined(RecordSnapshot.idOf(note));
			List<CloneMatch> matches = record.clones(note);
			if (!matches.isEmpty()) {
				result.finding(Finding.on(CODE, record, note, GapStatus.OPEN, "moderate", detail(matches.get(0)),
						"DocumentReference.content", matches.stream().map(CloneMatch::noteId).toList()));
			}
		}
		return result.build();
	}

	private static String detail(CloneMatch closest) {
		String whose = closest.relation() == CloneMatch.Relation.SAME_PATIENT
				? "an earlier note of the same patient"
				: "another patient's earlier note by the same author";
		return String.format(Locale.ROOT,
				"This note's content is near-identical to %s (%s, written %s): Jaccard similarity %.2f beyond template text.",
				whose, closest.noteId(), closest.writtenAt().atOffset(ZoneOffset.UTC).toLocalDate(), closest.similarity());
	}
}

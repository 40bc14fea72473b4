package dev.chartcheck.standards;

import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.ResponsibleParties;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.DocumentReference.ReferredDocumentStatus;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Each entry signed with the clinician's name and credentials (docs/STANDARDS.md#signature-credentials). The signer
 * is the authenticator, else the author; it must resolve to a Practitioner (directly or through a PractitionerRole)
 * with a name and at least one qualification. A note left preliminary past the signing window is unsigned.
 */
public final class SignatureCredentials implements Standard {

	public static final String CODE = "signature-credentials";

	@Override
	public Set<String> affectedBy() {
		return Set.of("DocumentReference");
	}

	@Override
	public String code() {
		return CODE;
	}

	@Override
	public StandardResult evaluate(RecordSnapshot record, EvaluationContext context) {
		StandardResult.Builder result = new StandardResult.Builder(CODE);
		for (DocumentReference note : record.notes()) {
			String noteId = RecordSnapshot.idOf(note);
			result.examined(noteId);
			List<String> problems = new ArrayList<>();
			List<String> evidence = new ArrayList<>();
			String expression = signerProblems(record, note, problems, evidence);
			if (note.getDocStatus() == ReferredDocumentStatus.PRELIMINARY && note.hasDate()) {
				context.changesAt(note.getDate().toInstant().plus(context.windows().signing()));
			}
			if (isUnsignedDraft(note, context)) {
				long days = Duration.between(note.getDate().toInstant(), context.now()).toDays();
				context.changesAt(note.getDate().toInstant().plus(Duration.ofDays(days + 1)));
				problems.add("it is still preliminary " + days + " days after it was written, so it is unsigned");
				expression = expression == null ? "DocumentReference.docStatus" : expression;
			}
			if (!problems.isEmpty()) {
				result.finding(Finding.on(CODE, record, note, GapStatus.OPEN,
						"moderate",
						"This note is not properly signed: " + String.join("; ", problems) + ".",
						expression,
						evidence));
			}
		}
		return result.build();
	}

	/** Adds what is wrong with the signer to {@code problems}; returns the FHIRPath of the element at fault. */
	private static String signerProblems(
			RecordSnapshot record, DocumentReference note, List<String> problems, List<String> evidence) {
		Optional<Reference> signer = ResponsibleParties.signer(note);
		if (signer.isEmpty()) {
			problems.add("it has no author or authenticator");
			return "DocumentReference.author";
		}
		String element = note.hasAuthenticator() ? "DocumentReference.authenticator" : "DocumentReference.author";
		Optional<Practitioner> practitioner = record.practitioner(signer.get());
		if (practitioner.isEmpty()) {
			Optional<Resource> target = record.resolve(signer.get());
			if (target.isEmpty()) {
				problems.add("its signer " + describe(signer.get()) + " cannot be found");
			} else if (target.get() instanceof PractitionerRole role) {
				evidence.add(RecordSnapshot.idOf(role));
				problems.add("its signer " + RecordSnapshot.idOf(role) + " points to a clinician who cannot be found");
			} else {
				evidence.add(RecordSnapshot.idOf(target.get()));
				problems.add("it is signed by " + withArticle(target.get().fhirType()) + ", not by a clinician");
			}
			return element;
		}
		evidence.add(RecordSnapshot.idOf(practitioner.get()));
		if (!Names.hasName(practitioner.get().getName())) {
			problems.add("the signing clinician has no name on record");
		}
		if (!hasCredentials(practitioner.get())) {
			problems.add("the signing clinician has no credentials (qualification) on record");
		}
		return problems.isEmpty() ? null : element;
	}

	private static boolean isUnsignedDraft(DocumentReference note, EvaluationContext context) {
		return note.getDocStatus() == ReferredDocumentStatus.PRELIMINARY
				&& note.hasDate()
				&& note.getDate().toInstant().plus(context.windows().signing()).isBefore(context.now());
	}

	/** A qualification counts when it says what it is, coded (v2-0360 and the like) or as text (LCSW). */
	private static boolean hasCredentials(Practitioner practitioner) {
		return practitioner.getQualification().stream()
				.anyMatch(q -> q.getCode().hasText() || q.getCode().getCoding().stream().anyMatch(c -> c.hasCode()));
	}

	private static String withArticle(String noun) {
		return ("AEIOU".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
	}

	private static String describe(Reference reference) {
		String id = RecordSnapshot.referenceId(reference);
		return id != null ? id : reference.hasDisplay() ? "\"" + reference.getDisplay() + "\"" : "(no reference)";
	}
}

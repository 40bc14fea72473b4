package dev.chartcheck.standards;

import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import java.time.Duration;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.DocumentReference.ReferredDocumentStatus;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class SignatureCredentialsTest {

	private static final String CODE = "signature-credentials";

	private final SignatureCredentials standard = new SignatureCredentials();
	private final Records records = new Records();

	private StandardResult evaluate(RecordSnapshot snapshot) {
		return standard.evaluate(snapshot, Records.context());
	}

	private StandardResult evaluate() {
		return evaluate(records.snapshot());
	}

	@Test
	void noteSignedByCredentialedClinicianComplies() {
		StandardResult result = evaluate();

		assertThat(standard.code()).isEqualTo(CODE);
		assertThat(result.standard()).isEqualTo(CODE);
		assertThat(result.examined()).containsExactly(Records.NOTE);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void everyNoteInScopeIsExaminedButNotThoseOutOfScope() {
		StandardResult result = evaluate(records.builder()
				.note(Records.note("DocumentReference/n2", Records.NOTE_DATE, Records.ENCOUNTER))
				.related(Records.note("DocumentReference/old", Records.NOTE_DATE, Records.ENCOUNTER))
				.build());

		assertThat(result.examined()).containsExactlyInAnyOrder(Records.NOTE, "DocumentReference/n2");
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void noteWithoutAuthorOrAuthenticatorIsAGap() {
		records.note.getAuthor().clear();

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"This note is not properly signed: it has no author or authenticator.");
		assertThat(gap.expression()).isEqualTo("DocumentReference.author");
		assertThat(gap.evidence()).isEmpty();
		assertThat(gap.responsiblePractitioner()).isNull();
	}

	@Test
	void authorMissingFromTheRecordIsAGap() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference("Practitioner/ghost"));

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"its signer Practitioner/ghost cannot be found");
		assertThat(gap.expression()).isEqualTo("DocumentReference.author");
		assertThat(gap.evidence()).isEmpty();
		assertThat(gap.responsiblePractitioner()).isNull();
	}

	@Test
	void authorNamedOnlyByDisplayCannotBeFound() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference().setDisplay("Dr. Who"));

		assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"its signer \"Dr. Who\" cannot be found");
	}

	@Test
	void clinicianWithoutQualificationIsAGap() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference("Practitioner/p2"));

		Finding gap = assertGap(
				onlyGap(evaluate(records.builder().related(Records.uncredentialed("Practitioner/p2")).build())),
				CODE, "DocumentReference/n1", GapStatus.OPEN, "moderate",
				"the signing clinician has no credentials (qualification) on record");
		assertThat(gap.detail()).doesNotContain("no name");
		assertThat(gap.expression()).isEqualTo("DocumentReference.author");
		assertThat(gap.evidence()).containsExactly("Practitioner/p2");
		assertThat(gap.responsiblePractitioner()).isEqualTo("Practitioner/p2");
	}

	@Test
	void clinicianWithoutNameIsAGap() {
		records.clinician.getName().clear();

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"the signing clinician has no name on record");
		assertThat(gap.detail()).doesNotContain("credentials");
		assertThat(gap.evidence()).containsExactly(Records.CLINICIAN);
	}

	@Test
	void clinicianWithNeitherNameNorQualificationHasOneGapNamingBoth() {
		records.clinician.getName().clear();
		records.clinician.getQualification().clear();

		assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"has no name on record; the signing clinician has no credentials");
	}

	@Test
	void aCredentialGivenAsTextOnlyCounts() {
		records.clinician.getQualification().clear();
		records.clinician.addQualification().setCode(new CodeableConcept().setText("LCSW"));

		assertThat(evaluate().findings()).isEmpty();
	}

	@Test
	void signerThroughPractitionerRoleComplies() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference("PractitionerRole/r1"));

		StandardResult result = evaluate(records.builder()
				.related(Records.role("PractitionerRole/r1", Records.CLINICIAN, Records.ORGANIZATION))
				.build());

		assertThat(result.examined()).containsExactly(Records.NOTE);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void signerThroughPractitionerRoleIsJudgedOnItsPractitioner() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference("PractitionerRole/r1"));

		Finding gap = assertGap(onlyGap(evaluate(records.builder()
						.related(Records.role("PractitionerRole/r1", "Practitioner/p2", Records.ORGANIZATION))
						.related(Records.uncredentialed("Practitioner/p2"))
						.build())),
				CODE, Records.NOTE, GapStatus.OPEN, "moderate", "has no credentials");
		assertThat(gap.evidence()).containsExactly("Practitioner/p2");
		assertThat(gap.responsiblePractitioner()).isEqualTo("Practitioner/p2");
		assertThat(gap.responsibleOrganization()).isEqualTo(Records.ORGANIZATION);
	}

	@Test
	void practitionerRoleWhosePractitionerIsMissingIsAGap() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference("PractitionerRole/r1"));

		Finding gap = onlyGap(evaluate(records.builder()
				.related(Records.role("PractitionerRole/r1", "Practitioner/ghost", null))
				.build()));

		assertThat(gap.subject()).isEqualTo(Records.NOTE);
		assertThat(gap.status()).isEqualTo(GapStatus.OPEN);
		assertThat(gap.expression()).isEqualTo("DocumentReference.author");
	}

	@Test
	void practitionerRoleWhosePractitionerIsMissingIsReportedAsNotFound() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference("PractitionerRole/r1"));

		Finding gap = onlyGap(evaluate(records.builder()
				.related(Records.role("PractitionerRole/r1", "Practitioner/ghost", null))
				.build()));

		assertThat(gap.detail()).doesNotContain("not by a clinician").contains("cannot be found");
	}

	@Test
	void authenticatorTakesPrecedenceOverAuthor() {
		records.note.setAuthenticator(new Reference("Practitioner/p2"));

		Finding gap = assertGap(
				onlyGap(evaluate(records.builder().related(Records.uncredentialed("Practitioner/p2")).build())),
				CODE, Records.NOTE, GapStatus.OPEN, "moderate", "has no credentials");
		assertThat(gap.expression()).isEqualTo("DocumentReference.authenticator");
		assertThat(gap.evidence()).containsExactly("Practitioner/p2");
		assertThat(gap.responsiblePractitioner()).isEqualTo("Practitioner/p2");
	}

	@Test
	void credentialedAuthenticatorSignsForAnUncredentialedAuthor() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference("Practitioner/p2"));
		records.note.setAuthenticator(new Reference(Records.CLINICIAN));

		StandardResult result =
				evaluate(records.builder().related(Records.uncredentialed("Practitioner/p2")).build());

		assertThat(result.findings()).isEmpty();
	}

	@Test
	void organizationAsAuthenticatorIsNotAClinician() {
		records.note.setAuthenticator(new Reference(Records.ORGANIZATION));

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"it is signed by an Organization, not by a clinician");
		assertThat(gap.expression()).isEqualTo("DocumentReference.authenticator");
		assertThat(gap.evidence()).containsExactly(Records.ORGANIZATION);
	}

	@Test
	void amongMixedAuthorsTheClinicianSigns() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference(Records.ORGANIZATION));
		records.note.addAuthor(new Reference("Device/d1"));
		records.note.addAuthor(new Reference(Records.CLINICIAN));

		assertThat(evaluate().findings()).isEmpty();
	}

	@Test
	void amongMixedAuthorsAPractitionerRoleSigns() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference(Records.PATIENT));
		records.note.addAuthor(new Reference("PractitionerRole/r1"));

		StandardResult result = evaluate(records.builder()
				.related(Records.role("PractitionerRole/r1", Records.CLINICIAN, Records.ORGANIZATION))
				.build());

		assertThat(result.findings()).isEmpty();
	}

	@Test
	void amongMixedAuthorsTheFirstClinicianSignsEvenWithoutCredentials() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference(Records.ORGANIZATION));
		records.note.addAuthor(new Reference("Practitioner/p2"));
		records.note.addAuthor(new Reference(Records.CLINICIAN));

		Finding gap = assertGap(
				onlyGap(evaluate(records.builder().related(Records.uncredentialed("Practitioner/p2")).build())),
				CODE, Records.NOTE, GapStatus.OPEN, "moderate", "has no credentials");
		assertThat(gap.evidence()).containsExactly("Practitioner/p2");
	}

	@Test
	void noteAuthoredOnlyByThePatientIsAGap() {
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference(Records.PATIENT));

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"it is signed by a Patient, not by a clinician");
		assertThat(gap.evidence()).containsExactly(Records.PATIENT);
		assertThat(gap.responsiblePractitioner()).isNull();
	}

	@Test
	void enteredInErrorNotesAreIgnored() {
		DocumentReference wrong = Records.note("DocumentReference/n2", Records.NOTE_DATE, Records.ENCOUNTER);
		wrong.setStatus(DocumentReferenceStatus.ENTEREDINERROR);
		wrong.getAuthor().clear();

		StandardResult result = evaluate(records.builder().note(wrong).build());

		assertThat(result.examined()).containsExactly(Records.NOTE);
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void preliminaryNoteInsideTheSigningWindowIsNotAGap() {
		records.note.setDocStatus(ReferredDocumentStatus.PRELIMINARY);
		records.note.setDate(Records.at(Records.NOW.minus(Duration.ofDays(6))));

		assertThat(evaluate().findings()).isEmpty();
	}

	@Test
	void preliminaryNoteExactlyAtTheEndOfTheSigningWindowIsNotAGap() {
		records.note.setDocStatus(ReferredDocumentStatus.PRELIMINARY);
		records.note.setDate(Records.at(Records.NOW.minus(Duration.ofDays(7))));

		assertThat(evaluate().findings()).isEmpty();
	}

	@Test
	void preliminaryNoteJustPastTheSigningWindowIsUnsigned() {
		records.note.setDocStatus(ReferredDocumentStatus.PRELIMINARY);
		records.note.setDate(Records.at(Records.NOW.minus(Duration.ofDays(7)).minusSeconds(1)));

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"it is still preliminary 7 days after it was written, so it is unsigned");
		assertThat(gap.expression()).isEqualTo("DocumentReference.docStatus");
		assertThat(gap.responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
	}

	@Test
	void preliminaryNoteLongPastTheWindowSaysHowLong() {
		records.note.setDocStatus(ReferredDocumentStatus.PRELIMINARY);
		records.note.setDate(Records.at(Records.NOW.minus(Duration.ofDays(30))));

		assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"still preliminary 30 days after it was written");
	}

	@Test
	void amendedNotePastTheWindowIsSigned() {
		records.note.setDocStatus(ReferredDocumentStatus.AMENDED);
		records.note.setDate(Records.at(Records.NOW.minus(Duration.ofDays(30))));

		assertThat(evaluate().findings()).isEmpty();
	}

	@Test
	void preliminaryNoteByUncredentialedClinicianNamesBothProblems() {
		records.note.setDocStatus(ReferredDocumentStatus.PRELIMINARY);
		records.note.setDate(Records.at(Records.NOW.minus(Duration.ofDays(10))));
		records.clinician.getQualification().clear();

		Finding gap = assertGap(onlyGap(evaluate()), CODE, Records.NOTE, GapStatus.OPEN, "moderate",
				"has no credentials (qualification) on record; it is still preliminary 10 days");
		assertThat(gap.expression()).isEqualTo("DocumentReference.author");
	}

	@Test
	void inlineAuthorResolvesWithoutBeingLoaded() {
		Practitioner inline = Records.clinician("Practitioner/p9", "DO");
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference(inline));

		assertThat(evaluate().findings()).isEmpty();
	}
}

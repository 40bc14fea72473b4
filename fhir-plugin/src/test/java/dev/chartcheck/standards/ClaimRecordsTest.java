package dev.chartcheck.standards;

import dev.chartcheck.engine.RecordSnapshotBuilder;
import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.CodeSet;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import dev.chartcheck.engine.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

class ClaimRecordsTest {

	private static final String CODE = ClaimRecords.CODE;
	private static final String CPT = "http://www.ama-assn.org/go/cpt";
	private static final String CLAIM = "Claim/c1";

	/** The record of {@link Records}: encounter e1 on 2026-05-28, its signed, dated note n1. */
	private final Records records = new Records();
	private final List<DocumentReference> notes = new ArrayList<>();
	/** A submitted claim for a TMS session (CPT 90868) at encounter e1, with note n1. */
	private final Claim claim = claim(CLAIM);

	private StandardResult check() {
		return check(Records.context());
	}

	private StandardResult check(EvaluationContext context) {
		RecordSnapshotBuilder builder = records.builder();
		notes.forEach(builder::note);
		return new ClaimRecords().evaluate(builder.entry(claim).build(), context);
	}

	private static Claim claim(String id) {
		Claim claim = new Claim();
		claim.setId(id);
		claim.setStatus(Claim.ClaimStatus.ACTIVE);
		claim.setUse(Claim.Use.CLAIM);
		claim.setPatient(new Reference(Records.PATIENT));
		claim.setCreated(Records.at(Instant.parse("2026-05-29T09:00:00Z")));
		claim.setProvider(new Reference(Records.CLINICIAN));
		line(claim, "90868").addEncounter(new Reference(Records.ENCOUNTER));
		support(claim, Records.NOTE);
		return claim;
	}

	private static Claim.ItemComponent line(Claim claim, String cpt) {
		int sequence = claim.getItem().size() + 1;
		return claim.addItem()
				.setSequence(sequence)
				.setProductOrService(new CodeableConcept(new Coding(CPT, cpt, null)));
	}

	private static Claim.SupportingInformationComponent support(Claim claim, String note) {
		int sequence = claim.getSupportingInfo().size() + 1;
		return claim.addSupportingInfo()
				.setSequence(sequence)
				.setCategory(new CodeableConcept(new Coding(
						"http://terminology.hl7.org/CodeSystem/claiminformationcategory", "attachment", null)))
				.setValue(new Reference(note));
	}

	@Test
	void aClaimWithTheNoteOfTheBilledEncounterComplies() {
		StandardResult result = check();

		assertThat(result.examined()).containsExactly(CLAIM);
		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy()).containsEntry(CLAIM, Records.NOTE);
	}

	@Test
	void aClaimWhoseServicesNeedNoRecordsIsNotExamined() {
		claim.getItemFirstRep().setProductOrService(new CodeableConcept(new Coding(CPT, "99213", null)));
		claim.getSupportingInfo().clear();

		assertThat(check().examined()).isEmpty();
	}

	@Test
	void withoutSupportingInfoTheLineIsNamed() {
		claim.getSupportingInfo().clear();

		assertGap(onlyGap(check()), CODE, CLAIM, GapStatus.OPEN, "moderate",
				"\"Medical record submission guidelines not followed\"): line 1 (CPT 90868): supportingInfo names no"
						+ " clinical note for it.");
		assertThat(onlyGap(check()).expression()).isEqualTo("Claim.item[0]");
		assertThat(onlyGap(check()).responsiblePractitioner()).isEqualTo(Records.CLINICIAN);
	}

	@Test
	void aLineMarkedByTheExtensionNeedsRecordsWhateverItsCode() {
		claim.getItemFirstRep().setProductOrService(new CodeableConcept(new Coding(CPT, "99213", null)));
		claim.getSupportingInfo().clear();
		claim.getItemFirstRep().addExtension(ClaimLine.RECORDS_REQUIRED, new BooleanType(true));
		assertGap(onlyGap(check()), CODE, CLAIM, GapStatus.OPEN, "moderate", "line 1 (CPT 99213)");

		claim.getItemFirstRep().getExtensionByUrl(ClaimLine.RECORDS_REQUIRED).setValue(new BooleanType(false));
		assertThat(check().examined()).isEmpty();
	}

	@Test
	void theServicesThatNeedRecordsAreConfiguration() {
		claim.getItemFirstRep().setProductOrService(new CodeableConcept(new Coding(CPT, "95810", null)));
		claim.getSupportingInfo().clear();
		ValueSet sleepStudies = new ValueSet();
		sleepStudies.setId("plan-reviewed-services");
		sleepStudies.getCompose().addInclude().setSystem(CPT).addConcept().setCode("95810");
		ClinicalCodes codes = ClinicalCodes.published().with(ClinicalCodes.CLAIM_RECORDS_SERVICE, CodeSet.from(sleepStudies));

		assertThat(check().examined()).isEmpty();
		assertThat(check(new EvaluationContext(Records.NOW, Windows.defaults(), codes)).findings()).hasSize(1);
	}

	@Test
	void aNoteThatIsNotThePatientsDoesNotCount() {
		claim.getSupportingInfo().clear();
		support(claim, "DocumentReference/someone-elses");

		assertGap(onlyGap(check()), CODE, CLAIM, GapStatus.OPEN, "moderate",
				"DocumentReference/someone-elses is not a note of this patient");
	}

	@Test
	void aNoteOfAnotherVisitDoesNotDocumentTheLine() {
		DocumentReference other = Records.note("DocumentReference/n2", Instant.parse("2026-04-02T10:00:00Z"), "Encounter/e0");
		notes.add(other);
		claim.getSupportingInfo().clear();
		support(claim, "DocumentReference/n2");

		assertGap(onlyGap(check()), CODE, CLAIM, GapStatus.OPEN, "moderate",
				"DocumentReference/n2 does not document the billed encounter or date of service");
		assertThat(onlyGap(check()).evidence()).containsExactly("DocumentReference/n2");
	}

	@Test
	void withoutAnEncounterTheDateOfServiceAsWrittenDecides() {
		claim.getItemFirstRep().getEncounter().clear();
		claim.getItemFirstRep().setServiced(new DateType("2026-05-28"));
		// written late on the 28th in New York: the 29th in UTC, but the day of service as the clinic wrote it
		records.note.setDateElement(new InstantType("2026-05-28T23:30:00-05:00"));
		records.note.getContext().getEncounter().clear();
		assertThat(check().findings()).isEmpty();

		claim.getItemFirstRep().setServiced(new DateType("2026-05-27"));
		assertThat(check().findings()).hasSize(1);

		// no date on the line: the claim's billable period
		claim.getItemFirstRep().setServiced(null);
		claim.getBillablePeriod().setStartElement(new DateTimeType("2026-05-26")).setEndElement(new DateTimeType("2026-05-28"));
		assertThat(check().findings()).isEmpty();
	}

	@Test
	void theNoteMustBeSignedAndDated() {
		records.note.setDocStatus(DocumentReference.ReferredDocumentStatus.PRELIMINARY);
		assertGap(onlyGap(check()), CODE, CLAIM, GapStatus.OPEN, "moderate", "DocumentReference/n1 is not signed (preliminary)");

		records.note.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
		records.note.getAuthor().clear();
		records.note.addAuthor(new Reference(Records.ORGANIZATION));
		assertGap(onlyGap(check()), CODE, CLAIM, GapStatus.OPEN, "moderate", "DocumentReference/n1 is not signed");

		records.note.setAuthenticator(new Reference(Records.CLINICIAN));
		records.note.setDate(null);
		assertGap(onlyGap(check()), CODE, CLAIM, GapStatus.OPEN, "moderate", "DocumentReference/n1 has no date");
	}

	@Test
	void aLineThatNamesItsSupportingInfoIsJudgedOnThatAlone() {
		notes.add(Records.note("DocumentReference/n2", Instant.parse("2026-04-02T10:00:00Z"), "Encounter/e0"));
		support(claim, "DocumentReference/n2");
		claim.getItemFirstRep().addInformationSequence(2);

		assertGap(onlyGap(check()), CODE, CLAIM, GapStatus.OPEN, "moderate", "DocumentReference/n2 does not document");

		claim.getItemFirstRep().getInformationSequence().add(new PositiveIntType(1));
		assertThat(check().findings()).isEmpty();
	}

	@Test
	void severalLinesWithoutRecordsAreAllNamedInOneFinding() {
		line(claim, "99213");
		line(claim, "90869").addEncounter(new Reference("Encounter/e0"));
		line(claim, "90870");

		StandardResult result = check();

		assertGap(onlyGap(result), CODE, CLAIM, GapStatus.OPEN, "moderate",
				"line 3 (CPT 90869): DocumentReference/n1 does not document the billed encounter or date of service;"
						+ " line 4 (CPT 90870): DocumentReference/n1 does not document");
		assertThat(onlyGap(result).expression()).isEqualTo("Claim.item");
	}

	@Test
	void aDraftClaimIsAProspectiveGapAndACancelledOrPreauthorizationOneIsNotExamined() {
		claim.getSupportingInfo().clear();
		claim.setStatus(Claim.ClaimStatus.DRAFT);
		assertGap(onlyGap(check()), CODE, CLAIM, GapStatus.PROSPECTIVE, "moderate", "line 1 (CPT 90868)");

		claim.setStatus(Claim.ClaimStatus.CANCELLED);
		assertThat(check().examined()).isEmpty();

		claim.setStatus(Claim.ClaimStatus.ACTIVE);
		claim.setUse(Claim.Use.PREAUTHORIZATION);
		assertThat(check().examined()).isEmpty();
	}
}

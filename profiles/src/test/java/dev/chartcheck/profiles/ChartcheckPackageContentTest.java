package dev.chartcheck.profiles;

import static dev.chartcheck.profiles.ChartcheckPackageFixture.BASE;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.CTX;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.ENGINE_VALUE_SETS;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.assertNoErrors;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.errors;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.resources;
import static dev.chartcheck.profiles.ChartcheckPackageFixture.validator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/**
 * Checks the content of specific resources of the FHIR package built into the jar: that the ValueSets the engine reads
 * hold the codes of the conventions, that the clinical-note and release-of-information profiles tell conforming
 * resources from non-conforming ones, and that the examples show the conventions and what the SearchParameters find.
 */
class ChartcheckPackageContentTest {

	private static final String CLINICAL_NOTE = BASE + "StructureDefinition/chartcheck-clinical-note";
	private static final String ROI_CONSENT = BASE + "StructureDefinition/chartcheck-roi-consent";

	// --- the ValueSets the engine reads --------------------------------------------------------------

	@Test
	void shipsTheValueSetsTheEngineReads() {
		for (String id : ENGINE_VALUE_SETS) {
			ValueSet vs = valueSet(id);
			assertEquals(BASE + "ValueSet/" + id, vs.getUrl());
			assertFalse(vs.getCompose().getInclude().isEmpty(), id + " includes nothing");
			for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
				assertTrue(include.hasSystem(), id + ": include without a system");
				assertTrue(include.hasConcept() || include.hasFilter(), id + ": include of a whole code system " + include.getSystem());
				include.getConcept().forEach(c -> assertTrue(c.hasDisplay(), id + ": " + c.getCode() + " has no display"));
			}
		}
	}

	@Test
	void substanceUseEncounterIsASubsetOfBehavioralHealthEncounter() {
		Set<String> behavioral = codes(valueSet("behavioral-health-encounter"));
		Set<String> substanceUse = codes(valueSet("substance-use-encounter"));
		assertFalse(substanceUse.isEmpty());
		assertTrue(behavioral.containsAll(substanceUse), "not in behavioral-health-encounter: "
				+ substanceUse.stream().filter(c -> !behavioral.contains(c)).toList());
		// and with the same displays
		Map<String, String> displays = displays(valueSet("behavioral-health-encounter"));
		displays(valueSet("substance-use-encounter")).forEach((code, display) -> assertEquals(displays.get(code), display, code));
	}

	@Test
	void psychotropicMedicationHasOneIncludePerAtcGroupAndRxNormIngredientNames() {
		ValueSet vs = valueSet("psychotropic-medication");
		List<String> atc = new ArrayList<>();
		for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
			if ("http://www.whocc.no/atc".equals(include.getSystem())) {
				// filters in one include are ANDed: one include per group
				assertEquals(1, include.getFilter().size(), "one filter per ATC include");
				assertFalse(include.hasConcept());
				ValueSet.ConceptSetFilterComponent filter = include.getFilterFirstRep();
				assertEquals("concept", filter.getProperty());
				assertEquals(ValueSet.FilterOperator.ISA, filter.getOp());
				atc.add(filter.getValue());
			} else {
				assertEquals("http://www.nlm.nih.gov/research/umls/rxnorm", include.getSystem());
				assertFalse(include.hasFilter());
				for (ValueSet.ConceptReferenceComponent c : include.getConcept()) {
					assertTrue(c.getCode().matches("\\d+"), c.getCode());
					// the engine finds these names as words in the medication's text or display
					assertTrue(c.getDisplay().matches("[a-z]+"), c.getCode() + " display " + c.getDisplay());
				}
			}
		}
		assertEquals(List.of("N05A", "N05B", "N05C", "N06A", "N06B", "N07B"), atc);
		Map<String, String> rxnorm = displays(vs);
		assertEquals(21, rxnorm.size());
		assertEquals("sertraline", rxnorm.get("http://www.nlm.nih.gov/research/umls/rxnorm|36437"));
		assertEquals("lithium", rxnorm.get("http://www.nlm.nih.gov/research/umls/rxnorm|6448"));
	}

	@Test
	void valueSetsHoldTheCodesOfTheConventions() {
		String sct = "http://snomed.info/sct|";
		String loinc = "http://loinc.org|";
		assertEquals(Set.of(sct + "446050000"), codes(valueSet("primary-care-physician-role")));
		assertEquals(Set.of(loinc + "57133-1", loinc + "11488-4"), codes(valueSet("pcp-communication-note")));
		assertEquals(Set.of(BASE + "CodeSystem/documentation-element|developmental-history"),
				codes(valueSet("developmental-history-note")));
		assertEquals(Set.of(loinc + "64292-6", loinc + "59284-0"), codes(valueSet("release-of-information-category")));
		assertEquals(Set.of(loinc + "18842-5"), codes(valueSet("discharge-note")));
		assertEquals(Set.of(
						"http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R",
						"http://terminology.hl7.org/CodeSystem/v3-Confidentiality|V",
						"http://terminology.hl7.org/CodeSystem/v3-ActCode|42CFRPart2"),
				codes(valueSet("confidentiality-label")));
	}

	@Test
	void screeningPreventiveAndClaimValueSetsHoldTheCodesOfTheConventions() {
		String sct = "http://snomed.info/sct|";
		String loinc = "http://loinc.org|";
		String cpt = "http://www.ama-assn.org/go/cpt|";
		Set<String> visits = codes(valueSet("preventive-visit"));
		// CPT preventive medicine E/M: 99381-99387 (new patient), 99391-99397 (established)
		for (int code = 99381; code <= 99397; code++) {
			assertEquals(code <= 99387 || code >= 99391, visits.contains(cpt + code), "CPT " + code);
		}
		assertTrue(visits.containsAll(Set.of(sct + "185349003", sct + "410620009")));
		assertTrue(codes(valueSet("preventive-screening")).containsAll(
				Set.of(loinc + "55758-7", loinc + "44261-6", loinc + "75626-2")), "the screening instruments are preventive screenings");
		assertTrue(codes(valueSet("case-management")).contains(BASE + "CodeSystem/care-setting|case-management"));
		assertTrue(codes(valueSet("behavioral-health-referral")).containsAll(
				Set.of(sct + "183524004", BASE + "CodeSystem/care-setting|behavioral-health")));
		assertEquals(Set.of(BASE + "CodeSystem/documentation-element|assessment"), codes(valueSet("screening-assessment-note")));
		assertEquals(Set.of(BASE + "CodeSystem/documentation-element|preventive-services"),
				codes(valueSet("preventive-services-note")));
		assertEquals(Set.of(cpt + "90867", cpt + "90868", cpt + "90869", cpt + "90870"), codes(valueSet("claim-records-service")));
		assertTrue(valueSet("claim-records-service").getExperimental(), "the claim-records service set is an example");
	}

	@Test
	void claimExampleMarksItsLineAndCarriesTheNoteItBills() {
		org.hl7.fhir.r4.model.Claim claim = (org.hl7.fhir.r4.model.Claim) resources().get("package/example/Claim-example-records-attached.json");
		assertNotNull(claim);
		assertNoErrors("claim", claim);
		assertTrue(claim.getItemFirstRep().getExtensionByUrl(BASE + "StructureDefinition/claim-item-records-required")
				.getValue().primitiveValue().equals("true"));
		assertEquals("DocumentReference/example-progress-note",
				claim.getSupportingInfoFirstRep().getValueReference().getReference());

		org.hl7.fhir.r4.model.Claim misplaced = claim.copy();
		misplaced.addExtension(misplaced.getItemFirstRep().getExtensionFirstRep().copy());
		List<String> errors = errors(validator.validateWithResult(misplaced));
		assertTrue(errors.stream().anyMatch(m -> m.contains("claim-item-records-required")), String.join("\n", errors));
	}

	private static ValueSet valueSet(String id) {
		IBaseResource resource = resources().get("package/ValueSet-" + id + ".json");
		assertNotNull(resource, "ValueSet " + id + " missing");
		return (ValueSet) resource;
	}

	/** system|code of every enumerated concept. */
	private static Set<String> codes(ValueSet vs) {
		return displays(vs).keySet();
	}

	/** system|code to display of every enumerated concept. */
	private static Map<String, String> displays(ValueSet vs) {
		Map<String, String> displays = new TreeMap<>();
		for (ValueSet.ConceptSetComponent include : vs.getCompose().getInclude()) {
			include.getConcept().forEach(c -> displays.put(include.getSystem() + "|" + c.getCode(), c.getDisplay()));
		}
		return displays;
	}

	// --- the profiles and the examples --------------------------------------------------------------

	@Test
	void roiConsentExampleConformsAndNamesThePcpAsRecipient() {
		Consent roi = (Consent) resources().get("package/example/Consent-example-roi.json");
		assertNotNull(roi);
		assertTrue(roi.getMeta().hasProfile(ROI_CONSENT));
		assertNoErrors("ROI consent", roi);
		assertEquals(Consent.ConsentProvisionType.PERMIT, roi.getProvision().getType());
		assertTrue(roi.getProvision().getActor().stream().anyMatch(a -> a.getRole().hasCoding(
				"http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP")
				&& "Practitioner/example-pcp".equals(a.getReference().getReference())));
	}

	@Test
	void roiConsentProfileRejectsARefusalAndAConsentWithoutRecipient() {
		Consent refusal = ((Consent) resources().get("package/example/Consent-example-roi.json")).copy();
		refusal.getProvision().setType(Consent.ConsentProvisionType.DENY);
		List<String> errors = errors(validator.validateWithResult(refusal));
		assertTrue(errors.stream().anyMatch(m -> m.contains("Consent.provision.type")), String.join("\n", errors));

		Consent noRecipient = ((Consent) resources().get("package/example/Consent-example-roi.json")).copy();
		noRecipient.getProvision().getActorFirstRep().getRole().getCodingFirstRep().setCode("AUT").setDisplay(null);
		errors = errors(validator.validateWithResult(noRecipient));
		assertTrue(errors.stream().anyMatch(m -> m.contains("recipient")), String.join("\n", errors));

		Consent withAnotherActor = ((Consent) resources().get("package/example/Consent-example-roi.json")).copy();
		withAnotherActor.getProvision().addActor()
				.setRole(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
						"http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "AUT", "author (originator)")))
				.setReference(new Reference("Organization/example"));
		assertNoErrors("ROI consent with another actor besides the recipient", withAnotherActor);
	}

	@Test
	void examplesShowTheConventions() {
		Map<String, IBaseResource> examples = resources();
		Communication communication = (Communication) examples.get("package/example/Communication-example-pcp-communication.json");
		assertEquals("Patient/example-patient", communication.getSubject().getReference());
		assertEquals("Practitioner/example-pcp", communication.getRecipientFirstRep().getReference());
		assertTrue(communication.hasSent() && communication.getPayloadFirstRep().hasContentStringType());

		Consent refusal = (Consent) examples.get("package/example/Consent-example-pcp-refusal.json");
		assertEquals(Consent.ConsentProvisionType.DENY, refusal.getProvision().getType());
		assertEquals("Practitioner/example-pcp", refusal.getProvision().getActorFirstRep().getReference().getReference());

		CareTeam team = (CareTeam) examples.get("package/example/CareTeam-example-care-team.json");
		assertTrue(team.getParticipant().stream().anyMatch(p -> p.getRole().stream()
				.anyMatch(r -> r.hasCoding("http://snomed.info/sct", "446050000"))));

		MedicationRequest prescription = (MedicationRequest) examples.get("package/example/MedicationRequest-example-sertraline.json");
		assertTrue(prescription.getMedicationCodeableConcept().hasCoding("http://www.nlm.nih.gov/research/umls/rxnorm", "312938"));
		assertTrue(prescription.hasAuthoredOn());

		DocumentReference note = (DocumentReference) examples.get("package/example/DocumentReference-example-behavioral-health-note.json");
		assertNotNull(note.getMeta().getSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R"));
	}

	@Test
	void searchParametersFindTheirValuesInTheExampleGap() {
		IBaseResource gap = resources().get("package/example/DetectedIssue-example-open-gap.json");
		assertNotNull(gap);
		Map<String, String> expectedTypes = Map.of(
				"gap-status", "CodeableConcept",
				"status", "code",
				"due-date", "date",
				"responsible", "Reference",
				"organization", "Reference");
		List<SearchParameter> params = resources().values().stream()
				.filter(SearchParameter.class::isInstance)
				.map(SearchParameter.class::cast)
				.toList();
		assertEquals(expectedTypes.keySet(), params.stream().map(SearchParameter::getCode).collect(Collectors.toSet()));
		for (SearchParameter sp : params) {
			assertEquals(List.of("DetectedIssue"), sp.getBase().stream().map(b -> b.getCode()).toList(), sp.getUrl());
			assertTrue(sp.getExpression().startsWith("DetectedIssue."), sp.getUrl());
			List<IBase> values = CTX.newFhirPath().evaluate(gap, sp.getExpression(), IBase.class);
			assertEquals(1, values.size(), sp.getUrl() + " finds " + values);
			assertEquals(expectedTypes.get(sp.getCode()), CTX.getElementDefinition(values.get(0).getClass()).getName(),
					sp.getUrl());
		}
	}

	@Test
	void conformingClinicalNoteIsValid() {
		DocumentReference note = clinicalNote();
		assertNoErrors("conforming note", note);
	}

	@Test
	void clinicalNoteWithoutDateAndAuthorIsInvalid() {
		DocumentReference note = clinicalNote();
		note.setDate(null);
		note.getAuthor().clear();

		List<String> errors = errors(validator.validateWithResult(note));
		assertTrue(errors.stream().anyMatch(m -> m.contains("DocumentReference.date")), String.join("\n", errors));
		assertTrue(errors.stream().anyMatch(m -> m.contains("DocumentReference.author")), String.join("\n", errors));
	}

	private static DocumentReference clinicalNote() {
		DocumentReference note = new DocumentReference();
		note.getMeta().addProfile(CLINICAL_NOTE);
		note.setStatus(DocumentReferenceStatus.CURRENT);
		note.setType(new CodeableConcept().addCoding(
				new org.hl7.fhir.r4.model.Coding("http://loinc.org", "11506-3", "Progress note")));
		note.setSubject(new Reference("Patient/example"));
		note.setDate(new Date());
		note.addAuthor(new Reference("Practitioner/example"));
		note.setAuthenticator(new Reference("Practitioner/example"));
		note.addContent().setAttachment(new Attachment()
				.setContentType("text/plain")
				.setData("Patient seen for follow-up.".getBytes(StandardCharsets.UTF_8)));
		note.getContext().addEncounter(new Reference("Encounter/example"));
		return note;
	}
}

package dev.chartcheck.standards;

import static dev.chartcheck.standards.BehavioralRecords.CONSENT;
import static dev.chartcheck.standards.BehavioralRecords.CONSENT_END;
import static dev.chartcheck.standards.BehavioralRecords.PCP;
import static dev.chartcheck.standards.BehavioralRecords.PCP_ROLE;
import static dev.chartcheck.standards.BehavioralRecords.careTeam;
import static dev.chartcheck.standards.BehavioralRecords.loinc;
import static dev.chartcheck.standards.BehavioralRecords.recipient;
import static dev.chartcheck.standards.BehavioralRecords.refusal;
import static dev.chartcheck.standards.BehavioralRecords.releaseOfInformation;
import static dev.chartcheck.standards.Gaps.assertGap;
import static dev.chartcheck.standards.Gaps.onlyGap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.StandardResult;
import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.Test;

class ConsentRenewalTest {

	private static final String CODE = "consent-renewal";
	private static final Instant NOW = Records.NOW;

	private final ConsentRenewal standard = new ConsentRenewal();
	private final BehavioralRecords records = new BehavioralRecords();

	private StandardResult evaluate() {
		return standard.evaluate(records.snapshot(), Records.context());
	}

	/** The record's only ROI Consent is replaced by {@code consent}. */
	private StandardResult evaluateWith(Consent consent) {
		records.consents.clear();
		records.consents.add(consent);
		return evaluate();
	}

	private static Consent signedAt(Instant signed) {
		return releaseOfInformation(CONSENT, signed, signed.plus(Duration.ofDays(730)), PCP);
	}

	private Finding assertConsentGap(StandardResult result, GapStatus status, String phrase) {
		Finding gap = assertGap(onlyGap(result), CODE, CONSENT, status, "moderate",
				"The release-of-information consent needs renewal: ");
		assertThat(gap.detail()).contains(phrase);
		assertThat(gap.evidence()).containsExactly(CONSENT);
		assertThat(gap.expression()).isEqualTo("Consent");
		return gap;
	}

	// --- compliant and not examined ------------------------------------------------------------------

	@Test
	void anActiveRecentConsentNamingThePcpComplies() {
		StandardResult result = evaluate();

		assertThat(standard.code()).isEqualTo(CODE);
		assertThat(result.standard()).isEqualTo(CODE);
		assertThat(result.examined()).containsExactly(Records.PATIENT, CONSENT);
		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy()).containsOnly(entry(Records.PATIENT, CONSENT));
	}

	@Test
	void aPatientNotInBehavioralHealthCareIsNotExamined() {
		StandardResult result = standard.evaluate(new Records().snapshot(), Records.context());

		assertThat(result.examined()).isEmpty();
		assertThat(result.findings()).isEmpty();
	}

	@Test
	void theConsentMayNameThePcpThroughTheirPractitionerRole() {
		records.related.add(Records.role(PCP_ROLE, PCP, null));

		assertThat(evaluateWith(releaseOfInformation(CONSENT, BehavioralRecords.CONSENT_SIGNED, CONSENT_END, PCP_ROLE))
				.findings()).isEmpty();
	}

	@Test
	void theCategoryMayBePatientConsent() {
		records.consent.getCategory().clear();
		records.consent.addCategory(loinc("59284-0"));

		assertThat(evaluate().findings()).isEmpty();
	}

	// --- no ROI consent ------------------------------------------------------------------------------

	@Test
	void withoutAnyConsentThereIsOneOpenGapOnThePatient() {
		records.consents.clear();

		StandardResult result = evaluate();

		Finding gap = assertGap(onlyGap(result), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"No release-of-information consent is on record for this patient in behavioral-health care.");
		assertThat(gap.expression()).isEqualTo("Consent");
		assertThat(gap.evidence()).isEmpty();
		assertThat(gap.responsiblePractitioner()).as("the patient's GP").isEqualTo(PCP);
		assertThat(result.examined()).containsExactly(Records.PATIENT);
		assertThat(result.satisfiedBy()).isEmpty();
	}

	@Test
	void aConsentOfAnotherScopeOrCategoryIsNoReleaseOfInformation() {
		records.consent.setScope(new CodeableConcept(
				new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "treatment", null)));
		Consent advanceDirective = releaseOfInformation("Consent/ad", NOW.minus(Duration.ofDays(10)), null, PCP);
		advanceDirective.getCategory().clear();
		advanceDirective.addCategory(loinc("59235-2"));
		records.consents.add(advanceDirective);

		assertGap(onlyGap(evaluate()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"No release-of-information consent is on record");
	}

	@Test
	void aRefusalIsNoReleaseOfInformationConsent() {
		records.consents.clear();
		records.consents.add(refusal("Consent/refused", NOW.minus(Duration.ofDays(10)), PCP));

		StandardResult result = evaluate();

		assertGap(onlyGap(result), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"No release-of-information consent is on record");
		assertThat(result.examined()).containsExactly(Records.PATIENT);
	}

	@Test
	void anErroneousConsentIsNoReleaseOfInformation() {
		records.consent.setStatus(Consent.ConsentState.ENTEREDINERROR);

		assertGap(onlyGap(evaluate()), CODE, Records.PATIENT, GapStatus.OPEN, "moderate",
				"No release-of-information consent is on record");
	}

	// --- gaps on the current consent -----------------------------------------------------------------

	@Test
	void anExpiredConsentIsOpenAndIsItsOwnEvidence() {
		Finding gap = assertConsentGap(
				evaluateWith(releaseOfInformation(CONSENT, Instant.parse("2025-09-01T10:00:00Z"),
						Instant.parse("2026-05-01T00:00:00Z"), PCP)),
				GapStatus.OPEN, "it expired on 2026-05-01");
		assertThat(gap.responsiblePractitioner()).as("who obtained the consent").isEqualTo(Records.CLINICIAN);
		assertThat(gap.responsibleOrganization()).isEqualTo(Records.ORGANIZATION);
	}

	@Test
	void aConsentSignedMoreThanTwelveMonthsAgoIsStale() {
		StandardResult result = evaluateWith(signedAt(Instant.parse("2025-05-15T10:00:00Z")));

		assertConsentGap(result, GapStatus.OPEN,
				"it was signed on 2025-05-15, more than 12 months ago, and must be re-requested");
		assertThat(result.compliant()).containsExactly(Records.PATIENT);
	}

	@Test
	void aConsentSignedExactlyTwelveMonthsAgoIsDueNowSoOnlyProspective() {
		StandardResult result = evaluateWith(signedAt(Instant.parse("2025-06-01T12:00:00Z")));

		assertConsentGap(result, GapStatus.PROSPECTIVE, "it is due to be re-requested on 2026-06-01");
		assertThat(result.compliant()).containsExactly(Records.PATIENT, CONSENT);
	}

	@Test
	void aConsentSignedTwelveMonthsAndASecondAgoIsStale() {
		assertConsentGap(evaluateWith(signedAt(Instant.parse("2025-06-01T11:59:59Z"))), GapStatus.OPEN,
				"more than 12 months ago");
	}

	@Test
	void aConsentWithoutDateOfSignatureIsOpen() {
		Consent undated = releaseOfInformation(CONSENT, null, CONSENT_END, PCP);

		assertConsentGap(evaluateWith(undated), GapStatus.OPEN,
				"it has no date of signature, so its renewal cannot be tracked");
	}

	@Test
	void anInactiveConsentIsOpen() {
		records.consent.setStatus(Consent.ConsentState.INACTIVE);

		assertConsentGap(evaluate(), GapStatus.OPEN, "it is no longer active (status inactive)");
	}

	@Test
	void aConsentWithoutStatusIsAnOpenGapNotACrash() {
		records.consent.setStatus(null);

		assertConsentGap(evaluate(), GapStatus.OPEN, "it is no longer active");
	}

	@Test
	void aConsentExpiringWithinTheLookAheadIsProspective() {
		assertConsentGap(
				evaluateWith(releaseOfInformation(CONSENT, Instant.parse("2025-12-01T10:00:00Z"),
						Instant.parse("2026-06-20T00:00:00Z"), PCP)),
				GapStatus.PROSPECTIVE, "it expires on 2026-06-20");
	}

	@Test
	void theLookAheadEndsExactlyThirtyDaysFromNow() {
		Instant signed = Instant.parse("2025-12-01T10:00:00Z");

		assertConsentGap(evaluateWith(releaseOfInformation(CONSENT, signed, NOW.plus(Duration.ofDays(30)), PCP)),
				GapStatus.PROSPECTIVE, "it expires on 2026-07-01");
		assertThat(evaluateWith(releaseOfInformation(CONSENT, signed, NOW.plus(Duration.ofDays(30)).plusSeconds(1), PCP))
				.findings()).isEmpty();
	}

	@Test
	void aRenewalDueWithinTheLookAheadIsProspective() {
		assertConsentGap(evaluateWith(signedAt(Instant.parse("2025-06-20T10:00:00Z"))), GapStatus.PROSPECTIVE,
				"it is due to be re-requested on 2026-06-20");
	}

	@Test
	void aConsentThatDoesNotNameThePcpIsOpen() {
		StandardResult result = evaluateWith(
				releaseOfInformation(CONSENT, BehavioralRecords.CONSENT_SIGNED, CONSENT_END, Records.CLINICIAN));

		assertConsentGap(result, GapStatus.OPEN, "it does not name the primary care physician as a recipient");
	}

	@Test
	void thePcpMustBeNamedAsInformationRecipient() {
		Consent consent = releaseOfInformation(CONSENT, BehavioralRecords.CONSENT_SIGNED, CONSENT_END);
		recipient(consent, PCP, "PRCP"); // primary information recipient is not the IRCP role docs/STANDARDS.md requires

		assertConsentGap(evaluateWith(consent), GapStatus.OPEN, "does not name the primary care physician");
	}

	@Test
	void aPcpNamedOnlyByCareTeamMustBeARecipientToo() {
		records.withoutGeneralPractitioner();
		records.careTeams.add(careTeam("CareTeam/t1", "Practitioner/team-pcp", "446050000"));

		assertConsentGap(evaluate(), GapStatus.OPEN, "does not name the primary care physician");
	}

	@Test
	void withoutPcpNoRecipientIsRequired() {
		records.withoutGeneralPractitioner();

		assertThat(evaluateWith(releaseOfInformation(CONSENT, BehavioralRecords.CONSENT_SIGNED, CONSENT_END))
				.findings()).isEmpty();
	}

	@Test
	void afterARefusalThePcpNeedNotBeARecipient() {
		records.consents.clear();
		records.consents.add(releaseOfInformation(CONSENT, BehavioralRecords.CONSENT_SIGNED, CONSENT_END, Records.CLINICIAN));
		records.consents.add(refusal("Consent/refused", BehavioralRecords.CONSENT_SIGNED, PCP));

		StandardResult result = evaluate();

		assertThat(result.findings()).isEmpty();
		assertThat(result.examined()).as("the refusal is not examined as an ROI consent")
				.containsExactly(Records.PATIENT, CONSENT);
	}

	@Test
	void everyProblemIsListedAndAnyOpenOneMakesTheGapOpen() {
		Consent consent = releaseOfInformation(CONSENT, Instant.parse("2025-05-15T10:00:00Z"),
				Instant.parse("2026-06-20T00:00:00Z"), Records.CLINICIAN);

		Finding gap = assertConsentGap(evaluateWith(consent), GapStatus.OPEN, "more than 12 months ago");
		assertThat(gap.detail())
				.contains("it expires on 2026-06-20")
				.contains("does not name the primary care physician");
	}

	// --- renewal -------------------------------------------------------------------------------------

	@Test
	void anOlderConsentSupersededByANewerActiveOneCompliesAndNamesIt() {
		Consent old = releaseOfInformation("Consent/old", Instant.parse("2024-03-01T10:00:00Z"),
				Instant.parse("2025-03-01T00:00:00Z"), PCP);
		old.setStatus(Consent.ConsentState.INACTIVE);
		records.consents.add(0, old);

		StandardResult result = evaluate();

		assertThat(result.examined()).containsExactlyInAnyOrder(Records.PATIENT, "Consent/old", CONSENT);
		assertThat(result.findings()).isEmpty();
		assertThat(result.compliant()).contains("Consent/old");
		assertThat(result.satisfiedBy()).containsEntry("Consent/old", CONSENT).containsEntry(Records.PATIENT, CONSENT);
	}

	@Test
	void theCurrentConsentIsTheLatestActiveOneByDateOfSignature() {
		// a newer consent that was rejected does not replace the active one
		Consent rejected = releaseOfInformation("Consent/rejected", NOW.minus(Duration.ofDays(5)), null, PCP);
		rejected.setStatus(Consent.ConsentState.REJECTED);
		records.consents.add(rejected);

		StandardResult result = evaluate();

		assertThat(result.findings()).isEmpty();
		assertThat(result.satisfiedBy()).containsEntry(Records.PATIENT, CONSENT);
	}

	@Test
	void withoutAnActiveConsentTheLatestSignedIsCurrentAndCarriesTheGap() {
		Consent older = releaseOfInformation("Consent/older", Instant.parse("2024-03-01T10:00:00Z"),
				Instant.parse("2025-03-01T00:00:00Z"), PCP);
		older.setStatus(Consent.ConsentState.INACTIVE);
		records.consent.setStatus(Consent.ConsentState.INACTIVE);
		records.consents.add(older);

		StandardResult result = evaluate();

		assertConsentGap(result, GapStatus.OPEN, "it is no longer active (status inactive)");
	}

	@Test
	void aNewerConsentNotNamingThePcpIsCurrentAndOpen() {
		Consent renewed = releaseOfInformation("Consent/renewed", NOW.minus(Duration.ofDays(5)), null, Records.CLINICIAN);
		records.consents.add(renewed);

		StandardResult result = evaluate();

		Finding gap = assertGap(onlyGap(result), CODE, "Consent/renewed", GapStatus.OPEN, "moderate",
				"it does not name the primary care physician as a recipient");
		assertThat(gap.evidence()).containsExactly("Consent/renewed");
		assertThat(result.satisfiedBy()).containsEntry(CONSENT, "Consent/renewed");
	}
}

package dev.chartcheck.engine;

import static dev.chartcheck.standards.BehavioralRecords.EVALUATION;
import static dev.chartcheck.standards.BehavioralRecords.EVALUATION_START;
import static dev.chartcheck.standards.BehavioralRecords.FOLLOW_UP;
import static dev.chartcheck.standards.BehavioralRecords.FOLLOW_UP_START;
import static dev.chartcheck.standards.BehavioralRecords.LETTER;
import static dev.chartcheck.standards.BehavioralRecords.LETTER_SENT;
import static dev.chartcheck.standards.BehavioralRecords.PCP;
import static dev.chartcheck.standards.BehavioralRecords.PCP_ROLE;
import static dev.chartcheck.standards.BehavioralRecords.behavioralEncounter;
import static dev.chartcheck.standards.BehavioralRecords.careTeam;
import static dev.chartcheck.standards.BehavioralRecords.communication;
import static dev.chartcheck.standards.BehavioralRecords.cpt;
import static dev.chartcheck.standards.BehavioralRecords.referralNote;
import static dev.chartcheck.standards.BehavioralRecords.refusal;
import static dev.chartcheck.standards.BehavioralRecords.snomed;
import static dev.chartcheck.standards.BehavioralRecords.typedNote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.engine.BehavioralHealthCare.Contact;
import dev.chartcheck.engine.BehavioralHealthCare.Episode;
import dev.chartcheck.standards.BehavioralRecords;
import dev.chartcheck.standards.Records;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class BehavioralHealthCareTest {

	private static final Duration GAP = Duration.ofDays(180);

	private final BehavioralRecords records = new BehavioralRecords();

	private BehavioralHealthCare care() {
		return BehavioralHealthCare.of(records.snapshot(), Records.context());
	}

	private static List<String> ids(Episode episode) {
		return episode.encounters().stream().map(RecordSnapshot::idOf).toList();
	}

	// --- being in care -------------------------------------------------------------------------------

	@Test
	void aRecordWithoutBehavioralHealthEncountersIsNotInCare() {
		BehavioralHealthCare care = BehavioralHealthCare.of(new Records().snapshot(), Records.context());

		assertThat(care.inCare()).isFalse();
		assertThat(care.episodes()).isEmpty();
		assertThat(care.isBehavioralHealth(new Records().encounter)).isFalse();
	}

	@Test
	void anEncounterTypedWithACptPsychiatricCodeIsBehavioralHealthCare() {
		BehavioralHealthCare care = care();

		assertThat(care.inCare()).isTrue();
		assertThat(care.isBehavioralHealth(records.evaluation)).isTrue();
		assertThat(care.isBehavioralHealth(records.base.encounter)).isFalse();
	}

	@Test
	void aServiceTypeOrTheChartcheckCareSettingCodeAlsoMakesAnEncounterBehavioralHealth() {
		Encounter byServiceType = Records.finishedEncounter("Encounter/s1", EVALUATION_START, null);
		byServiceType.setServiceType(snomed("75516001"));
		Encounter byCareSetting = Records.finishedEncounter("Encounter/s2", EVALUATION_START, null);
		byCareSetting.addType(new CodeableConcept(
				new Coding("https://chartcheck.dev/fhir/CodeSystem/care-setting", "behavioral-health", null)));
		Encounter wrongSystem = Records.finishedEncounter("Encounter/s3", EVALUATION_START, null);
		wrongSystem.addType(snomed("90791"));
		BehavioralHealthCare care = care();

		assertThat(care.isBehavioralHealth(byServiceType)).isTrue();
		assertThat(care.isBehavioralHealth(byCareSetting)).isTrue();
		assertThat(care.isBehavioralHealth(wrongSystem)).as("CPT code under the SNOMED system").isFalse();
	}

	@Test
	void plannedAndCancelledBehavioralHealthEncountersDoNotPutThePatientInCare() {
		records.encounters.clear();
		records.notes.clear();
		records.encounters.add(BehavioralRecords.planned(behavioralEncounter("Encounter/p", EVALUATION_START, cpt("90791"))));
		Encounter cancelled = behavioralEncounter("Encounter/c", EVALUATION_START, cpt("90834"));
		cancelled.setStatus(EncounterStatus.CANCELLED);
		records.encounters.add(cancelled);
		Encounter inError = behavioralEncounter("Encounter/x", EVALUATION_START, cpt("90834"));
		inError.setStatus(EncounterStatus.ENTEREDINERROR);
		records.encounters.add(inError);

		BehavioralHealthCare care = care();

		assertThat(care.inCare()).isFalse();
		assertThat(care.isBehavioralHealth(cancelled)).isFalse();
	}

	@Test
	void substanceUseEncountersAreRecognisedByTypeOrServiceType() {
		Encounter detox = behavioralEncounter("Encounter/su1", EVALUATION_START, snomed("20093000"));
		Encounter counseling = Records.finishedEncounter("Encounter/su2", EVALUATION_START, null);
		counseling.setServiceType(snomed("313071005"));
		BehavioralHealthCare care = care();

		assertThat(care.isSubstanceUse(detox)).isTrue();
		assertThat(care.isSubstanceUse(counseling)).isTrue();
		assertThat(care.isBehavioralHealth(detox)).isTrue();
		assertThat(care.isSubstanceUse(records.evaluation)).as("psychiatric evaluation").isFalse();
	}

	// --- episodes ------------------------------------------------------------------------------------

	@Test
	void encountersWithinTheGapFormOneEpisodeStartingAtTheInitialEvaluation() {
		BehavioralHealthCare care = care();

		assertThat(care.episodes()).hasSize(1);
		Episode episode = care.episodes().get(0);
		assertThat(ids(episode)).containsExactly(EVALUATION, FOLLOW_UP);
		assertThat(RecordSnapshot.idOf(episode.initialEvaluation())).isEqualTo(EVALUATION);
		assertThat(episode.start()).isEqualTo(EVALUATION_START);
		assertThat(episode.end()).as("180 days after the last encounter ended")
				.isEqualTo(records.followUp.getPeriod().getEnd().toInstant().plus(GAP));
		assertThat(care.episodeOf(records.followUp)).contains(episode);
		assertThat(care.episodeOf(records.base.encounter)).isEmpty();
	}

	@Test
	void episodesAreOrderedByStartWhateverTheOrderOfTheRecord() {
		records.encounters.clear();
		records.encounters.add(records.followUp);
		records.encounters.add(records.evaluation);

		assertThat(ids(care().episodes().get(0))).containsExactly(EVALUATION, FOLLOW_UP);
	}

	@Test
	void anEncounterStartingExactlyTheGapAfterThePreviousEndedStaysInTheEpisode() {
		Instant end = records.followUp.getPeriod().getEnd().toInstant();
		records.encounters.add(behavioralEncounter("Encounter/bh3", end.plus(GAP), cpt("90834")));

		assertThat(care().episodes()).hasSize(1);
	}

	@Test
	void anEncounterStartingMoreThanTheGapAfterThePreviousEndedBeginsANewEpisode() {
		Instant end = records.followUp.getPeriod().getEnd().toInstant();
		Instant restart = end.plus(GAP).plusSeconds(1);
		records.encounters.add(behavioralEncounter("Encounter/bh3", restart, cpt("90834")));
		records.encounters.add(behavioralEncounter("Encounter/bh4", restart.plus(Duration.ofDays(7)), cpt("90834")));

		List<Episode> episodes = care().episodes();

		assertThat(episodes).hasSize(2);
		assertThat(ids(episodes.get(0))).containsExactly(EVALUATION, FOLLOW_UP);
		assertThat(ids(episodes.get(1))).containsExactly("Encounter/bh3", "Encounter/bh4");
		assertThat(RecordSnapshot.idOf(episodes.get(1).initialEvaluation())).isEqualTo("Encounter/bh3");
	}

	@Test
	void theGapRunsFromTheEndOfALongStayNotFromItsStart() {
		records.encounters.clear();
		Instant admitted = Instant.parse("2025-01-01T08:00:00Z");
		Instant dischargedAt = Instant.parse("2025-03-01T08:00:00Z");
		records.encounters.add(behavioralEncounter("Encounter/stay", admitted, dischargedAt, snomed("75516001")));
		// 200 days after admission, but only 141 days after discharge
		records.encounters.add(behavioralEncounter("Encounter/after", admitted.plus(Duration.ofDays(200)), cpt("90834")));

		assertThat(care().episodes()).hasSize(1);
	}

	@Test
	void anEncounterWithoutEndCountsFromItsStart() {
		records.encounters.clear();
		Instant first = Instant.parse("2025-01-01T08:00:00Z");
		records.encounters.add(behavioralEncounter("Encounter/a", first, null, cpt("90791")));
		records.encounters.add(behavioralEncounter("Encounter/b", first.plus(GAP).plusSeconds(1), cpt("90834")));

		assertThat(care().episodes()).hasSize(2);
	}

	@Test
	void encountersOutsideTheAuditScopeStillFormEpisodes() {
		records.encounters.remove(records.evaluation);
		records.related.add(records.evaluation);

		BehavioralHealthCare care = care();

		assertThat(care.episodes()).hasSize(1);
		assertThat(RecordSnapshot.idOf(care.episodes().get(0).initialEvaluation())).isEqualTo(EVALUATION);
	}

	@Test
	void anEpisodeContainsTheInstantsFromItsStartUntilBeforeItsEnd() {
		Episode episode = care().episodes().get(0);

		assertThat(episode.contains(EVALUATION_START)).isTrue();
		assertThat(episode.contains(EVALUATION_START.minusSeconds(1))).isFalse();
		assertThat(episode.contains(episode.end().minusSeconds(1))).isTrue();
		assertThat(episode.contains(episode.end())).isFalse();
		assertThat(care().episodeAt(EVALUATION_START.minusSeconds(1))).isEmpty();
	}

	// --- primary care physician ----------------------------------------------------------------------

	@Test
	void thePcpIsThePatientsGeneralPractitioner() {
		BehavioralHealthCare care = care();

		assertThat(care.hasPrimaryCare()).isTrue();
		assertThat(care.primaryCare()).containsExactly(PCP);
		assertThat(care.isPrimaryCare(new Reference(PCP))).isTrue();
		assertThat(care.isPrimaryCare(new Reference(Records.CLINICIAN))).isFalse();
		assertThat(care.isPrimaryCare(new Reference())).isFalse();
	}

	@Test
	void withoutGeneralPractitionerOrCareTeamThereIsNoPcp() {
		records.withoutGeneralPractitioner();

		assertThat(care().hasPrimaryCare()).isFalse();
		assertThat(care().primaryCare()).isEmpty();
	}

	@Test
	void aCareTeamMemberInThePrimaryCarePhysicianRoleIsThePcp() {
		records.withoutGeneralPractitioner();
		records.careTeams.add(careTeam("CareTeam/t1", PCP, "446050000"));

		assertThat(care().primaryCare()).containsExactly(PCP);
	}

	@Test
	void careTeamMembersInOtherRolesOrInactiveOrErroneousTeamsAreNotThePcp() {
		records.withoutGeneralPractitioner();
		records.careTeams.add(careTeam("CareTeam/t1", "Practitioner/psych", "80584001")); // psychiatrist
		CareTeam inactive = careTeam("CareTeam/t2", PCP, "446050000");
		inactive.setStatus(CareTeam.CareTeamStatus.INACTIVE);
		CareTeam inError = careTeam("CareTeam/t3", PCP, "446050000");
		inError.setStatus(CareTeam.CareTeamStatus.ENTEREDINERROR);
		records.careTeams.add(inactive);
		records.careTeams.add(inError);

		assertThat(care().hasPrimaryCare()).isFalse();
	}

	@Test
	void aPcpNamedByPractitionerRoleAlsoStandsForItsPractitioner() {
		records.base.patient.getGeneralPractitioner().clear();
		records.base.patient.addGeneralPractitioner(new Reference(PCP_ROLE));
		records.related.add(Records.role(PCP_ROLE, PCP, null));

		BehavioralHealthCare care = care();

		assertThat(care.primaryCare()).containsExactlyInAnyOrder(PCP_ROLE, PCP);
		assertThat(care.isPrimaryCare(new Reference(PCP))).isTrue();
	}

	@Test
	void aPcpNamedByPractitionerAlsoStandsForItsRoles() {
		records.related.add(Records.role(PCP_ROLE, PCP, null));
		records.related.add(Records.role("PractitionerRole/other", Records.CLINICIAN, null));

		BehavioralHealthCare care = care();

		assertThat(care.primaryCare()).containsExactlyInAnyOrder(PCP, PCP_ROLE);
		assertThat(care.isPrimaryCare(new Reference(PCP_ROLE))).isTrue();
		assertThat(care.isPrimaryCare(new Reference("PractitionerRole/other"))).isFalse();
	}

	// --- refusal -------------------------------------------------------------------------------------

	@Test
	void anActiveConsentDenyingThePcpIsARefusal() {
		Consent refusal = refusal("Consent/no", LETTER_SENT, PCP);
		records.consents.add(refusal);

		assertThat(care().refusal()).containsSame(refusal);
	}

	@Test
	void aDenyNestedInAPermitIsARefusalToo() {
		Consent consent = BehavioralRecords.releaseOfInformation("Consent/mixed", LETTER_SENT, null, Records.CLINICIAN);
		consent.getProvision().addProvision()
				.setType(Consent.ConsentProvisionType.DENY)
				.addActor().setReference(new Reference(PCP));
		records.consents.add(consent);

		assertThat(care().refusal()).containsSame(consent);
	}

	@Test
	void inactiveRefusalsDenialsOfOthersAndPermitsAreNotRefusals() {
		Consent revoked = refusal("Consent/revoked", LETTER_SENT, PCP);
		revoked.setStatus(Consent.ConsentState.INACTIVE);
		records.consents.add(revoked);
		records.consents.add(refusal("Consent/other", LETTER_SENT, "Practitioner/someone-else"));

		assertThat(care().refusal()).isEmpty();
	}

	// --- contacts with the PCP -----------------------------------------------------------------------

	@Test
	void aCommunicationToThePcpIsAContactAtItsSentTime() {
		assertThat(care().contactsWithPrimaryCare()).containsExactly(new Contact(LETTER, LETTER_SENT));
	}

	@Test
	void withoutSentTheReceivedTimeDatesTheCommunication() {
		records.letter.setSent(null);
		Instant received = LETTER_SENT.plus(Duration.ofHours(2));
		records.letter.setReceived(Records.at(received));

		assertThat(care().contactsWithPrimaryCare()).containsExactly(new Contact(LETTER, received));
	}

	@Test
	void communicationsNotDoneInErrorUndatedOrToOthersAreNotContacts() {
		records.letter.setStatus(Communication.CommunicationStatus.NOTDONE);
		Communication inError = communication("Communication/c2", PCP, LETTER_SENT);
		inError.setStatus(Communication.CommunicationStatus.ENTEREDINERROR);
		records.communications.add(inError);
		records.communications.add(communication("Communication/c3", PCP, null));
		records.communications.add(communication("Communication/c4", "Practitioner/someone-else", LETTER_SENT));

		assertThat(care().contactsWithPrimaryCare()).isEmpty();
	}

	@Test
	void aCommunicationToThePcpsPractitionerRoleIsAContact() {
		records.related.add(Records.role(PCP_ROLE, PCP, null));
		records.letter.getRecipient().clear();
		records.letter.addRecipient(new Reference(PCP_ROLE));

		assertThat(care().contactsWithPrimaryCare()).extracting(Contact::resourceId).containsExactly(LETTER);
	}

	@Test
	void aCommunicationToAnInlinePractitionerRoleOfThePcpIsAContact() {
		// the role is not loaded in the snapshot: only the reference's inline resource says whose role it is
		records.letter.getRecipient().clear();
		records.letter.addRecipient(new Reference(Records.role("PractitionerRole/unloaded", PCP, null)));

		assertThat(care().contactsWithPrimaryCare()).extracting(Contact::resourceId).containsExactly(LETTER);
	}

	@Test
	void referralAndConsultNotesAddressedToThePcpAreContactsDatedByTheirDate() {
		records.communications.clear();
		Instant referred = LETTER_SENT.plus(Duration.ofDays(1));
		Instant consulted = LETTER_SENT;
		records.notes.add(referralNote("DocumentReference/ref", referred, EVALUATION, PCP));
		records.related.add(withRelated(typedNote("DocumentReference/cons", consulted, null, "11488-4"), PCP));

		assertThat(care().contactsWithPrimaryCare()).containsExactly(
				new Contact("DocumentReference/cons", consulted),
				new Contact("DocumentReference/ref", referred));
	}

	@Test
	void otherNotesOrNotesAddressedToOthersOrUndatedAreNotContacts() {
		records.communications.clear();
		records.notes.add(withRelated(typedNote("DocumentReference/prog", LETTER_SENT, EVALUATION, "11506-3"), PCP));
		records.notes.add(referralNote("DocumentReference/other", LETTER_SENT, EVALUATION, "Practitioner/someone-else"));
		records.notes.add(referralNote("DocumentReference/undated", null, EVALUATION, PCP));

		assertThat(care().contactsWithPrimaryCare()).isEmpty();
	}

	private static org.hl7.fhir.r4.model.DocumentReference withRelated(
			org.hl7.fhir.r4.model.DocumentReference note, String reference) {
		note.getContext().addRelated(new Reference(reference));
		return note;
	}
}

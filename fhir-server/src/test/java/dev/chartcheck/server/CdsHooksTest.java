package dev.chartcheck.server;

import static dev.chartcheck.server.CdsFixtures.GAP_DUE_DATE;
import static dev.chartcheck.server.CdsFixtures.byField;
import static dev.chartcheck.server.CdsFixtures.card;
import static dev.chartcheck.server.CdsFixtures.draft;
import static dev.chartcheck.server.CdsFixtures.gap;
import static dev.chartcheck.server.CdsFixtures.overridden;
import static dev.chartcheck.server.CdsFixtures.searchset;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * CDS Hooks over HTTP, as an EHR calls them at {@code /cds-services}: discovery, cards at chart open and at
 * discharge, prefetch, feedback recorded on the gap, and errors a client can act on.
 */
class CdsHooksTest extends ServerTestBase {

	static final String PATIENT_VIEW = "chartcheck-patient-view";
	static final String DISCHARGE = "chartcheck-encounter-discharge";
	static final String CARD_FEEDBACK = "https://chartcheck.dev/fhir/StructureDefinition/card-feedback";
	/** A record with an open coordination-of-care gap (Encounter/…-enc1) and an expired consent (Consent/…-consent1). */
	static final String COORDINATION_AND_CONSENT = "closure-consent-and-pcp";

	@Test
	void discoveryListsBothServicesWithTheirHooksAndPrefetchTemplates() {
		HttpResponse<String> response = cds().get("");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode services = CdsHooksClient.json(response.body()).get("services");

		JsonNode patientView = byField(services, "id", PATIENT_VIEW);
		assertThat(patientView.get("hook").asText()).isEqualTo("patient-view");
		assertThat(patientView.get("description").asText()).contains("documentation gap");
		assertThat(patientView.get("prefetch").get("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
		assertThat(patientView.get("prefetch").get("gaps").asText())
				.isEqualTo("DetectedIssue?patient={{context.patientId}}&gap-status=open-gap,prospective-gap");
		assertThat(patientView.get("prefetch").get("careTeams").asText()).isEqualTo("CareTeam?patient={{context.patientId}}");

		JsonNode discharge = byField(services, "id", DISCHARGE);
		assertThat(discharge.get("hook").asText()).isEqualTo("encounter-discharge");
		assertThat(discharge.get("prefetch").get("encounter").asText()).isEqualTo("Encounter/{{context.encounterId}}");
	}

	@Test
	void patientViewShowsACardPerGapInPlayWithTheDraftThatFixesIt() {
		loadScenario(COORDINATION_AND_CONSENT + ".bundle.json", "clos-", "cdspv-");
		audit("Patient/cdspv-pat", "");
		DetectedIssue coordination = stored("Patient/cdspv-pat", "coordination-of-care");
		DetectedIssue consent = stored("Patient/cdspv-pat", "consent-renewal");
		// an old coordination gap: its due date passed a month ago
		coordination.getExtensionByUrl(GAP_DUE_DATE).setValue(new DateType("2026-05-01"));
		storeAsServer(coordination);
		// the gaps prefetch template is a search this server answers
		assertThat(searchIds("/DetectedIssue?patient=cdspv-pat&gap-status=open-gap,prospective-gap"))
				.containsExactlyInAnyOrder(id(coordination), id(consent));

		JsonNode cards = cards(cds().call(PATIENT_VIEW, "patient-view", Map.of("patientId", "cdspv-pat"), Map.of()));
		assertThat(cards).hasSize(2);
		JsonNode overdue = cards.get(0);
		assertThat(overdue.get("indicator").asText()).isEqualTo("critical");
		assertThat(overdue.get("source").get("label").asText()).isEqualTo("Chartcheck: coordination-of-care");
		assertThat(overdue.get("summary").asText()).startsWith("Overdue: Coordination of care: ").hasSizeLessThan(140);
		assertThat(overdue.get("detail").asText())
				.contains("**Coordination of care** (`coordination-of-care`)", "Due date: 2026-05-01", "**overdue**",
						"`Encounter/cdspv-enc1`", "DetectedIssue/" + id(coordination));
		assertThat(overdue.get("selectionBehavior").asText()).isEqualTo("at-most-one");
		Communication message = draft(overdue, Communication.class);
		assertThat(message.getStatus()).isEqualTo(Communication.CommunicationStatus.PREPARATION);
		assertThat(message.getRecipientFirstRep().getReference()).isEqualTo("Practitioner/cdspv-pcp");
		assertThat(message.getSubject().getReference()).isEqualTo("Patient/cdspv-pat");
		assertThat(message.getEncounter().getReference()).isEqualTo("Encounter/cdspv-enc1");
		assertThat(message.getAbout()).extracting(Reference::getReference).contains("DetectedIssue/" + id(coordination));
		assertThat(message.hasSent()).isFalse();

		JsonNode renewal = cards.get(1);
		assertThat(renewal.get("indicator").asText()).isEqualTo("warning");
		assertThat(renewal.get("source").get("label").asText()).isEqualTo("Chartcheck: consent-renewal");
		assertThat(renewal.get("summary").asText()).startsWith("Consent renewal: The release-of-information consent").hasSizeLessThan(140);
		assertThat(renewal.get("detail").asText()).contains("(`consent-renewal`)", "Due date: 2026-08-30", "`Consent/cdspv-consent1`");
		Task task = draft(renewal, Task.class);
		assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.DRAFT);
		assertThat(task.getFocus().getReference()).isEqualTo("Consent/cdspv-consent1");
		assertThat(task.getFor().getReference()).isEqualTo("Patient/cdspv-pat");
		assertThat(task.getRestriction().getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-08-30");
		assertThat(task.getDescription()).contains("Practitioner/cdspv-pcp");

		// the same gap keeps its card from one call to the next
		JsonNode again = cards(cds().call(PATIENT_VIEW, "patient-view", Map.of("patientId", "cdspv-pat"), Map.of()));
		assertThat(again.get(0).get("uuid").asText()).isEqualTo(overdue.get("uuid").asText());
		assertThat(UUID.fromString(overdue.get("uuid").asText())).isNotEqualTo(UUID.fromString(renewal.get("uuid").asText()));

		// the consent renewed and the PCP informed: both gaps close, and closed gaps get no card
		loadScenario(COORDINATION_AND_CONSENT + ".step2.bundle.json", "clos-", "cdspv-");
		audit("Patient/cdspv-pat", "");
		assertThat(cards(cds().call(PATIENT_VIEW, "patient-view", Map.of("patientId", "cdspv-pat"), Map.of()))).isEmpty();
	}

	@Test
	void patientViewAnswersFromThePrefetchAlone() {
		// nothing of this patient is on the server: whatever the cards say comes from the prefetch
		Patient patient = new Patient();
		patient.setId("cdspf-pat");
		patient.addName().setFamily("Okonkwo").addGiven("Ife");
		CareTeam team = new CareTeam();
		team.setId("cdspf-team");
		team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
		team.setSubject(new Reference("Patient/cdspf-pat"));
		team.addParticipant()
				.addRole(new CodeableConcept(new Coding("http://snomed.info/sct", "446050000", "Primary care physician")))
				.setMember(new Reference("Practitioner/cdspf-teampcp"));
		Bundle gaps = searchset(
				gap("987654", "cdspf-pat", "coordination-of-care", "open-gap", "Encounter/cdspf-enc1", "2026-05-15"),
				gap(null, "cdspf-pat", "consent-renewal", "prospective-gap", "Consent/cdspf-consent1", null),
				gap("987655", "cdspf-pat", "contact-documented", "closed-gap", "Encounter/cdspf-enc2", "2026-04-01"),
				gap("987656", "cdspf-other", "dated", "open-gap", "DocumentReference/cdspf-doc9", "2026-07-01"));
		Map<String, IBaseResource> prefetch = Map.of("patient", patient, "gaps", gaps, "careTeams", searchset(team));

		JsonNode cards = cards(cds().call(PATIENT_VIEW, "patient-view", Map.of("patientId", "cdspf-pat"), prefetch));
		assertThat(cards).hasSize(2);
		JsonNode overdue = cards.get(0);
		assertThat(overdue.get("indicator").asText()).isEqualTo("critical");
		// the card of DetectedIssue/987654 (0xf1206) under Chartcheck's uuid marker
		assertThat(overdue.get("uuid").asText()).isEqualTo("63686b67-6170-8000-8000-0000000f1206");
		assertThat(overdue.get("detail").asText()).contains("Due date: 2026-05-15", "`Encounter/cdspf-enc1`");
		// the PCP named by the prefetched CareTeam receives the draft
		assertThat(draft(overdue, Communication.class).getRecipientFirstRep().getReference()).isEqualTo("Practitioner/cdspf-teampcp");

		JsonNode prospective = cards.get(1);
		assertThat(prospective.get("indicator").asText()).isEqualTo("info");
		assertThat(prospective.get("summary").asText()).startsWith("Due soon: Consent renewal: ");
		assertThat(prospective.get("detail").asText()).contains("prospective gap", "Due date: none yet");
		assertThat(draft(prospective, Task.class).getRestriction().getPeriod().hasEnd()).isFalse();

		// a card about a gap this server does not hold takes no feedback
		assertError(cds().post("/" + PATIENT_VIEW + "/feedback", overridden(overdue.get("uuid").asText())), 404, "No gap on record");
	}

	@Test
	void encounterDischargeShowsWhatTheEncounterLeavesUndocumentedAndStoresNothing() {
		loadScenario("contact-undocumented-encounter.bundle.json", "cont-undoc-", "cdsdc-");
		// the write-time checks recorded the gap as the record was written; the service itself stores nothing
		List<String> storedBefore = storedIssues("Patient/cdsdc-pat").stream()
				.map(i -> i.getIdElement().toUnqualified().getValue())
				.sorted()
				.toList();
		assertThat(storedBefore).hasSize(1);

		JsonNode cards = cards(discharge("cdsdc-pat", "cdsdc-enc2", Map.of()));
		assertThat(cards).hasSize(1);
		JsonNode noNote = cards.get(0);
		assertThat(noNote.get("source").get("label").asText()).isEqualTo("Chartcheck: contact-documented");
		assertThat(noNote.get("indicator").asText()).isEqualTo("warning");
		assertThat(noNote.get("summary").asText()).isEqualTo("Contacts documented: This encounter has no note documenting it.");
		assertThat(noNote.get("detail").asText()).contains("(`contact-documented`)", "Due date: 2026-08-30",
				"Recorded as: `" + storedBefore.get(0).replaceAll("/_history/.*", "") + "`");
		assertThat(noNote.has("suggestions")).isFalse();
		// the documented encounter leaves nothing open, and the checks stored nothing new
		assertThat(cards(discharge("cdsdc-pat", "cdsdc-enc1", Map.of()))).isEmpty();
		assertThat(storedIssues("Patient/cdsdc-pat").stream()
				.map(i -> i.getIdElement().toUnqualified().getValue())
				.sorted()
				.toList()).isEqualTo(storedBefore);

		// the encounter the EHR is ending right now, not yet on the server: its note is due within the window
		Encounter ending = new Encounter();
		ending.setId("cdsdc-enc9");
		ending.setStatus(Encounter.EncounterStatus.FINISHED);
		ending.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
		ending.setSubject(new Reference("Patient/cdsdc-pat"));
		ending.setPeriod(new Period()
				.setStart(new InstantType("2026-06-01T10:00:00Z").getValue())
				.setEnd(new InstantType("2026-06-01T11:00:00Z").getValue()));
		JsonNode now = cards(discharge("cdsdc-pat", "cdsdc-enc9", Map.of("encounter", ending)));
		assertThat(now).hasSize(1);
		assertThat(now.get(0).get("indicator").asText()).isEqualTo("info");
		assertThat(now.get(0).get("summary").asText()).startsWith("Due soon: Contacts documented: ");
		assertThat(now.get(0).get("detail").asText()).contains("`Encounter/cdsdc-enc9`", "prospective gap");
	}

	@Test
	void encounterDischargeShowsTheMissingMessageToThePcpAfterAnInitialEvaluation() {
		loadScenario(COORDINATION_AND_CONSENT + ".bundle.json", "clos-", "cdsdx-");
		JsonNode cards = cards(discharge("cdsdx-pat", "cdsdx-enc1", Map.of()));
		assertThat(cards).hasSize(1);
		JsonNode card = cards.get(0);
		assertThat(card.get("source").get("label").asText()).isEqualTo("Chartcheck: coordination-of-care");
		assertThat(card.get("indicator").asText()).isEqualTo("warning");
		assertThat(card.get("detail").asText()).contains("`Encounter/cdsdx-enc1`", "Due date: 2026-08-30");
		Communication message = draft(card, Communication.class);
		assertThat(message.getRecipientFirstRep().getReference()).isEqualTo("Practitioner/cdsdx-pcp");
		assertThat(message.getEncounter().getReference()).isEqualTo("Encounter/cdsdx-enc1");
		// a follow-up visit leaves nothing open
		assertThat(cards(discharge("cdsdx-pat", "cdsdx-enc2", Map.of()))).isEmpty();

		// once an audit records the gap, both services show it under the same card
		audit("Patient/cdsdx-pat", "");
		String recorded = card(cards(cds().call(PATIENT_VIEW, "patient-view", Map.of("patientId", "cdsdx-pat"), Map.of())),
				"coordination-of-care").get("uuid").asText();
		assertThat(cards(discharge("cdsdx-pat", "cdsdx-enc1", Map.of())).get(0).get("uuid").asText()).isEqualTo(recorded);
	}

	@Test
	void feedbackAcceptedAndOverriddenIsRecordedOnTheGap() {
		loadScenario(COORDINATION_AND_CONSENT + ".bundle.json", "clos-", "cdsfb-");
		audit("Patient/cdsfb-pat", "");
		JsonNode cards = cards(cds().call(PATIENT_VIEW, "patient-view", Map.of("patientId", "cdsfb-pat"), Map.of()));
		String coordinationCard = card(cards, "coordination-of-care").get("uuid").asText();
		String suggestion = card(cards, "coordination-of-care").get("suggestions").get(0).get("uuid").asText();
		String consentCard = card(cards, "consent-renewal").get("uuid").asText();

		// as the CDS Hooks specification sends it: an envelope with an array of entries
		String accepted = """
				{"feedback": [{"card": "%s", "outcome": "accepted", "acceptedSuggestions": [{"id": "%s"}],
				  "outcomeTimestamp": "2026-06-01T12:05:00Z"}]}""".formatted(coordinationCard, suggestion);
		assertThat(cds().post("/" + PATIENT_VIEW + "/feedback", accepted).statusCode()).isEqualTo(200);
		// sent twice, recorded once
		assertThat(cds().post("/" + PATIENT_VIEW + "/feedback", accepted).statusCode()).isEqualTo(200);
		// as HAPI's own clients send it: one entry
		HttpResponse<String> override = cds().post("/" + PATIENT_VIEW + "/feedback", overridden(consentCard));
		assertThat(override.statusCode()).as(override.body()).isEqualTo(200);
		// a suggestion the card never had
		assertError(cds().post("/" + PATIENT_VIEW + "/feedback", """
				{"card": "%s", "outcome": "accepted", "acceptedSuggestions": [{"id": "%s"}],
				 "outcomeTimestamp": "2026-06-01T12:07:00Z"}""".formatted(coordinationCard, UUID.randomUUID())),
				400, "is not a suggestion of card");

		// recorded on the gaps, and kept when a re-check updates them
		audit("Patient/cdsfb-pat", "");
		Extension acceptance = single(stored("Patient/cdsfb-pat", "coordination-of-care").getExtensionsByUrl(CARD_FEEDBACK));
		assertThat(part(acceptance, "card")).isEqualTo("urn:uuid:" + coordinationCard);
		assertThat(part(acceptance, "service")).isEqualTo(PATIENT_VIEW);
		assertThat(part(acceptance, "outcome")).isEqualTo("accepted");
		assertThat(part(acceptance, "acceptedSuggestion")).isEqualTo("urn:uuid:" + suggestion);
		assertThat(part(acceptance, "outcomeTimestamp")).isEqualTo("2026-06-01T12:05:00Z");
		DetectedIssue consent = stored("Patient/cdsfb-pat", "consent-renewal");
		Extension dismissal = single(consent.getExtensionsByUrl(CARD_FEEDBACK));
		assertThat(part(dismissal, "outcome")).isEqualTo("overridden");
		assertThat(((Coding) dismissal.getExtensionByUrl("overrideReason").getValue()).getCode()).isEqualTo("patient-declined");
		assertThat(part(dismissal, "userComment")).isEqualTo("Will renew at the next visit.");
		assertConformsToDetectedIssueProfile(consent);
	}

	@Test
	void badRequestsAreClientErrorsWithAnOperationOutcome() {
		String unknownCard = UUID.randomUUID().toString();
		assertError(cds().call("no-such-service", "patient-view", Map.of("patientId", "cdsbad-pat"), Map.of()), 404, "no-such-service");
		assertError(cds().post("/no-such-service/feedback", overridden(unknownCard)), 404, "no-such-service");
		assertError(cds().post("/" + PATIENT_VIEW + "/feedback", overridden(unknownCard)), 404, unknownCard);
		assertError(cds().post("/" + DISCHARGE + "/feedback", "{\"feedback\": [" + overridden(unknownCard) + "]}"), 404, unknownCard);
		assertError(cds().post("/" + PATIENT_VIEW + "/feedback", overridden("not-a-uuid")), 400, "card is not a uuid");
		assertError(cds().post("/" + PATIENT_VIEW + "/feedback",
				"{\"card\": \"" + unknownCard + "\", \"outcomeTimestamp\": \"2026-06-01T12:00:00Z\"}"), 400, "no outcome");
		assertError(cds().post("/" + PATIENT_VIEW + "/feedback", overridden(unknownCard).replace("overridden", "maybe")), 400, "maybe");
		assertError(cds().post("/" + PATIENT_VIEW + "/feedback", "{\"feedback\": []}"), 400, "non-empty array");
		assertError(cds().post("/" + PATIENT_VIEW, "this is not JSON"), 400, "not a CDS Hooks JSON object");
		// the context names no patient, so the prefetch cannot be read
		assertError(cds().call(PATIENT_VIEW, "patient-view", Map.of(), Map.of()), 412, "patientId");
		assertError(cds().call(DISCHARGE, "encounter-discharge",
				Map.of("patientId", "cdsbad-pat", "encounterId", "cdsbad-no-such-encounter"), Map.of()), 412, "encounter");
		// the encounter prefetched belongs to another patient
		Encounter foreign = new Encounter();
		foreign.setId("cdsbad-enc1");
		foreign.setStatus(Encounter.EncounterStatus.FINISHED);
		foreign.setSubject(new Reference("Patient/cdsbad-other"));
		assertError(cds().call(DISCHARGE, "encounter-discharge", Map.of("patientId", "cdsbad-pat", "encounterId", "cdsbad-enc1"),
				Map.of("encounter", foreign)), 400, "is not an encounter of Patient/cdsbad-pat");
	}

	// --- helpers ---

	private CdsHooksClient cds() {
		return new CdsHooksClient("http://localhost:" + port);
	}

	private HttpResponse<String> discharge(String patient, String encounter, Map<String, IBaseResource> prefetch) {
		return cds().call(DISCHARGE, "encounter-discharge", Map.of("patientId", patient, "encounterId", encounter), prefetch);
	}

	/** Loads a scenario under this test's own ids: the id prefix {@code from} becomes {@code to}. */
	private void loadScenario(String file, String from, String to) {
		Path path = Path.of(System.getProperty("chartcheck.test-bundles", "../test-bundles"), file);
		HttpResponse<String> response = http("POST", "", read(path).replace(from, to));
		assertThat(response.statusCode()).as("%s as %s: %s", file, to, abbreviate(response.body())).isEqualTo(200);
	}

	private static JsonNode cards(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return CdsHooksClient.json(response.body()).get("cards");
	}

	private static void assertError(HttpResponse<String> response, int status, String diagnostics) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(diagnostics);
	}

	private DetectedIssue stored(String patient, String standard) {
		return storedIssues(patient).stream()
				.filter(i -> i.getCode().getCodingFirstRep().getCode().equals(standard))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + standard + " gap of " + patient));
	}

	private List<String> searchIds(String query) {
		HttpResponse<String> response = http("GET", query, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getEntry().stream()
				.map(e -> e.getResource().getIdElement().getIdPart())
				.toList();
	}

	private static String id(DetectedIssue issue) {
		return issue.getIdElement().getIdPart();
	}

	private static <T> T single(List<T> items) {
		assertThat(items).hasSize(1);
		return items.get(0);
	}

	private static String part(Extension extension, String url) {
		return extension.getExtensionByUrl(url).getValue().primitiveValue();
	}

	private void assertConformsToDetectedIssueProfile(DetectedIssue issue) {
		HttpResponse<String> response = http("POST",
				"/DetectedIssue/$validate?profile=https://chartcheck.dev/fhir/StructureDefinition/chartcheck-detected-issue",
				FHIR.newJsonParser().encodeResourceToString(issue));
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssue())
				.as(response.body())
				.noneMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
						|| i.getSeverity() == OperationOutcome.IssueSeverity.FATAL);
	}
}

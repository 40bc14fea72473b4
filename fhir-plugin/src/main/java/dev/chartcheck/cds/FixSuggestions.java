package dev.chartcheck.cds;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionJson;
import dev.chartcheck.check.ChartcheckCanonicals;
import dev.chartcheck.standards.ConsentRenewal;
import dev.chartcheck.standards.CoordinationOfCare;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * The suggestion that fixes a gap, where the fix is concrete: a draft Communication to the patient's primary care
 * physician for a coordination-of-care gap, a draft Task to renew the consent for a consent-renewal gap. The
 * resources are drafts (status {@code preparation}, {@code draft}) for the clinician to complete; a draft
 * Communication has no {@code sent} date, so it does not close the gap until it is actually sent.
 */
public final class FixSuggestions {

	static final String COMMUNICATION = "communication";
	static final String TASK = "task";
	private static final String COMMUNICATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/communication-category";

	private FixSuggestions() {}

	/** The uuids the suggestions of a card can have, so that feedback naming another one is refused. */
	public static Set<String> suggestionUuids(UUID card) {
		return Set.of(CardUuids.forSuggestion(card, COMMUNICATION).toString(), CardUuids.forSuggestion(card, TASK).toString());
	}

	/**
	 * The suggestion for a gap, if its fix is concrete.
	 *
	 * @param primaryCare the patient's PCP ({@code Practitioner/3} or a PractitionerRole), if one is on record
	 */
	public static Optional<CdsServiceResponseSuggestionJson> forGap(Gap gap, Optional<String> primaryCare, Instant now) {
		if (CoordinationOfCare.CODE.equals(gap.standard()) && primaryCare.isPresent() && !gap.subject().startsWith("Patient/")) {
			return Optional.of(suggestion(gap, COMMUNICATION, "Draft a message to the primary care physician",
					"Create a draft Communication to " + primaryCare.get() + " about " + gap.subject(),
					communication(gap, primaryCare.get())));
		}
		if (ConsentRenewal.CODE.equals(gap.standard())) {
			return Optional.of(suggestion(gap, TASK, "Draft a task to renew the consent",
					"Create a draft Task to re-request the patient's release-of-information consent",
					renewal(gap, primaryCare, now)));
		}
		return Optional.empty();
	}

	private static CdsServiceResponseSuggestionJson suggestion(
			Gap gap, String kind, String label, String description, Resource resource) {
		CdsServiceResponseSuggestionJson suggestion = new CdsServiceResponseSuggestionJson()
				.setLabel(label)
				.setUuid(CardUuids.forSuggestion(gap.card(), kind).toString())
				.setRecommended(true);
		suggestion.addAction(new CdsServiceResponseSuggestionActionJson()
				.setType("create")
				.setDescription(description)
				.setResource(resource));
		return suggestion;
	}

	private static Communication communication(Gap gap, String primaryCare) {
		Communication communication = new Communication();
		communication.setStatus(Communication.CommunicationStatus.PREPARATION);
		communication.addCategory(new CodeableConcept(new Coding(COMMUNICATION_CATEGORY, "notification", "Notification")));
		communication.setSubject(new Reference(gap.patientId()));
		communication.addRecipient(new Reference(primaryCare));
		if (gap.responsiblePractitioner() != null) {
			communication.setSender(new Reference(gap.responsiblePractitioner()));
		}
		if (gap.subject().startsWith("Encounter/")) {
			communication.setEncounter(new Reference(gap.subject()));
		}
		communication.addAbout(new Reference(gap.subject()));
		if (gap.onRecord()) {
			communication.addAbout(new Reference("DetectedIssue/" + gap.issueId()));
		}
		communication.addPayload().setContent(new StringType(
				"Update on this patient's behavioral-health care (" + gap.subject() + ") for their primary care"
						+ " physician. [Complete with the assessment and plan before sending.]"));
		return communication;
	}

	private static Task renewal(Gap gap, Optional<String> primaryCare, Instant now) {
		Task task = new Task();
		task.setStatus(Task.TaskStatus.DRAFT);
		task.setIntent(Task.TaskIntent.ORDER);
		task.setCode(new CodeableConcept().setText("Renew release-of-information consent"));
		task.setDescription("Ask the patient to renew their release-of-information consent"
				+ primaryCare.map(pcp -> ", naming their primary care physician (" + pcp + ") as a recipient").orElse("")
				+ ".");
		if (gap.subject().startsWith("Consent/")) {
			task.setFocus(new Reference(gap.subject()));
		}
		task.setFor(new Reference(gap.patientId()));
		task.setAuthoredOn(Date.from(now));
		task.setRequester(new Reference("Device/" + ChartcheckCanonicals.DEVICE_ID));
		if (gap.responsiblePractitioner() != null) {
			task.setOwner(new Reference(gap.responsiblePractitioner()));
		}
		if (gap.onRecord()) {
			task.setReasonReference(new Reference("DetectedIssue/" + gap.issueId()));
		}
		if (gap.due() != null) {
			task.getRestriction().getPeriod().setEndElement(new DateTimeType(gap.due().toString()));
		}
		return task;
	}
}

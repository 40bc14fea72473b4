package dev.chartcheck.cds;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceAcceptedSuggestionJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceFeedbackJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceOverrideReasonJson;
import dev.chartcheck.engine.FindingKey;
import dev.chartcheck.check.ChartcheckCanonicals;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UuidType;

/**
 * Records what a clinician did with a card on the gap the card is about: one {@code card-feedback} extension on
 * the DetectedIssue per feedback (outcome, accepted suggestions, override reason and comment, when), so that an
 * auditor sees beside each gap whether its alerts were acted on or overridden and why. The reconciler keeps the
 * extensions when it updates, closes or reopens the gap. The same feedback sent twice is recorded once.
 */
public class GapFeedback {

	public static final String CARD_FEEDBACK = ChartcheckCanonicals.BASE + "/StructureDefinition/card-feedback";
	private static final int ATTEMPTS = 3;

	private final DaoRegistry daos;

	public GapFeedback(DaoRegistry daos) {
		this.daos = daos;
	}

	/**
	 * @param service the id of the service whose feedback endpoint received it
	 * @throws InvalidRequestException (400) for feedback without card, outcome or timestamp, or naming a suggestion
	 *     the card does not have
	 * @throws ResourceNotFoundException (404) when the card leads to no gap on record
	 */
	public CdsServiceFeedbackJson record(String service, CdsServiceFeedbackJson feedback) {
		String card = required(feedback.getCard(), "card");
		UUID cardUuid = uuid(card, "card");
		if (feedback.getOutcome() == null) {
			throw new InvalidRequestException("Feedback on card " + card + " has no outcome (accepted or overridden)");
		}
		Extension entry = entry(service, cardUuid, feedback);
		String issueId = CardUuids.issueId(card).orElseThrow();
		for (int attempt = 1; ; attempt++) {
			DetectedIssue issue = gap(issueId, card);
			if (issue.getExtensionsByUrl(CARD_FEEDBACK).stream().anyMatch(entry::equalsDeep)) {
				return feedback;
			}
			issue.addExtension(entry.copy());
			try {
				store(issue);
				return feedback;
			} catch (ResourceVersionConflictException | PreconditionFailedException e) {
				if (attempt == ATTEMPTS) {
					throw e;
				}
			}
		}
	}

	private static Extension entry(String service, UUID card, CdsServiceFeedbackJson feedback) {
		Extension entry = new Extension(CARD_FEEDBACK);
		entry.addExtension("card", new UuidType("urn:uuid:" + card));
		entry.addExtension("service", new StringType(service));
		entry.addExtension("outcome", new CodeType(feedback.getOutcome().name()));
		Set<String> offered = FixSuggestions.suggestionUuids(card);
		List<CdsServiceAcceptedSuggestionJson> accepted = feedback.getAcceptedSuggestions() == null
				? List.of() : feedback.getAcceptedSuggestions();
		for (CdsServiceAcceptedSuggestionJson suggestion : accepted) {
			UUID id = uuid(required(suggestion.getId(), "acceptedSuggestions.id"), "acceptedSuggestions.id");
			if (!offered.contains(id.toString())) {
				throw new InvalidRequestException("Suggestion " + id + " is not a suggestion of card " + card);
			}
			entry.addExtension("acceptedSuggestion", new UuidType("urn:uuid:" + id));
		}
		CdsServiceOverrideReasonJson override = feedback.getOverrideReason();
		if (override != null && override.getReason() != null) {
			entry.addExtension("overrideReason", new Coding(
					override.getReason().getSystem(), required(override.getReason().getCode(), "overrideReason.reason.code"),
					override.getReason().getDisplay()));
		}
		if (override != null && override.getUserComment() != null && !override.getUserComment().isBlank()) {
			entry.addExtension("userComment", new StringType(override.getUserComment()));
		}
		String timestamp = required(feedback.getOutcomeTimestamp(), "outcomeTimestamp");
		try {
			entry.addExtension("outcomeTimestamp", new DateTimeType(timestamp));
		} catch (DataFormatException | IllegalArgumentException e) {
			throw new InvalidRequestException("outcomeTimestamp is not an ISO date and time: " + timestamp);
		}
		return entry;
	}

	/** The Chartcheck gap the card is about, as stored now. */
	private DetectedIssue gap(String issueId, String card) {
		String unknown = "No gap on record has the card " + card
				+ " (a card about a gap that no audit has recorded yet cannot take feedback)";
		DetectedIssue issue;
		try {
			issue = daos.getResourceDao(DetectedIssue.class).read(new IdType("DetectedIssue", issueId), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException | InvalidRequestException e) {
			throw new ResourceNotFoundException(unknown);
		}
		boolean chartchecks = issue.getIdentifier().stream().anyMatch(i -> FindingKey.SYSTEM.equals(i.getSystem()));
		if (!chartchecks || !CardUuids.forIssue(issueId).toString().equals(uuid(card, "card").toString())) {
			throw new ResourceNotFoundException(unknown);
		}
		return issue;
	}

	@SuppressWarnings("unchecked")
	private void store(DetectedIssue issue) {
		IdType id = issue.getIdElement();
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		tx.addEntry()
				.setFullUrl("DetectedIssue/" + id.getIdPart())
				.setResource(issue)
				.getRequest()
				.setMethod(Bundle.HTTPVerb.PUT)
				.setUrl("DetectedIssue/" + id.getIdPart())
				.setIfMatch("W/\"" + id.getVersionIdPart() + "\"");
		IFhirSystemDao<Bundle, Meta> system = daos.getSystemDao();
		system.transaction(new SystemRequestDetails(), tx);
	}

	private static String required(String value, String field) {
		if (value == null || value.isBlank()) {
			throw new InvalidRequestException("Feedback has no " + field);
		}
		return value;
	}

	private static UUID uuid(String value, String field) {
		String text = value.startsWith("urn:uuid:") ? value.substring(9) : value;
		try {
			UUID uuid = UUID.fromString(text);
			if (uuid.toString().equalsIgnoreCase(text)) {
				return uuid;
			}
		} catch (IllegalArgumentException e) {
			// answered below
		}
		throw new InvalidRequestException(field + " is not a uuid: " + value);
	}
}

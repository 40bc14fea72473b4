package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.StreamSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** What the CDS Hooks tests send and read: feedback bodies, prefetched gaps, and the parts of a card. */
final class CdsFixtures {

	static final FhirContext FHIR = FhirContext.forR4Cached();
	static final String GAP_DUE_DATE = "https://chartcheck.dev/fhir/StructureDefinition/gap-due-date";
	static final String STANDARD = "https://chartcheck.dev/fhir/CodeSystem/documentation-standard";

	private CdsFixtures() {}

	static JsonNode card(JsonNode cards, String standard) {
		return StreamSupport.stream(cards.spliterator(), false)
				.filter(c -> c.get("source").get("topic").get("code").asText().equals(standard))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no card for " + standard + " in " + cards));
	}

	static JsonNode byField(JsonNode array, String field, String value) {
		return StreamSupport.stream(array.spliterator(), false)
				.filter(n -> value.equals(n.get(field).asText()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + field + " " + value + " in " + array));
	}

	/** The resource a card's one suggestion would create. */
	static <T extends IBaseResource> T draft(JsonNode card, Class<T> type) {
		JsonNode action = card.get("suggestions").get(0).get("actions").get(0);
		assertThat(action.get("type").asText()).isEqualTo("create");
		return FHIR.newJsonParser().parseResource(type, action.get("resource").toString());
	}

	static String overridden(String card) {
		return """
				{"card": "%s", "outcome": "overridden",
				 "overrideReason": {"reason": {"system": "https://chartcheck.dev/fhir/CodeSystem/card-override-reason",
				   "code": "patient-declined", "display": "Patient declined"}, "userComment": "Will renew at the next visit."},
				 "outcomeTimestamp": "2026-06-01T12:06:00Z"}""".formatted(card);
	}

	static DetectedIssue gap(String id, String patient, String standard, String status, String implicated, String due) {
		DetectedIssue issue = new DetectedIssue();
		if (id != null) {
			issue.setId(id);
		}
		issue.addModifierExtension(new Extension(Gaps.GAP_STATUS, new CodeableConcept(
				new Coding("http://hl7.org/fhir/us/davinci-deqm/CodeSystem/gaps-status", status, null))));
		if (due != null) {
			issue.addExtension(GAP_DUE_DATE, new DateType(due));
		}
		issue.setStatus(DetectedIssue.DetectedIssueStatus.PRELIMINARY);
		issue.setCode(new CodeableConcept(new Coding(STANDARD, standard, null)));
		issue.setPatient(new Reference("Patient/" + patient));
		issue.addImplicated(new Reference(implicated));
		issue.setDetail("A " + standard + " gap on " + implicated + ".");
		return issue;
	}

	static Bundle searchset(IBaseResource... resources) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		for (IBaseResource resource : resources) {
			bundle.addEntry().setResource((Resource) resource);
		}
		return bundle;
	}
}

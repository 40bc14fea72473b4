package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** A gap is raised once, closed (not deleted) when the record is fixed, and reopened if the fix is undone. */
class GapLifecycleTest extends ServerTestBase {

	@Test
	void fixingTheRecordClosesTheGapAndKeepsItsHistory() {
		IGenericClient client = client();
		Practitioner practitioner = new Practitioner();
		practitioner.setId("lc-prac");
		practitioner.addName().setFamily("Okafor").addGiven("Ada");
		client.update().resource(practitioner).execute();
		Patient patient = new Patient();
		patient.setId("lc-pat");
		patient.addName().setFamily("Lindqvist").addGiven("Maja");
		patient.addIdentifier().setSystem("urn:oid:1.2.36.146.595.217.0.1").setValue("LC-1001");
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-02-03"));
		client.update().resource(patient).execute();
		Encounter encounter = new Encounter();
		encounter.setId("lc-enc");
		encounter.setStatus(Encounter.EncounterStatus.FINISHED);
		encounter.setSubject(new Reference("Patient/lc-pat"));
		encounter.addParticipant().setIndividual(new Reference("Practitioner/lc-prac"));
		encounter.setPeriod(new Period()
				.setStart(new InstantType("2025-03-01T09:00:00Z").getValue())
				.setEnd(new InstantType("2025-03-01T09:30:00Z").getValue()));
		DocumentReference note = new DocumentReference();
		note.setId("lc-doc");
		note.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
		note.setSubject(new Reference("Patient/lc-pat"));
		note.setDate(new InstantType("2025-03-01T10:00:00Z").getValue());
		note.addAuthor(new Reference("Practitioner/lc-prac"));
		note.getContext().addEncounter(new Reference("Encounter/lc-enc"));
		note.addContent().getAttachment().setContentType("text/plain").setData("Maja Lindqvist (LC-1001)\nSeen for follow-up.".getBytes());
		// the encounter and its note arrive together, as an EHR sends a visit
		Bundle visit = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		visit.addEntry().setResource(encounter).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Encounter/lc-enc");
		visit.addEntry().setResource(note).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("DocumentReference/lc-doc");
		client.transaction().withBundle(visit).execute();

		DetectedIssue opened = single(audit("Patient/lc-pat", ""));
		assertThat(Gaps.of(opened)).isEqualTo(new Gaps("signature-credentials", "open-gap", "DocumentReference/lc-doc"));
		assertThat(opened.getIdentifierFirstRep().getValue())
				.isEqualTo("signature-credentials/Patient/lc-pat/DocumentReference/lc-doc");
		assertThat(opened.getExtensionByUrl("https://chartcheck.dev/fhir/StructureDefinition/gap-due-date")).isNotNull();
		assertThat(opened.getExtensionByUrl("https://chartcheck.dev/fhir/StructureDefinition/responsible-practitioner")
				.getValue()).extracting(v -> ((Reference) v).getReference()).isEqualTo("Practitioner/lc-prac");
		assertThat(opened.getAuthor().getReference()).isEqualTo("Device/chartcheck");
		assertConformsToDetectedIssueProfile(opened);

		// auditors find it with ordinary search on Chartcheck's search parameters
		assertThat(searchIds("DetectedIssue?patient=Patient/lc-pat&gap-status=open-gap")).containsExactly(opened.getIdElement().getIdPart());
		assertThat(searchIds("DetectedIssue?responsible=Practitioner/lc-prac")).contains(opened.getIdElement().getIdPart());
		assertThat(searchIds("DetectedIssue?patient=Patient/lc-pat&due-date=gt2025-01-01")).contains(opened.getIdElement().getIdPart());
		assertThat(searchIds("DetectedIssue?patient=Patient/lc-pat&status=preliminary")).contains(opened.getIdElement().getIdPart());
		assertThat(searchIds("DetectedIssue?code=https://chartcheck.dev/fhir/CodeSystem/documentation-standard|signature-credentials&patient=Patient/lc-pat"))
				.containsExactly(opened.getIdElement().getIdPart());

		// the clinician's credentials are recorded: the gap closes, and stays on record
		practitioner.addQualification().setCode(new CodeableConcept().setText("MD"));
		client.update().resource(practitioner).execute();
		DetectedIssue closed = single(audit("Patient/lc-pat", ""));
		assertThat(closed.getIdElement().getIdPart()).isEqualTo(opened.getIdElement().getIdPart());
		assertThat(Gaps.of(closed).gapStatus()).isEqualTo("closed-gap");
		assertThat(closed.getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.FINAL);
		assertThat(closed.getMitigationFirstRep().getDate()).isNotNull();
		assertThat(closed.getMitigationFirstRep().getAction().getText()).contains("DocumentReference/lc-doc");
		assertThat(storedIssues("Patient/lc-pat")).hasSize(1);
		assertConformsToDetectedIssueProfile(closed);
		assertThat(searchIds("DetectedIssue?patient=Patient/lc-pat&gap-status=closed-gap")).containsExactly(opened.getIdElement().getIdPart());
		// the open version is still in the resource's history
		Bundle history = client.history().onInstance("DetectedIssue/" + opened.getIdElement().getIdPart())
				.returnBundle(Bundle.class).execute();
		assertThat(history.getEntry()).hasSize(2);

		// undoing the fix reopens the same gap with a new remediation clock
		practitioner.getQualification().clear();
		client.update().resource(practitioner).execute();
		DetectedIssue reopened = single(audit("Patient/lc-pat", ""));
		assertThat(reopened.getIdElement().getIdPart()).isEqualTo(opened.getIdElement().getIdPart());
		assertThat(Gaps.of(reopened).gapStatus()).isEqualTo("open-gap");
		assertThat(reopened.getMitigation()).isEmpty();
		assertThat(reopened.getIdentifiedDateTimeType().getValue()).isAfterOrEqualTo(closed.getMitigationFirstRep().getDate());
		assertThat(storedIssues("Patient/lc-pat")).hasSize(1);
	}

	/** The DetectedIssues Chartcheck writes conform to the profile it publishes. */
	private void assertConformsToDetectedIssueProfile(DetectedIssue issue) {
		java.net.http.HttpResponse<String> response = http("POST",
				"/DetectedIssue/$validate?profile=https://chartcheck.dev/fhir/StructureDefinition/chartcheck-detected-issue",
				FHIR.newJsonParser().encodeResourceToString(issue));
		org.hl7.fhir.r4.model.OperationOutcome outcome =
				FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.OperationOutcome.class, response.body());
		assertThat(outcome.getIssue())
				.as(response.body())
				.noneMatch(i -> i.getSeverity() == org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR
						|| i.getSeverity() == org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.FATAL);
	}

	private static DetectedIssue single(Bundle auditAnswer) {
		List<DetectedIssue> issues = Gaps.issuesIn(auditAnswer);
		assertThat(issues).hasSize(1);
		return issues.get(0);
	}

	private List<String> searchIds(String query) {
		Bundle result = client().search().byUrl(query).returnBundle(Bundle.class).execute();
		return result.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}
}

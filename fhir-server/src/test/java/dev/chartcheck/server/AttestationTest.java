package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Date;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** After a review the audited provider attests, and only their own signature is accepted. */
class AttestationTest extends ServerTestBase {

	private static final String AUDITED = "Practitioner/attA-prac";
	private String reportId;

	@BeforeEach
	void auditAPractitioner() {
		loadThreeGapRecord("attA", null);
		HttpResponse<String> audit = http("GET", "/" + AUDITED + "/$audit?standard=signature-credentials", null);
		assertThat(audit.statusCode()).isEqualTo(200);
		MeasureReport report = (MeasureReport) FHIR.newJsonParser().parseResource(Bundle.class, audit.body())
				.getEntryFirstRep().getResource();
		reportId = "MeasureReport/" + report.getIdElement().getIdPart();
	}

	@Test
	void theAuditedProvidersSignedAttestationIsAccepted() {
		HttpResponse<String> response = http("POST", "", attestation(AUDITED, AUDITED, true));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Bundle stored = FHIR.newJsonParser().parseResource(Bundle.class,
				http("GET", "/QuestionnaireResponse?author=" + AUDITED + "&questionnaire="
						+ "https://chartcheck.dev/fhir/Questionnaire/documentation-attestation", null).body());
		assertThat(stored.getEntry()).hasSize(1);
		QuestionnaireResponse attestation = (QuestionnaireResponse) stored.getEntryFirstRep().getResource();
		assertThat(((Reference) attestation.getItemFirstRep().getAnswerFirstRep().getValue()).getReference()).isEqualTo(reportId);
	}

	@Test
	void anotherAuthorIsRefused() {
		assertRefused(attestation("Practitioner/attA-prac2", "Practitioner/attA-prac2", true), "not a practitioner audited");
	}

	@Test
	void anotherSignerIsRefused() {
		assertRefused(attestation(AUDITED, "Practitioner/attA-prac2", true), "only the provider's own signature");
	}

	@Test
	void anUnsignedAttestationIsRefused() {
		assertRefused(attestation(AUDITED, AUDITED, false), "not signed");
	}

	private void assertRefused(String bundle, String reason) {
		int before = FHIR.newJsonParser().parseResource(Bundle.class,
				http("GET", "/QuestionnaireResponse?_summary=count", null).body()).getTotal();
		HttpResponse<String> response = http("POST", "", bundle);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
		OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(reason);
		int after = FHIR.newJsonParser().parseResource(Bundle.class,
				http("GET", "/QuestionnaireResponse?_summary=count", null).body()).getTotal();
		assertThat(after).as("nothing stored").isEqualTo(before);
	}

	/** A transaction with the attestation and, when signed, the Provenance that signs it. */
	private String attestation(String author, String signer, boolean signed) {
		QuestionnaireResponse response = new QuestionnaireResponse();
		response.setQuestionnaire("https://chartcheck.dev/fhir/Questionnaire/documentation-attestation");
		response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
		response.setAuthor(new Reference(author));
		response.setAuthored(new Date());
		response.addItem().setLinkId("audit-report").addAnswer().setValue(new Reference(reportId));
		response.addItem().setLinkId("reviewed-findings").addAnswer().setValue(new BooleanType(true));
		response.addItem().setLinkId("will-adhere").addAnswer().setValue(new BooleanType(true));
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String fullUrl = "urn:uuid:" + java.util.UUID.randomUUID();
		bundle.addEntry().setFullUrl(fullUrl).setResource(response)
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("QuestionnaireResponse");
		if (signed) {
			Provenance provenance = new Provenance();
			provenance.addTarget(new Reference(fullUrl));
			provenance.setRecorded(new Date());
			provenance.addAgent().setWho(new Reference(signer));
			provenance.addSignature()
					.addType(new Coding("urn:iso-astm:E1762-95:2013", "1.2.840.10065.1.12.1.1", "Author's Signature"))
					.setWhen(new Date())
					.setWho(new Reference(signer))
					.setSigFormat("application/jose")
					.setData("ZXhhbXBsZQ==".getBytes());
			bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(provenance)
					.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Provenance");
		}
		return FHIR.newJsonParser().encodeResourceToString(bundle);
	}
}

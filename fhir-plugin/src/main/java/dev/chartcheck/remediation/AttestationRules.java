package dev.chartcheck.remediation;

import dev.chartcheck.check.Outcomes;
import dev.chartcheck.check.ChartcheckCanonicals;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import dev.chartcheck.engine.RecordSnapshot;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;

/**
 * The provider's attestation after a review (docs/STANDARDS.md#review-remediation-and-attestation): a
 * QuestionnaireResponse to the Chartcheck attestation Questionnaire, naming the audit's MeasureReport, sent in one
 * transaction with the Provenance that signs it. Only the audited provider's own signature is accepted: the author
 * and the signer must both be a practitioner the report audited; anything else is refused with 422 and nothing is
 * stored.
 */
@Interceptor
public class AttestationRules {

	public static final String QUESTIONNAIRE = ChartcheckCanonicals.BASE + "/Questionnaire/documentation-attestation";
	static final String AUDIT_REPORT_ITEM = "audit-report";
	private static final String TRANSACTION = AttestationRules.class.getName() + ".transaction";

	private final DaoRegistry daos;

	public AttestationRules(DaoRegistry daos) {
		this.daos = daos;
	}

	/** Keeps the transaction Bundle where its entries' writes (sub-requests sharing the user data) can see it. */
	@Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
	public void onTransaction(IBaseBundle bundle, RequestDetails request) {
		if (request != null) {
			request.getUserData().put(TRANSACTION, bundle);
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void onCreate(IBaseResource resource, RequestDetails request) {
		check(resource, request);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void onUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		check(resource, request);
	}

	private void check(IBaseResource resource, RequestDetails request) {
		if (!(resource instanceof QuestionnaireResponse response) || !isAttestation(response)) {
			return;
		}
		String author = practitioner(response.getAuthor());
		if (author == null) {
			throw refused("The attestation has no author: only the audited practitioner may attest, as its author.", "QuestionnaireResponse.author");
		}
		String reportId = auditReport(response);
		Set<String> audited = auditedPractitioners(reportId);
		if (!audited.contains(author)) {
			throw refused("The attestation's author " + author + " is not a practitioner audited in " + reportId
					+ ": only the audited provider may attest.", "QuestionnaireResponse.author");
		}
		List<Provenance> signatures = signaturesInRequest(response, request);
		if (signatures.isEmpty()) {
			throw refused("The attestation is not signed: send it in one transaction with a Provenance whose target is the"
					+ " QuestionnaireResponse and whose signature is the author's.", "QuestionnaireResponse");
		}
		for (Provenance provenance : signatures) {
			for (var signature : provenance.getSignature()) {
				String signer = practitioner(signature.getWho());
				if (!author.equals(signer)) {
					throw refused("The attestation is signed by " + (signer == null ? "no practitioner" : signer)
							+ ", not by its author " + author + ": only the provider's own signature is accepted.",
							"Provenance.signature.who");
				}
			}
		}
	}

	private static boolean isAttestation(QuestionnaireResponse response) {
		String questionnaire = response.getQuestionnaire();
		return questionnaire != null && questionnaire.split("\\|")[0].equals(QUESTIONNAIRE);
	}

	private static String auditReport(QuestionnaireResponse response) {
		return response.getItem().stream()
				.filter(i -> AUDIT_REPORT_ITEM.equals(i.getLinkId()))
				.flatMap(i -> i.getAnswer().stream())
				.filter(a -> a.getValue() instanceof Reference)
				.map(a -> RecordSnapshot.referenceId((Reference) a.getValue()))
				.filter(Objects::nonNull)
				.filter(id -> id.startsWith("MeasureReport/"))
				.findFirst()
				.orElseThrow(() -> refused("The attestation does not name the audit's MeasureReport (item "
						+ AUDIT_REPORT_ITEM + ").", "QuestionnaireResponse.item"));
	}

	/** The practitioners an audit report covers: its subject, or else the practitioners it reports on. */
	private Set<String> auditedPractitioners(String reportId) {
		MeasureReport report;
		try {
			report = daos.getResourceDao(MeasureReport.class).read(new IdType(reportId), new SystemRequestDetails());
		} catch (ResourceNotFoundException e) {
			throw refused("The attestation names " + reportId + ", which is not an audit report on this server.",
					"QuestionnaireResponse.item");
		}
		Set<String> audited = new LinkedHashSet<>();
		if (report.hasSubject() && "Practitioner".equals(report.getSubject().getReferenceElement().getResourceType())) {
			// a practitioner's audit: that practitioner alone attests
			audited.add(RecordSnapshot.referenceId(report.getSubject()));
			return audited;
		}
		report.getGroup().forEach(group -> group.getStratifier().forEach(stratifier -> stratifier.getStratum().stream()
				.map(s -> s.getValue().getText())
				.filter(text -> text != null && text.startsWith("Practitioner/"))
				.forEach(audited::add)));
		return audited;
	}

	/** The Provenances of the same transaction that sign this response. */
	private static List<Provenance> signaturesInRequest(QuestionnaireResponse response, RequestDetails request) {
		if (request == null || !(request.getUserData().get(TRANSACTION) instanceof Bundle bundle)) {
			return List.of();
		}
		Set<String> names = new LinkedHashSet<>();
		bundle.getEntry().stream()
				.filter(e -> e.getResource() == response && e.hasFullUrl())
				.forEach(e -> names.add(e.getFullUrl()));
		if (response.getIdElement().hasIdPart()) {
			names.add("QuestionnaireResponse/" + response.getIdElement().getIdPart());
		}
		long attestations = bundle.getEntry().stream()
				.filter(e -> e.getResource() instanceof QuestionnaireResponse qr && isAttestation(qr))
				.count();
		return bundle.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(Provenance.class::isInstance)
				.map(Provenance.class::cast)
				.filter(p -> p.hasSignature() && p.getTarget().stream()
						.anyMatch(t -> names.contains(t.getReference()) || t.getResource() == response
								// with one attestation in the transaction, a signature of "the" response is its own
								|| (attestations == 1 && t.getReference() != null
										&& t.getReference().startsWith("QuestionnaireResponse/"))))
				.toList();
	}

	/** The Practitioner a reference names, directly or through a PractitionerRole. */
	private String practitioner(Reference reference) {
		String id = RecordSnapshot.referenceId(reference);
		if (id == null) {
			return null;
		}
		if (id.startsWith("PractitionerRole/")) {
			try {
				PractitionerRole role = daos.getResourceDao(PractitionerRole.class).read(new IdType(id), new SystemRequestDetails());
				return RecordSnapshot.referenceId(role.getPractitioner());
			} catch (ResourceNotFoundException e) {
				return null;
			}
		}
		return id.startsWith("Practitioner/") ? id : null;
	}

	private static UnprocessableEntityException refused(String message, String expression) {
		return new UnprocessableEntityException(
				message, Outcomes.error(OperationOutcome.IssueType.BUSINESSRULE, message, expression));
	}
}

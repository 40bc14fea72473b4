package dev.chartcheck.audittrail;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpProfileEnum;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Reference;

/**
 * AuditEvents for what HAPI FHIR's BALP interceptor does not see: Chartcheck's operations ({@code $audit}, and
 * {@code $audit-status} when it hands over a finished background audit) and CDS Hooks calls. Each is recorded in
 * the shape of the BALP "Patient Query" profile (type {@code rest}, action {@code E}, the client, server and user
 * agents, one entity per patient whose record was read), so that an auditor finds it with
 * {@code AuditEvent?patient=…} like any other access.
 */
@Interceptor
public class OperationAuditTrail {

	static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";

	private final IBalpAuditEventSink sink;
	private final AuditContext context;

	public OperationAuditTrail(IBalpAuditEventSink sink, AuditContext context) {
		this.sink = sink;
		this.context = context;
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void answered(RequestDetails request, IBaseResource response) {
		String operation = request.getOperation();
		if (!("$audit".equals(operation) || "$audit-status".equals(operation)) || !(response instanceof Bundle bundle)) {
			return;
		}
		Set<String> patients = new LinkedHashSet<>();
		if (!bundle.getEntry().isEmpty() && bundle.getEntryFirstRep().getResource() instanceof MeasureReport report) {
			if (report.getSubject().getReference() != null && report.getSubject().getReference().startsWith("Patient/")) {
				patients.add(report.getSubject().getReference());
			}
			for (Reference evaluated : report.getEvaluatedResource()) {
				if (evaluated.getReference() != null && evaluated.getReference().startsWith("Patient/")) {
					patients.add(evaluated.getReference());
				}
			}
		}
		record(request, operation, request.getCompleteUrl(), patients);
	}

	/** Records one operation (or CDS call) that read the records of {@code patients}. */
	public void record(RequestDetails request, String operation, String description, Collection<String> patients) {
		AuditEvent event = new AuditEvent();
		BalpProfileEnum profile = BalpProfileEnum.PATIENT_QUERY;
		event.getMeta().addProfile(profile.getProfileUrl());
		event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation"));
		event.addSubtype(new Coding(RESTFUL_INTERACTION, "operation", "operation"));
		event.addSubtype(new Coding("https://chartcheck.dev/fhir/operation", operation, operation));
		event.setAction(AuditEvent.AuditEventAction.E);
		event.setOutcome(AuditEvent.AuditEventOutcome._0);
		event.setRecorded(new Date());
		event.getSource().getObserver().setDisplay("Chartcheck");

		AuditEvent.AuditEventAgentComponent client = event.addAgent();
		client.setWho(context.getAgentClientWho(request));
		client.getType().addCoding(profile.getAgentClientTypeCoding());
		client.setRequestor(false);
		AuditEvent.AuditEventAgentComponent server = event.addAgent();
		server.getType().addCoding(profile.getAgentServerTypeCoding());
		server.getWho().setDisplay("Chartcheck");
		server.setRequestor(false);
		AuditEvent.AuditEventAgentComponent user = event.addAgent();
		user.getType().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"));
		user.setWho(context.getAgentUserWho(request));
		user.setRequestor(true);

		AuditEvent.AuditEventEntityComponent query = event.addEntity();
		query.getType().setSystem("http://terminology.hl7.org/CodeSystem/audit-entity-type").setCode("2").setDisplay("System Object");
		query.getRole().setSystem("http://terminology.hl7.org/CodeSystem/object-role").setCode("24").setDisplay("Query");
		query.setDescription(description);
		for (String patient : patients) {
			AuditEvent.AuditEventEntityComponent entity = event.addEntity();
			entity.getType().setSystem("http://terminology.hl7.org/CodeSystem/audit-entity-type").setCode("1").setDisplay("Person");
			entity.getRole().setSystem("http://terminology.hl7.org/CodeSystem/object-role").setCode("1").setDisplay("Patient");
			entity.setWhat(context.reference(patient, AuditContext.PATIENT_SYSTEM));
		}
		sink.recordAuditEvent(event);
	}
}

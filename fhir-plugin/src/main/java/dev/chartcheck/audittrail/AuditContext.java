package dev.chartcheck.audittrail;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import dev.chartcheck.security.Access;
import dev.chartcheck.security.AccessResolver;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Who an AuditEvent names: the client application (the token's {@code azp} or {@code client_id}) and the user (their
 * {@code fhirUser} resource, else the token's subject), so that auditors can search the trail by agent. Without
 * authentication (a loopback-only server) both are "anonymous". The request may be null (a CDS Hooks call): the
 * resolver then reads who is asking from the calling thread.
 */
public class AuditContext implements IBalpAuditContextServices {

	/** The system of the identifiers of token subjects and clients. */
	public static final String SUBJECT_SYSTEM = "https://chartcheck.dev/fhir/sid/token-subject";
	public static final String CLIENT_SYSTEM = "https://chartcheck.dev/fhir/sid/oauth-client";

	private final AccessResolver resolver;

	/** @param resolver who is asking; null when the server has no authentication */
	public AuditContext(AccessResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	public Reference getAgentClientWho(RequestDetails request) {
		String client = access(request).map(Access::client).orElse(null);
		return new Reference().setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM).setValue(client == null ? "anonymous" : client));
	}

	@Override
	public Reference getAgentUserWho(RequestDetails request) {
		Optional<Access> access = access(request);
		if (access.isPresent() && access.get().fhirUser() != null) {
			return new Reference(access.get().fhirUser());
		}
		String subject = access.map(Access::subject).orElse(null);
		return new Reference().setIdentifier(new Identifier().setSystem(SUBJECT_SYSTEM).setValue(subject == null ? "anonymous" : subject));
	}

	private Optional<Access> access(RequestDetails request) {
		return resolver == null ? Optional.empty() : resolver.access(request);
	}
}

package dev.chartcheck.audittrail;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import dev.chartcheck.security.Access;
import dev.chartcheck.security.AccessResolver;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
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
	/** The system of the identifier that names a patient not stored on this server. */
	public static final String PATIENT_SYSTEM = "https://chartcheck.dev/fhir/sid/patient-reference";
	/** The system of the identifier that names a user whose {@code fhirUser} is not stored on this server. */
	public static final String FHIR_USER_SYSTEM = "https://chartcheck.dev/fhir/sid/fhir-user";

	private final AccessResolver resolver;
	private final DaoRegistry daos;
	private final Map<String, Boolean> stored = new ConcurrentHashMap<>();

	/**
	 * @param resolver who is asking; null when the server has no authentication
	 * @param daos to tell whether a user's {@code fhirUser} is stored here (only then is it a reference)
	 */
	public AuditContext(AccessResolver resolver, DaoRegistry daos) {
		this.resolver = resolver;
		this.daos = daos;
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
			// an auditor's Practitioner usually lives elsewhere
			return reference(access.get().fhirUser(), FHIR_USER_SYSTEM);
		}
		String subject = access.map(Access::subject).orElse(null);
		return new Reference().setIdentifier(new Identifier().setSystem(SUBJECT_SYSTEM).setValue(subject == null ? "anonymous" : subject));
	}

	/**
	 * The resources an AuditEvent names are stored as local references ({@code Patient/12}), so that
	 * {@code AuditEvent?patient=Patient/12} finds them (HAPI's default would prefix this server's base URL).
	 */
	@Override
	public String massageResourceIdForStorage(RequestDetails request, IBaseResource resource, IIdType id) {
		return id.toUnqualifiedVersionless().getValue();
	}

	/**
	 * A reference to {@code id} ({@code Type/id}) when it is stored here (references must resolve on this server),
	 * else an identifier with that value in {@code system} (a CDS client may name a patient it sent in its prefetch
	 * only, a token a user stored elsewhere).
	 */
	public Reference reference(String id, String system) {
		return isStored(id) ? new Reference(id)
				: new Reference().setIdentifier(new Identifier().setSystem(system).setValue(id)).setDisplay(id);
	}

	private boolean isStored(String reference) {
		if (stored.size() > 10_000) {
			stored.clear();
		}
		if (Boolean.TRUE.equals(stored.get(reference))) {
			return true;
		}
		// only a resource that exists is remembered: one that does not may be created at any moment
		return Boolean.TRUE.equals(stored.compute(reference, (r, known) -> {
			try {
				IdType id = new IdType(r);
				daos.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails());
				return true;
			} catch (RuntimeException e) {
				return null;
			}
		}));
	}

	private Optional<Access> access(RequestDetails request) {
		return resolver == null ? Optional.empty() : resolver.access(request);
	}
}

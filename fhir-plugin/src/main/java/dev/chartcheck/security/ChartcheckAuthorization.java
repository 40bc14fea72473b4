package dev.chartcheck.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Chartcheck's authorization: HAPI FHIR's {@link AuthorizationInterceptor} with rules built per request from who is
 * asking ({@link AccessResolver}): the role's ceiling and the token's SMART scopes ({@link ScopeRules}); a provider
 * only within their patients' records ({@link ProviderPatients}). Anything not granted is refused with 403.
 *
 * <p>No existence leaks: a provider who reads a resource by id outside their patients' records gets the very answer
 * a resource that does not exist gets (404, "Resource … is not known"), so that no one learns whether another
 * practitioner's patient exists.
 */
@Interceptor
public class ChartcheckAuthorization extends AuthorizationInterceptor {

	private final AccessResolver resolver;
	private final ProviderPatients providerPatients;
	private final Set<String> resourceTypes;

	public ChartcheckAuthorization(AccessResolver resolver, ProviderPatients providerPatients, FhirContext fhirContext) {
		super(PolicyEnum.DENY);
		this.resolver = resolver;
		this.providerPatients = providerPatients;
		this.resourceTypes = new TreeSet<>(fhirContext.getResourceTypes());
	}

	@Override
	public List<IAuthRule> buildRuleList(RequestDetails request) {
		Optional<Access> found = resolver.access(request);
		if (found.isEmpty()) {
			return new RuleBuilder().allow("capabilities").metadata().andThen()
					.denyAll("The token names no Chartcheck role (claim chartcheck_role)").build();
		}
		Access access = found.get();
		IIdType practitioner = ProviderPatients.practitionerOf(access);
		if (access.role() == Role.PROVIDER && practitioner == null) {
			return new RuleBuilder().allow("capabilities").metadata().andThen()
					.denyAll("A provider's token must name a Practitioner as fhirUser").build();
		}
		List<IIdType> patients = access.compartmental() ? providerPatients.reachable(access, request) : List.of(ProviderPatients.NONE);
		return new ScopeRules(access, resourceTypes, patients, access.role() == Role.PROVIDER ? practitioner : null).build();
	}

	/**
	 * A provider (or an organization's auditor) refused a resource read by id is answered as if it did not exist: the
	 * same status and message as the server's own "not known".
	 */
	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException hideExistence(RequestDetails request, Throwable exception) {
		if (!(exception instanceof ForbiddenOperationException forbidden) || request == null || request.getId() == null) {
			return exception instanceof BaseServerResponseException known ? known : null;
		}
		RestOperationTypeEnum operation = request.getRestOperationType();
		boolean readById = operation == RestOperationTypeEnum.READ || operation == RestOperationTypeEnum.VREAD;
		boolean compartmental = resolver.access(request).map(Access::compartmental).orElse(false);
		if (readById && compartmental) {
			return notKnown(request.getId());
		}
		return forbidden;
	}

	/** HAPI's own answer for a resource that is not stored (see its resource DAO). */
	static ResourceNotFoundException notKnown(IIdType id) {
		return new ResourceNotFoundException(Msg.code(2001) + "Resource " + id.toUnqualifiedVersionless().getValue() + " is not known");
	}
}

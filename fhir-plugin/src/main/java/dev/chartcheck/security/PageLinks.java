package dev.chartcheck.security;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationFlagsEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IRuleApplier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Lets a request for a later page of a search ({@code _getpages}, a Bundle's {@code next} link) in; what the page holds
 * is judged on the way out, resource by resource, by the same rules as any read.
 *
 * <p>On the way in, HAPI FHIR's read rules cannot judge such a request: it names no resource type, so the first read
 * rule of the list decides it whatever its types or compartment. When that rule is a deny of one type (the audit
 * trail, say, before an allow of all the others), every later page would be refused. This rule decides nothing else:
 * every resource on the page still meets the denies, the compartments and the final deny on the way out.
 */
final class PageLinks implements IAuthRule {

	@Override
	public Verdict applyRule(RestOperationTypeEnum operation, RequestDetails request, IBaseResource input, IIdType inputId,
			IBaseResource output, IRuleApplier applier, Set<AuthorizationFlagsEnum> flags, Pointcut pointcut) {
		boolean pageRequested = operation == RestOperationTypeEnum.GET_PAGE && output == null
				&& pointcut == Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED;
		return pageRequested ? new Verdict(PolicyEnum.ALLOW, this) : null;
	}

	@Override
	public String getName() {
		return "later pages of a search";
	}
}

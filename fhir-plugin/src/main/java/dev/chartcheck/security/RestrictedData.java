package dev.chartcheck.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IBaseCoding;

/**
 * Confidentiality labels: a resource labeled restricted (R) or very restricted (V) in {@code meta.security}
 * ({@code http://terminology.hl7.org/CodeSystem/v3-Confidentiality}), or under 42 CFR Part 2
 * ({@code http://terminology.hl7.org/CodeSystem/v3-ActCode#42CFRPart2}), reaches only a user whose token allows
 * restricted data ({@link Access#restrictedData()}). Applied by HAPI FHIR's consent interceptor to every resource
 * a request would return (reads, search results, {@code _include}s): to others it is as if the resource were not there.
 */
public class RestrictedData implements IConsentService {

	static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
	static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

	private final AccessResolver resolver;

	public RestrictedData(AccessResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices services) {
		return decide(request, resource);
	}

	@Override
	public ConsentOutcome willSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices services) {
		return decide(request, resource);
	}

	private ConsentOutcome decide(RequestDetails request, IBaseResource resource) {
		if (!restricted(resource)) {
			return ConsentOutcome.PROCEED;
		}
		boolean allowed = resolver.access(request).map(Access::restrictedData).orElse(false);
		return allowed ? ConsentOutcome.PROCEED : ConsentOutcome.REJECT;
	}

	/** Whether the resource carries a label that restricts it. */
	public static boolean restricted(IBaseResource resource) {
		if (resource == null || resource.getMeta() == null) {
			return false;
		}
		for (IBaseCoding label : resource.getMeta().getSecurity()) {
			String code = label.getCode();
			if (CONFIDENTIALITY.equals(label.getSystem()) && ("R".equals(code) || "V".equals(code))) {
				return true;
			}
			if (ACT_CODE.equals(label.getSystem()) && "42CFRPart2".equals(code)) {
				return true;
			}
		}
		return false;
	}
}

package dev.chartcheck.server.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import dev.chartcheck.security.Access;
import dev.chartcheck.security.AccessResolver;
import dev.chartcheck.security.Role;
import dev.chartcheck.security.SmartScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who a request comes from, read off its validated bearer token (Spring Security has checked it before the request
 * reaches the FHIR server):
 * <ul>
 * <li>{@code chartcheck_role}: {@code ehr}, {@code provider}, {@code auditor} or {@code admin};
 * <li>{@code scope} (space-separated, or {@code scp} as a list): SMART clinical scopes, v1 or v2;
 * <li>{@code fhirUser}: the user's resource, e.g. {@code https://fhir.example.org/fhir/Practitioner/12} or
 * {@code Practitioner/12} (a provider's is required);
 * <li>{@code organization}: the organization the user acts for (optional);
 * <li>{@code chartcheck_restricted}: {@code true} when the user may see restricted data (R, V, 42 CFR Part 2).
 * </ul>
 */
public class TokenAccess implements AccessResolver {

	static final String ROLE = "chartcheck_role";
	static final String RESTRICTED = "chartcheck_restricted";

	@Override
	public Optional<Access> access(RequestDetails request) {
		if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
			return Optional.empty();
		}
		return of(token.getToken());
	}

	static Optional<Access> of(Jwt jwt) {
		return Role.fromClaim(jwt.getClaimAsString(ROLE)).map(role -> new Access(role, scopes(jwt),
				relative(jwt.getClaimAsString("fhirUser")), relative(jwt.getClaimAsString("organization")),
				Boolean.TRUE.equals(jwt.getClaimAsBoolean(RESTRICTED)), jwt.getSubject(), client(jwt)));
	}

	private static List<SmartScope> scopes(Jwt jwt) {
		List<String> texts = new ArrayList<>();
		Object scope = jwt.getClaims().get("scope");
		if (scope instanceof String text) {
			texts.addAll(List.of(text.trim().split("\\s+")));
		} else if (scope instanceof Collection<?> list) {
			list.forEach(s -> texts.add(String.valueOf(s)));
		}
		List<String> scp = jwt.getClaimAsStringList("scp");
		if (scp != null) {
			texts.addAll(scp);
		}
		List<SmartScope> scopes = new ArrayList<>();
		texts.forEach(text -> SmartScope.parse(text).ifPresent(scopes::add));
		return scopes;
	}

	/** The client the token was issued to: {@code azp}, else {@code client_id}. */
	private static String client(Jwt jwt) {
		String azp = jwt.getClaimAsString("azp");
		return azp != null ? azp : jwt.getClaimAsString("client_id");
	}

	/** {@code Type/id} from an absolute or relative reference, or null. */
	static String relative(String reference) {
		if (reference == null || reference.isBlank()) {
			return null;
		}
		String[] parts = reference.replaceAll("/_history/.*$", "").split("/");
		return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : null;
	}
}

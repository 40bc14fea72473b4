package dev.chartcheck.security;

import java.util.List;
import java.util.Objects;

/**
 * Who is asking, as the host's authentication established it (from a bearer token's claims): the basis of every
 * authorization decision. Never logged: it may name a clinician.
 *
 * @param role the party's role
 * @param scopes the SMART clinical scopes granted (others dropped)
 * @param fhirUser the user's own resource ({@code Practitioner/12}), or null
 * @param organization the organization the user acts for ({@code Organization/3}), or null: narrows an auditor to
 *        its records
 * @param restrictedData whether the user may see resources labeled restricted or very restricted (R, V) or under
 *        42 CFR Part 2
 * @param subject the token's subject (the user or system), for the audit trail; may be null
 * @param client the client application the token was issued to, for the audit trail; may be null
 */
public record Access(Role role, List<SmartScope> scopes, String fhirUser, String organization, boolean restrictedData,
		String subject, String client) {

	public Access {
		Objects.requireNonNull(role, "role");
		scopes = List.copyOf(scopes);
	}

	/**
	 * Whether this party reaches patient data only within some patients' records: a provider (their patients), or an
	 * auditor whose token names an organization (its patients).
	 */
	public boolean compartmental() {
		return role == Role.PROVIDER || (role == Role.AUDITOR && organization != null);
	}

	/** Whether some scope grants {@code permission} on {@code type}, in the given contexts. */
	public boolean granted(String type, SmartScope.Permission permission) {
		return scopes.stream().anyMatch(s -> s.allows(type, permission));
	}
}

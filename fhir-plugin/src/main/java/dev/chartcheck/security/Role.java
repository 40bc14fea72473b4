package dev.chartcheck.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The parties Chartcheck serves, named by a token's {@code chartcheck_role} claim. A role is a ceiling: what a
 * token may do is what its role allows <em>and</em> its SMART scopes grant (see {@link AccessPolicy}).
 */
public enum Role {
	/** The EHR: writes clinical resources, reads the gaps, calls {@code $audit} and {@code $validate}. */
	EHR("ehr"),
	/** A clinician ({@code fhirUser} a Practitioner): their own patients' records, gaps and Tasks; attests. */
	PROVIDER("provider"),
	/** A payer's or the practice's auditor: reads records, gaps, reports and the audit trail; runs {@code $audit}. */
	AUDITOR("auditor"),
	/** Runs the server: configuration, jobs, metrics, the audit trail; no clinical writes. */
	ADMIN("admin");

	private final String claim;

	Role(String claim) {
		this.claim = claim;
	}

	public String claim() {
		return claim;
	}

	public static Optional<Role> fromClaim(String value) {
		if (value == null) {
			return Optional.empty();
		}
		String wanted = value.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter(r -> r.claim.equals(wanted)).findFirst();
	}
}

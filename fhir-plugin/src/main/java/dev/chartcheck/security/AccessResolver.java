package dev.chartcheck.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;

/**
 * How the host tells Chartcheck who is asking: a server with authentication provides one (from its bearer tokens),
 * and Chartcheck's authorization rules then apply to every request. Without one, the server is open (and should
 * listen on loopback only).
 */
@FunctionalInterface
public interface AccessResolver {

	/** Who sent the request, or empty when it carries no identity Chartcheck recognizes (it is then refused). */
	Optional<Access> access(RequestDetails request);
}

package dev.chartcheck.audit;

/**
 * What a population audit covers: the whole server, a practitioner's records, or an organization's.
 *
 * @param subject {@code Practitioner/1} or {@code Organization/2}; null for the whole server
 */
public record AuditScope(String subject) {

	public static final AuditScope SERVER = new AuditScope(null);

	public boolean isServer() {
		return subject == null;
	}

	public String describe() {
		return isServer() ? "all records on the server" : "the records of " + subject;
	}
}

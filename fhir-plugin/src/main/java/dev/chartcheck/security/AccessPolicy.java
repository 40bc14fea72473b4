package dev.chartcheck.security;

import dev.chartcheck.security.SmartScope.Permission;
import java.util.EnumSet;
import java.util.Set;

/**
 * What each role may do at most, per resource type; a token gets the part of it that its SMART scopes grant. The
 * audit trail (AuditEvent) is written by the server alone, so no role may create, change or delete it; the gaps,
 * reports and remediation Tasks are Chartcheck's output, so clients only read them (a provider may also update a
 * Task of theirs).
 */
public final class AccessPolicy {

	static final Set<Permission> NONE = EnumSet.noneOf(Permission.class);
	static final Set<Permission> READ = EnumSet.of(Permission.READ, Permission.SEARCH);
	static final Set<Permission> ALL = EnumSet.allOf(Permission.class);
	static final Set<Permission> NO_DELETE = EnumSet.of(Permission.CREATE, Permission.READ, Permission.UPDATE, Permission.SEARCH);

	/** Chartcheck's own output: read-only for clients. */
	static final Set<String> OUTPUT = Set.of("DetectedIssue", "MeasureReport", "Task");
	/** The audit trail: written by the server only. */
	static final String AUDIT_TRAIL = "AuditEvent";
	/** Conformance and configuration resources: the admin's. */
	static final Set<String> CONFIGURATION = Set.of("StructureDefinition", "ValueSet", "CodeSystem", "ConceptMap",
			"SearchParameter", "OperationDefinition", "Questionnaire", "Measure", "Library", "ImplementationGuide",
			"CapabilityStatement", "NamingSystem", "Subscription");
	/** Directory resources a provider reads beside their patients' records. */
	static final Set<String> DIRECTORY = Set.of("Practitioner", "PractitionerRole", "Organization", "Location");
	/** What a provider sends to attest an audit (a transaction of a QuestionnaireResponse and its Provenance). */
	static final Set<String> ATTESTATION = Set.of("QuestionnaireResponse", "Provenance");

	private AccessPolicy() {}

	/** The most {@code role} may do on {@code type} (for a provider: within their patients' records, see the rules). */
	public static Set<Permission> ceiling(Role role, String type) {
		switch (role) {
			case EHR:
				if (AUDIT_TRAIL.equals(type)) {
					return NONE;
				}
				return OUTPUT.contains(type) || CONFIGURATION.contains(type) ? READ : ALL;
			case PROVIDER:
				if (AUDIT_TRAIL.equals(type) || CONFIGURATION.contains(type)) {
					return NONE;
				}
				if ("Task".equals(type)) {
					return EnumSet.of(Permission.READ, Permission.SEARCH, Permission.UPDATE);
				}
				if (OUTPUT.contains(type) || DIRECTORY.contains(type)) {
					return READ;
				}
				return NO_DELETE;
			case AUDITOR:
				return CONFIGURATION.contains(type) ? NONE : READ;
			case ADMIN:
				if (CONFIGURATION.contains(type)) {
					return ALL;
				}
				return AUDIT_TRAIL.equals(type) || OUTPUT.contains(type) ? READ : NONE;
			default:
				return NONE;
		}
	}

	/** Operations the role may call (on any level): {@code $audit} and its status, {@code $validate}. */
	public static Set<String> operations(Role role) {
		switch (role) {
			case EHR:
				return Set.of("$audit", "$audit-status", "$validate");
			case AUDITOR:
				return Set.of("$audit", "$audit-status");
			case ADMIN:
				return Set.of("$audit", "$audit-status", "$validate");
			default:
				return Set.of();
		}
	}

	/** What {@code access} may do on {@code type}: its role's ceiling, as far as its scopes grant it. */
	public static Set<Permission> granted(Access access, String type) {
		Set<Permission> granted = EnumSet.noneOf(Permission.class);
		for (Permission permission : ceiling(access.role(), type)) {
			if (access.granted(type, permission)) {
				granted.add(permission);
			}
		}
		return granted;
	}
}

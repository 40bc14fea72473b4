package dev.chartcheck.security;

import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import dev.chartcheck.security.SmartScope.Permission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;

/**
 * Turns what an {@link Access} is granted ({@link AccessPolicy}) into HAPI FHIR {@code AuthorizationInterceptor}
 * rules: read (HAPI's read covers search, so it needs both SMART {@code r} and {@code s}), create, update (HAPI's
 * write covers create and update, so an update without create is preceded by a deny of create) and delete; the
 * operations of the role; transactions whose entries each pass the rules; then a deny of everything else. For a
 * provider, the clinical rules hold only inside the Patient compartments of their patients, Tasks only inside
 * their own Practitioner compartment. A token that may search may follow a search's page links ({@link PageLinks}):
 * what a page holds is judged on the way out.
 *
 * <p>When a permission is granted on most resource types, the rule is one "all resources" allow preceded by denies
 * of the few others, rather than a rule per type.
 */
final class ScopeRules {

	private final Access access;
	private final Collection<String> resourceTypes;
	private final List<IIdType> patients;
	private final IIdType practitioner;
	private final RuleBuilder rules = new RuleBuilder();

	/**
	 * @param resourceTypes every resource type the server knows
	 * @param patients for a provider, the patients whose records they may reach (never empty: a placeholder when none)
	 * @param practitioner for a provider, their Practitioner
	 */
	ScopeRules(Access access, Collection<String> resourceTypes, List<IIdType> patients, IIdType practitioner) {
		this.access = access;
		this.resourceTypes = resourceTypes;
		this.patients = patients;
		this.practitioner = practitioner;
	}

	List<IAuthRule> build() {
		rules.allow("capabilities").metadata().andThen();
		for (String operation : AccessPolicy.operations(access.role())) {
			if ("$audit".equals(operation) && access.compartmental()) {
				// an organization's auditor audits the organization and its patients, nothing wider
				rules.allow(operation).operation().named(operation).onInstance(new IdType(access.organization()))
						.andAllowAllResponses().andThen();
				rules.allow(operation).operation().named(operation).onInstances(patients).andAllowAllResponses().andThen();
			} else {
				rules.allow(operation).operation().named(operation).atAnyLevel().andAllowAllResponses().andThen();
			}
		}
		if (access.role() == Role.EHR || access.role() == Role.PROVIDER) {
			rules.allow("transactions").transaction().withAnyOperation().andApplyNormalRules().andThen();
		}
		grant(Permission.READ, t -> has(t, Permission.READ) && has(t, Permission.SEARCH), () -> rules.allow("read").read(),
				() -> rules.deny("read").read());
		grant(Permission.UPDATE, t -> has(t, Permission.UPDATE), () -> rules.allow("update").write(),
				() -> rules.deny("update").write());
		grant(Permission.CREATE, t -> has(t, Permission.CREATE), () -> rules.allow("create").create(),
				() -> rules.deny("create").create());
		grant(Permission.DELETE, t -> has(t, Permission.DELETE), () -> rules.allow("delete").delete(),
				() -> rules.deny("delete").delete());
		List<IAuthRule> built = new ArrayList<>(rules.denyAll("Not permitted by the token's role and scopes").build());
		if (resourceTypes.stream().anyMatch(t -> has(t, Permission.READ) && has(t, Permission.SEARCH))) {
			// no rule before the reads decides a page request; the reads would, wrongly (see PageLinks)
			built.add(0, new PageLinks());
		}
		return built;
	}

	private boolean has(String type, Permission permission) {
		return AccessPolicy.granted(access, type).contains(permission);
	}

	/**
	 * Rules for one permission. An update granted without create is preceded by a deny of create (HAPI's write rule
	 * covers both). Most types granted: denies of the others, then one rule for all; else one rule per type.
	 */
	private void grant(Permission permission, Function<String, Boolean> granted, Supplier<IAuthRuleBuilderRuleOp> allow,
			Supplier<IAuthRuleBuilderRuleOp> deny) {
		List<String> yes = new ArrayList<>();
		List<String> no = new ArrayList<>();
		for (String type : resourceTypes) {
			(granted.apply(type) ? yes : no).add(type);
		}
		if (permission == Permission.UPDATE) {
			for (String type : yes) {
				if (!has(type, Permission.CREATE)) {
					rules.deny("update only").create().resourcesOfType(type).withAnyId().andThen();
				}
			}
		}
		if (yes.isEmpty()) {
			return;
		}
		if (yes.size() > no.size()) {
			for (String type : no) {
				deny.get().resourcesOfType(type).withAnyId().andThen();
			}
			if (!access.compartmental()) {
				allow.get().allResources().withAnyId().andThen();
				return;
			}
			for (String type : yes) {
				if (outsidePatientRecords(type)) {
					scoped(allow.get().resourcesOfType(type), type);
				}
			}
			allow.get().allResources().inCompartment("Patient", patients).andThen();
			return;
		}
		for (String type : yes) {
			scoped(allow.get().resourcesOfType(type), type);
		}
	}

	/** Types a provider reaches other than through their patients' records: the directory, attestations, Tasks. */
	private static boolean outsidePatientRecords(String type) {
		return AccessPolicy.DIRECTORY.contains(type) || AccessPolicy.ATTESTATION.contains(type) || "Task".equals(type);
	}

	/** For a provider, only inside their patients' records (Tasks: their own; directory and attestations: any). */
	private void scoped(IAuthRuleBuilderRuleOpClassifier rule, String type) {
		if (!access.compartmental() || AccessPolicy.DIRECTORY.contains(type) || AccessPolicy.ATTESTATION.contains(type)) {
			rule.withAnyId().andThen();
		} else if ("Task".equals(type) && practitioner != null) {
			rule.inCompartment("Practitioner", practitioner).andThen();
		} else {
			rule.inCompartment("Patient", patients).andThen();
		}
	}
}

package dev.chartcheck.fhir;

import dev.chartcheck.storage.SearchResults;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.FindingKey;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.StandardResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Reference;

/**
 * Turns a record check into the patient's DetectedIssues: one per finding key, created once, updated
 * when the finding changes, closed (never deleted) when the record no longer shows it. All writes of one
 * reconciliation go in one transaction; creates are conditional on the finding key, and updates carry
 * the version they were computed from. Persisted reconciliations of a patient run one at a time (see
 * {@link PatientLocks}, which also runs one again when it meets a conflict).
 */
public class GapReconciler {


	private final DaoRegistry daos;
	private final Duration remediationPeriod;

	public GapReconciler(DaoRegistry daos, Duration remediationPeriod) {
		this.daos = daos;
		this.remediationPeriod = remediationPeriod;
	}

	/**
	 * Reconciles and, when {@code persist}, stores the result.
	 *
	 * @return the patient's DetectedIssues for the standards checked, as they now stand
	 */
	public List<DetectedIssue> reconcile(RecordCheck check, AuditPeriod period, Instant now, boolean persist) {
		Plan plan = plan(check, period, now);
		if (persist && !plan.writes.isEmpty()) {
			store(plan);
		}
		return plan.result();
	}

	private Plan plan(RecordCheck check, AuditPeriod period, Instant now) {
		RecordSnapshot record = check.record();
		Map<String, DetectedIssue> existing = loadExisting(record.patientId());
		Map<String, Set<String>> examined = new HashMap<>();
		for (StandardResult result : check.results()) {
			examined.put(result.standard(), new HashSet<>(result.examined()));
		}

		Plan plan = new Plan();
		Set<String> found = new HashSet<>();
		for (Finding finding : check.findings()) {
			FindingKey key = finding.key(record.patientId());
			found.add(key.value());
			DetectedIssue issue = existing.get(key.value());
			if (finding.status() == GapStatus.CLOSED) {
				// a documented exception (a refusal, say): it closes a gap that was raised, and raises none
				if (issue != null) {
					DetectedIssue excepted = issue.copy();
					DetectedIssueMapper.closeAsException(excepted, finding, now);
					plan.keepOrUpdate(issue, excepted);
				}
			} else if (issue == null) {
				plan.create(DetectedIssueMapper.create(key, finding, now, remediationPeriod), key);
			} else {
				DetectedIssue updated = issue.copy();
				DetectedIssueMapper.apply(updated, finding, now, remediationPeriod);
				plan.keepOrUpdate(issue, updated);
			}
		}
		Map<String, Map<String, String>> satisfiedBy = new HashMap<>();
		check.results().forEach(r -> satisfiedBy.put(r.standard(), r.satisfiedBy()));
		for (Map.Entry<String, DetectedIssue> entry : existing.entrySet()) {
			DetectedIssue issue = entry.getValue();
			FindingKey key = DetectedIssueMapper.key(issue);
			if (found.contains(entry.getKey()) || key == null || !examined.containsKey(key.standard())) {
				continue;
			}
			GapStatus status = DetectedIssueMapper.gapStatus(issue);
			boolean stillInPlay = status == GapStatus.OPEN || status == GapStatus.PROSPECTIVE;
			boolean judged = !period.isBounded() || examined.get(key.standard()).contains(key.subject());
			if (stillInPlay && judged) {
				DetectedIssue closed = issue.copy();
				DetectedIssueMapper.close(closed, now, fixedBy(record, key.subject(), satisfiedBy.get(key.standard()).get(key.subject())));
				plan.keepOrUpdate(issue, closed);
			} else {
				plan.keep(issue);
			}
		}
		return plan;
	}

	/**
	 * What fixed a gap: the resource that now satisfies the standard (the Communication to the PCP, the
	 * renewed Consent), else the version of the resource that now meets it, or its removal.
	 */
	private static String fixedBy(RecordSnapshot record, String subject, String satisfiedBy) {
		if (satisfiedBy != null) {
			return "resolved by " + satisfiedBy;
		}
		return record.resolve(new Reference(subject))
				.map(r -> subject + " version " + r.getIdElement().getVersionIdPart() + " meets the standard")
				.orElse(subject + " is no longer part of the patient's record");
	}

	private Map<String, DetectedIssue> loadExisting(String patientId) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add("patient", new ReferenceParam(patientId));
		map.add("identifier", new TokenParam(FindingKey.SYSTEM, null));
		Map<String, DetectedIssue> byKey = new LinkedHashMap<>();
		for (var resource : SearchResults.all(daos.getResourceDao(DetectedIssue.class).search(map, new SystemRequestDetails()))) {
			DetectedIssue issue = (DetectedIssue) resource;
			FindingKey key = DetectedIssueMapper.key(issue);
			if (key != null) {
				byKey.putIfAbsent(key.value(), issue);
			}
		}
		return byKey;
	}

	@SuppressWarnings("unchecked")
	private void store(Plan plan) {
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Write write : plan.writes) {
			Bundle.BundleEntryComponent entry = tx.addEntry().setResource(write.issue);
			if (write.key != null) {
				entry.setFullUrl("urn:uuid:" + UUID.randomUUID());
				entry.getRequest()
						.setMethod(Bundle.HTTPVerb.POST)
						.setUrl("DetectedIssue")
						.setIfNoneExist("identifier=" + FindingKey.SYSTEM + "|" + write.key.value());
			} else {
				IdType id = write.issue.getIdElement();
				entry.setFullUrl("DetectedIssue/" + id.getIdPart());
				entry.getRequest()
						.setMethod(Bundle.HTTPVerb.PUT)
						.setUrl("DetectedIssue/" + id.getIdPart())
						.setIfMatch("W/\"" + id.getVersionIdPart() + "\"");
			}
		}
		IFhirSystemDao<Bundle, Meta> system = daos.getSystemDao();
		Bundle response = system.transactionNested(new SystemRequestDetails(), tx);
		for (int i = 0; i < plan.writes.size(); i++) {
			String location = response.getEntry().get(i).getResponse().getLocation();
			if (location != null) {
				plan.writes.get(i).issue.setId(new IdType(location));
			}
		}
	}

	private record Write(DetectedIssue issue, FindingKey key) {}

	/** The DetectedIssues as they will stand, and the writes that get them there. */
	private static final class Plan {
		final List<DetectedIssue> issues = new ArrayList<>();
		final List<Write> writes = new ArrayList<>();

		void create(DetectedIssue issue, FindingKey key) {
			issues.add(issue);
			writes.add(new Write(issue, key));
		}

		void keepOrUpdate(DetectedIssue stored, DetectedIssue wanted) {
			if (stored.equalsDeep(wanted)) {
				issues.add(stored);
			} else {
				issues.add(wanted);
				writes.add(new Write(wanted, null));
			}
		}

		void keep(DetectedIssue stored) {
			issues.add(stored);
		}

		List<DetectedIssue> result() {
			return List.copyOf(issues);
		}
	}
}

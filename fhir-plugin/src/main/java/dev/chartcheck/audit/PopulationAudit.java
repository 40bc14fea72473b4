package dev.chartcheck.audit;

import dev.chartcheck.remediation.RemediationTasks;

import dev.chartcheck.check.DetectedIssueMapper;
import dev.chartcheck.check.ChartcheckCanonicals;
import dev.chartcheck.storage.SearchResults;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import dev.chartcheck.check.CheckCore;
import dev.chartcheck.engine.AuditTally;
import dev.chartcheck.engine.Sample;
import dev.chartcheck.engine.Standard;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.chartcheck.engine.GapStatus;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A review of many records, as a plan audits a provider: find the patients in scope, draw the sample,
 * check and reconcile each record, and sum up in a summary MeasureReport that is stored (when
 * persisting) beside the earlier reports of the same scope.
 */
public class PopulationAudit {

	private static final Logger log = LoggerFactory.getLogger(PopulationAudit.class);

	private final AuditScopeResolver scopes;
	private final CheckCore core;
	private final RemediationTasks remediation;
	private final DaoRegistry daos;
	private final Clock clock;
	private final double goal;

	public PopulationAudit(
			AuditScopeResolver scopes,
			CheckCore core,
			RemediationTasks remediation,
			DaoRegistry daos,
			Clock clock,
			double goal) {
		this.scopes = scopes;
		this.remediation = remediation;
		this.core = core;
		this.daos = daos;
		this.clock = clock;
		this.goal = goal;
	}

	public Bundle audit(AuditScope scope, AuditParameters parameters, RequestDetails request) {
		Instant now = clock.instant();
		Draw draw = draw(scope, parameters);
		AuditTally tally = new AuditTally(parameters.standards().stream().map(Standard::code).toList());
		List<DetectedIssue> issues = check(draw.drawn(), parameters, tally, now, request);
		MeasureReport report = report(scope, parameters, draw, tally, overdue(issues, now), issues, now);
		return AuditReport.bundle(report, issues, now);
	}

	/** The records in scope, and those drawn from them. */
	public record Draw(int population, List<String> drawn) {}

	public Draw draw(AuditScope scope, AuditParameters parameters) {
		List<String> population = scopes.patients(scope);
		List<String> drawn = parameters.sampleSize() == null
				? population
				: Sample.draw(population, parameters.sampleSize(), parameters.seed());
		log.info("Auditing {}: {} of {} records", scope.describe(), drawn.size(), population.size());
		return new Draw(population.size(), drawn);
	}

	/** Checks and reconciles the given records, adding them to the tally; returns their DetectedIssues. */
	public List<DetectedIssue> check(
			List<String> patients, AuditParameters parameters, AuditTally tally, Instant now, RequestDetails request) {
		List<DetectedIssue> issues = new ArrayList<>();
		List<String> ids = patients.stream().map(p -> "Patient/" + new IdType(p).getIdPart()).toList();
		PatientAudit.knownPatient(() -> {
			core.checkAll(ids, parameters.period(), parameters.standards(), parameters.persist(), parameters.full(), now, outcome -> {
				tally.addCounts(outcome.counts(), 1);
				issues.addAll(outcome.issues());
			});
			return null;
		});
		return issues;
	}

	/** The summary report of the whole audit, stored with its remediation Tasks when persisting. */
	public MeasureReport report(
			AuditScope scope,
			AuditParameters parameters,
			Draw draw,
			AuditTally tally,
			Map<String, Integer> overdue,
			List<DetectedIssue> issues,
			Instant now) {
		SummaryReport.Draw summary = new SummaryReport.Draw(now, parameters.period().start(), parameters.period().end(),
				draw.population(), draw.drawn(), parameters.sampleSize(), parameters.seed(), overdue);
		MeasureReport report = SummaryReport.build(scope, tally, summary, goal, previous(scope));
		if (parameters.persist()) {
			report.setId(daos.getResourceDao(MeasureReport.class).create(report, new SystemRequestDetails()).getId()
					.toUnqualifiedVersionless());
			remediation.assign(report, issues, now);
		}
		return report;
	}

	/** Open gaps past their remediation due date, per standard. */
	public static Map<String, Integer> overdue(List<DetectedIssue> issues, Instant now) {
		Map<String, Integer> overdue = new HashMap<>();
		for (DetectedIssue issue : issues) {
			Extension due = issue.getExtensionByUrl(ChartcheckCanonicals.GAP_DUE_DATE);
			if (DetectedIssueMapper.gapStatus(issue) == GapStatus.OPEN && due != null
					&& ((DateType) due.getValue()).getValue().toInstant().isBefore(now)) {
				overdue.merge(DetectedIssueMapper.standard(issue), 1, Integer::sum);
			}
		}
		return overdue;
	}

	/** The latest stored report of the same scope, if any. */
	private Optional<MeasureReport> previous(AuditScope scope) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add("measure", new ReferenceParam(ChartcheckCanonicals.AUDIT_MEASURE));
		if (scope.isServer()) {
			map.add("subject", new ReferenceParam().setMissing(true));
			map.add("reporter", new ReferenceParam().setMissing(true));
		} else if (scope.subject().startsWith("Organization/")) {
			map.add("reporter", new ReferenceParam(scope.subject()));
		} else {
			map.add("subject", new ReferenceParam(scope.subject()));
		}
		map.setSort(new SortSpec("date", SortOrderEnum.DESC));
		map.setCount(1);
		return SearchResults.all(daos.getResourceDao(MeasureReport.class).search(map, new SystemRequestDetails())).stream()
				.map(MeasureReport.class::cast)
				.findFirst();
	}
}

package dev.chartcheck.remediation;

import dev.chartcheck.check.ChartcheckCanonicals;
import dev.chartcheck.check.DetectedIssueMapper;
import dev.chartcheck.storage.SearchResults;
import static dev.chartcheck.check.ChartcheckCanonicals.GAP_DUE_DATE;
import static dev.chartcheck.check.ChartcheckCanonicals.RESPONSIBLE_PRACTITIONER;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import dev.chartcheck.engine.GapStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * The remediation cycle (docs/STANDARDS.md#review-remediation-and-attestation): after a persisted audit, each
 * responsible practitioner gets one Task listing their open gaps (one input per DetectedIssue) and the due date; as
 * gaps close, the Task's matching items are marked resolved (an output naming the DetectedIssue), and the Task
 * completes when every item is.
 */
public class RemediationTasks {

	static final String ITEM = "open-gap";
	static final String RESOLVED = "resolved-gap";

	private final DaoRegistry daos;

	public RemediationTasks(DaoRegistry daos) {
		this.daos = daos;
	}

	/** One Task per responsible practitioner for the open gaps an audit found. */
	public void assign(MeasureReport report, List<DetectedIssue> issues, Instant now) {
		Map<String, List<DetectedIssue>> byPractitioner = new LinkedHashMap<>();
		for (DetectedIssue issue : issues) {
			Extension responsible = issue.getExtensionByUrl(RESPONSIBLE_PRACTITIONER);
			if (DetectedIssueMapper.gapStatus(issue) == GapStatus.OPEN && responsible != null) {
				byPractitioner.computeIfAbsent(((Reference) responsible.getValue()).getReference(), p -> new java.util.ArrayList<>())
						.add(issue);
			}
		}
		for (Map.Entry<String, List<DetectedIssue>> entry : byPractitioner.entrySet()) {
			daos.getResourceDao(Task.class).create(task(report, entry.getKey(), entry.getValue(), now), new SystemRequestDetails());
		}
	}

	/**
	 * Marks the items of open Tasks whose gaps this check closed (their mitigation is dated now),
	 * completing the Tasks that have none left.
	 */
	public void resolve(List<DetectedIssue> issues, Instant now) {
		Set<String> closed = issues.stream()
				.filter(i -> DetectedIssueMapper.gapStatus(i) == GapStatus.CLOSED && i.getIdElement().hasIdPart())
				.filter(i -> i.getMitigation().stream().anyMatch(m -> m.hasDate() && !m.getDate().toInstant().isBefore(now)))
				.map(i -> "DetectedIssue/" + i.getIdElement().getIdPart())
				.collect(Collectors.toSet());
		Set<String> owners = issues.stream()
				.filter(i -> closed.contains("DetectedIssue/" + i.getIdElement().getIdPart()))
				.map(i -> i.getExtensionByUrl(RESPONSIBLE_PRACTITIONER))
				.filter(java.util.Objects::nonNull)
				.map(e -> ((Reference) e.getValue()).getReference())
				.collect(Collectors.toSet());
		for (String owner : owners) {
			SearchParameterMap map = SearchParameterMap.newSynchronous();
			map.add("owner", new ReferenceParam(owner));
			map.add("status", new TokenOrListParam().add("requested").add("in-progress"));
			for (var resource : SearchResults.all(daos.getResourceDao(Task.class).search(map, new SystemRequestDetails()))) {
				Task task = (Task) resource;
				if (markResolved(task, closed)) {
					daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
				}
			}
		}
	}

	private static boolean markResolved(Task task, Set<String> closed) {
		Set<String> resolved = task.getOutput().stream()
				.map(o -> ((Reference) o.getValue()).getReference())
				.collect(Collectors.toSet());
		boolean changed = false;
		for (Task.ParameterComponent input : task.getInput()) {
			String gap = ((Reference) input.getValue()).getReference();
			if (closed.contains(gap) && resolved.add(gap)) {
				task.addOutput().setType(new CodeableConcept().setText(RESOLVED)).setValue(new Reference(gap));
				changed = true;
			}
		}
		if (changed) {
			task.setStatus(resolved.size() >= task.getInput().size() ? Task.TaskStatus.COMPLETED : Task.TaskStatus.INPROGRESS);
		}
		return changed;
	}

	private static Task task(MeasureReport report, String practitioner, List<DetectedIssue> gaps, Instant now) {
		Task task = new Task();
		task.setStatus(Task.TaskStatus.REQUESTED);
		task.setIntent(Task.TaskIntent.ORDER);
		task.getCode().setText("Resolve documentation deficiencies");
		String due = gaps.stream()
				.map(g -> g.getExtensionByUrl(GAP_DUE_DATE))
				.filter(java.util.Objects::nonNull)
				.map(e -> ((DateType) e.getValue()).getValueAsString())
				.min(Comparator.naturalOrder())
				.orElse(null);
		task.setDescription(gaps.size() + " open documentation gap" + (gaps.size() == 1 ? "" : "s")
				+ " found by the audit of " + new DateType(Date.from(now)).getValueAsString()
				+ (due == null ? "" : "; the first is due on " + due) + ".");
		task.setFocus(new Reference("MeasureReport/" + report.getIdElement().getIdPart()));
		task.setOwner(new Reference(practitioner));
		task.setRequester(new Reference("Device/" + ChartcheckCanonicals.DEVICE_ID));
		task.setAuthoredOn(Date.from(now));
		if (due != null) {
			task.getRestriction().setPeriod(new Period().setEndElement(new DateTimeType(due)));
		}
		for (DetectedIssue gap : gaps) {
			task.addInput()
					.setType(new CodeableConcept().setText(ITEM))
					.setValue(new Reference("DetectedIssue/" + gap.getIdElement().getIdPart()).setDisplay(gap.getDetail()));
		}
		return task;
	}
}

package dev.chartcheck.remediation;

import dev.chartcheck.check.CheckActivity;

import dev.chartcheck.check.DetectedIssueMapper;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.chartcheck.engine.GapStatus;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts gaps opened and closed where it happens: as Chartcheck's DetectedIssues are stored, whoever stores them
 * (the reconciler after a write, an audit or a background chunk). A gap counts once its transaction commits, so a
 * reconciliation that is rolled back and retried counts once.
 */
@Interceptor
public class GapTransitions {

	private final CheckActivity activity;

	public GapTransitions(CheckActivity activity) {
		this.activity = activity;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		if (resource instanceof DetectedIssue issue && isGap(issue) && inPlay(DetectedIssueMapper.gapStatus(issue))) {
			afterCommit(() -> activity.gapOpened(DetectedIssueMapper.standard(issue)));
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		if (!(resource instanceof DetectedIssue issue) || !(previous instanceof DetectedIssue before) || !isGap(issue)) {
			return;
		}
		boolean was = inPlay(DetectedIssueMapper.gapStatus(before));
		GapStatus now = DetectedIssueMapper.gapStatus(issue);
		String standard = DetectedIssueMapper.standard(issue);
		if (!was && inPlay(now)) {
			afterCommit(() -> activity.gapOpened(standard));
		} else if (was && now == GapStatus.CLOSED) {
			afterCommit(() -> activity.gapClosed(standard));
		}
	}

	/** Chartcheck's own DetectedIssues: those with a finding key and a standard. */
	private static boolean isGap(DetectedIssue issue) {
		return DetectedIssueMapper.key(issue) != null && DetectedIssueMapper.standard(issue) != null;
	}

	private static boolean inPlay(GapStatus status) {
		return status == GapStatus.OPEN || status == GapStatus.PROSPECTIVE;
	}

	private static void afterCommit(Runnable count) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			count.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				count.run();
			}
		});
	}
}

package dev.chartcheck.job;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps background audits moving. A Batch2 job with gated steps advances only on a job-maintenance pass: the pass
 * hands the ready chunks of a step to the workers, moves the job to its next step once every chunk is done, and
 * starts the reduction. HAPI runs the pass once a minute, so a background audit waited about a minute between its
 * steps, whatever its size. While an audit runs, this pacer runs a pass every {@link #PACE}; it follows the audits
 * this server starts at once, and those any server sharing the database runs (resumed after a crash, or started
 * elsewhere) at its next look, every {@link #LOOK}. With no audit running it reads nothing but that look.
 */
public class AuditJobPacer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditJobPacer.class);

	/** How often a pass runs while an audit runs. */
	static final Duration PACE = Duration.ofMillis(250);

	/** How often the job store is asked for running audits this server does not follow yet. */
	static final Duration LOOK = Duration.ofSeconds(5);

	private static final Set<StatusEnum> RUNNING =
			EnumSet.of(StatusEnum.QUEUED, StatusEnum.IN_PROGRESS, StatusEnum.ERRORED, StatusEnum.FINALIZE);
	private static final int PAGE = 100;

	/** How long stopping waits for a pass under way to end. */
	static final Duration STOP_WAIT = Duration.ofSeconds(30);

	private final IJobCoordinator jobs;
	private final IJobMaintenanceService maintenance;
	private final Set<String> followed = ConcurrentHashMap.newKeySet();
	private ScheduledExecutorService timer;
	private volatile long lookedAt;

	public AuditJobPacer(IJobCoordinator jobs, IJobMaintenanceService maintenance) {
		this.jobs = jobs;
		this.maintenance = maintenance;
		this.lookedAt = System.nanoTime() - LOOK.toNanos(); // the first tick looks
	}

	/** Follows an audit just started, so that its first pass comes at once. */
	public void follow(String jobId) {
		followed.add(jobId);
	}

	@Override
	public synchronized void start() {
		if (timer != null) {
			return;
		}
		timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "chartcheck-audit-pacer");
			thread.setDaemon(true);
			return thread;
		});
		timer.scheduleWithFixedDelay(this::tick, 0, PACE.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Stops the passes, letting one under way end (up to {@link #STOP_WAIT}) rather than interrupting it: a thread
	 * interrupted while it writes closes the embedded database's file, and every transaction in the server then fails.
	 */
	@Override
	public void stop() {
		ScheduledExecutorService stopped;
		synchronized (this) {
			stopped = timer;
			timer = null;
		}
		if (stopped == null) {
			return;
		}
		stopped.shutdown();
		try {
			if (!stopped.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("A background audit's job-maintenance pass was still running {} s after the stop; left to end", STOP_WAIT.toSeconds());
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return timer != null;
	}

	/** Runs a pass if an audit runs. Never throws: a failed look or pass is tried again at the next tick. */
	void tick() {
		try {
			long now = System.nanoTime();
			if (now - lookedAt >= LOOK.toNanos()) {
				lookedAt = now;
				look();
			}
			followed.removeIf(this::ended);
			if (!followed.isEmpty()) {
				maintenance.runMaintenancePass();
			}
		} catch (RuntimeException e) {
			log.debug("Background audit pacing: {}", e.toString());
		}
	}

	/** Follows every audit not ended that the job store holds. */
	private void look() {
		for (int page = 0; ; page++) {
			var instances = jobs.getJobInstancesByJobDefinitionIdAndStatuses(AuditJob.JOB_DEFINITION_ID, RUNNING, PAGE, page);
			instances.forEach(instance -> followed.add(instance.getInstanceId()));
			if (instances.size() < PAGE) {
				return;
			}
		}
	}

	private boolean ended(String jobId) {
		try {
			JobInstance instance = jobs.getInstance(jobId);
			return instance.isFinished();
		} catch (RuntimeException e) {
			return true; // gone
		}
	}
}

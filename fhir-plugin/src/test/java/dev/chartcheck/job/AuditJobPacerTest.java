package dev.chartcheck.job;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AuditJobPacerTest {

	/**
	 * A pass under way when the server stops must end by itself: interrupting the thread in a database write closes an
	 * embedded H2 database's file (ClosedByInterruptException), and every transaction of the server then fails.
	 */
	@Test
	void stoppingLetsAPassUnderWayEndWithoutInterruptingIt() throws Exception {
		CountDownLatch passStarted = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicBoolean passEnded = new AtomicBoolean();
		IJobMaintenanceService maintenance = new IJobMaintenanceService() {
			@Override
			public void runMaintenancePass() {
				passStarted.countDown();
				long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
				while (System.nanoTime() < until) {
					if (Thread.currentThread().isInterrupted()) {
						interrupted.set(true);
						return;
					}
				}
				passEnded.set(true);
			}

			@Override
			public boolean triggerMaintenancePass() {
				return false;
			}

			@Override
			public void forceMaintenancePass() {
			}

			@Override
			public void enableMaintenancePass(boolean enabled) {
			}
		};
		AuditJobPacer pacer = new AuditJobPacer(runningAudit(), maintenance);
		pacer.follow("job-1");
		pacer.start();
		assertThat(passStarted.await(10, TimeUnit.SECONDS)).as("a pass runs while an audit runs").isTrue();

		pacer.stop();

		assertThat(interrupted).as("the pass was interrupted").isFalse();
		assertThat(passEnded).as("stop() returned before the pass under way ended").isTrue();
		assertThat(pacer.isRunning()).isFalse();
	}

	/** A job coordinator whose one audit is always running. */
	private static IJobCoordinator runningAudit() {
		return (IJobCoordinator) Proxy.newProxyInstance(AuditJobPacerTest.class.getClassLoader(), new Class<?>[] {IJobCoordinator.class},
				(proxy, method, args) -> switch (method.getName()) {
					case "getInstance" -> {
						JobInstance instance = new JobInstance();
						instance.setInstanceId((String) args[0]);
						instance.setStatus(StatusEnum.IN_PROGRESS);
						yield instance;
					}
					case "getJobInstancesByJobDefinitionIdAndStatuses" -> List.of();
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> "running audit";
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}
}

package dev.chartcheck.config;

import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardsCatalog;
import dev.chartcheck.check.CheckActivity;
import dev.chartcheck.storage.NoteClones;
import dev.chartcheck.storage.PatientLocks;
import dev.chartcheck.write.WriteChecks;
import dev.chartcheck.job.AuditJobProgress;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chartcheck's meters, in the host's meter registry when it has Micrometer (Spring Boot's actuator serves them at
 * {@code /actuator/metrics}, and at {@code /actuator/prometheus} with the Prometheus registry). Their tags are
 * standard codes and triggers only: no patient, resource id or text, so that a scrape carries no PHI. Every
 * standard's series exist from the start, at zero.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
class ChartcheckMetrics {

	@Bean
	public MeterBinder chartcheckWriteCheckMetrics(WriteChecks writeChecks) {
		return registry -> FunctionCounter.builder("chartcheck.write.check.failures", writeChecks, WriteChecks::failures)
				.description("Write-time checks that failed; the write was kept, and the next audit catches up")
				.register(registry);
	}

	@Bean
	public MeterBinder chartcheckSharedCheckMetrics(PatientLocks locks) {
		return registry -> FunctionCounter.builder("chartcheck.write.check.shared", locks, PatientLocks::shared)
				.description("Write-time checks answered by a check of the same patient that began after their write committed")
				.register(registry);
	}

	@Bean
	public MeterBinder chartcheckCloneIndexMetrics(NoteClones clones) {
		return registry -> {
			Gauge.builder("chartcheck.clones.indexed.notes", clones, c -> c.stats().notes())
					.description("Notes in the clone index").register(registry);
			Gauge.builder("chartcheck.clones.index.bytes", clones, c -> c.stats().indexBytes() + c.stats().boilerplateBytes())
					.description("Memory held by the clone index and its template-text learner").baseUnit("bytes").register(registry);
		};
	}

	/** Records checked per standard and trigger, gaps opened and closed, failed audits, the write-time check's duration. */
	@Bean
	public MeterBinder chartcheckCheckMetrics(CheckActivity activity, StandardsCatalog catalog) {
		return registry -> {
			for (Standard standard : catalog.all()) {
				String code = standard.code();
				for (CheckActivity.Trigger trigger : CheckActivity.Trigger.values()) {
					FunctionCounter.builder("chartcheck.checks", activity, a -> a.checks(code, trigger))
							.description("Records checked against a standard, by what made them be checked (write, audit, background)")
							.tags("standard", code, "trigger", trigger.tag())
							.register(registry);
				}
				FunctionCounter.builder("chartcheck.gaps.opened", activity, a -> a.opened(code))
						.description("Gaps (DetectedIssues) that became open or prospective: created so, or reopened")
						.tag("standard", code)
						.register(registry);
				FunctionCounter.builder("chartcheck.gaps.closed", activity, a -> a.closed(code))
						.description("Open or prospective gaps (DetectedIssues) that were closed")
						.tag("standard", code)
						.register(registry);
			}
			for (CheckActivity.Trigger trigger : new CheckActivity.Trigger[] {CheckActivity.Trigger.AUDIT, CheckActivity.Trigger.BACKGROUND}) {
				FunctionCounter.builder("chartcheck.audit.failures", activity, a -> a.failures(trigger))
						.description("$audit calls that failed with a server error, and background audit chunks that failed (and are retried)")
						.tag("trigger", trigger.tag())
						.register(registry);
			}
			Timer timer = Timer.builder("chartcheck.write.check.duration")
					.description("How long the write-time checks of one request take (after its commit; enforced standards before it)")
					.publishPercentileHistogram()
					.register(registry);
			activity.onWriteCheckDuration(timer::record);
		};
	}

	/** The background audits not yet ended, on every server sharing the database. */
	@Bean
	public MeterBinder chartcheckAuditJobMetrics(AuditJobProgress progress) {
		return registry -> {
			gauge(registry, "chartcheck.audit.jobs.running", progress, p -> p.now().running(),
					"Background audits not yet ended (queued, in progress, retrying or summing up)");
			gauge(registry, "chartcheck.audit.jobs.records", progress, p -> p.now().records(),
					"Records the background audits not yet ended are to check");
			gauge(registry, "chartcheck.audit.jobs.records.checked", progress, p -> p.now().checked(),
					"Records the background audits not yet ended have checked (summed up by each job maintenance pass)");
		};
	}

	private static void gauge(io.micrometer.core.instrument.MeterRegistry registry, String name, AuditJobProgress progress,
			ToDoubleFunction<AuditJobProgress> value, String description) {
		Gauge.builder(name, progress, p -> {
					try {
						return value.applyAsDouble(p);
					} catch (RuntimeException e) {
						return Double.NaN;
					}
				})
				.description(description)
				.register(registry);
	}
}

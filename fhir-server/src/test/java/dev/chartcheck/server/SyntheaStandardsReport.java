package dev.chartcheck.server;

import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardResult;
import dev.chartcheck.engine.Windows;
import dev.chartcheck.storage.RecordSnapshotLoader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What some standards find in the generated Synthea patients, checked at a chosen moment and logged finding by finding,
 * so that a reviewer can read the records behind them. Synthea writes its patients' histories up to its reference date,
 * so a check at that date sees them as a live practice would; the fixed test clock, 17 months later, sees a record that
 * stopped. Nothing is stored.
 */
final class SyntheaStandardsReport {

	private static final Logger log = LoggerFactory.getLogger(SyntheaStandardsReport.class);

	/** What one standard made of the patients: records examined, and the gaps. */
	record Tally(String standard, int patientsExamined, int examined, List<Finding> findings) {}

	private SyntheaStandardsReport() {}

	static Map<String, Tally> run(
			RecordSnapshotLoader loader, List<Standard> standards, Windows windows, List<String> patients, Instant at) {
		Map<String, List<Finding>> findings = new LinkedHashMap<>();
		Map<String, int[]> examined = new LinkedHashMap<>();
		standards.forEach(s -> {
			findings.put(s.code(), new ArrayList<>());
			examined.put(s.code(), new int[2]);
		});
		for (String patient : patients) {
			RecordSnapshot record = loader.load(new IdType(patient), AuditPeriod.ALL, null, standards);
			RecordCheck check = RecordCheck.run(record, standards, new EvaluationContext(at, windows));
			for (StandardResult result : check.results()) {
				int[] counts = examined.get(result.standard());
				counts[0] += result.examined().isEmpty() ? 0 : 1;
				counts[1] += result.examined().size();
				findings.get(result.standard()).addAll(result.findings());
			}
		}
		Map<String, Tally> tallies = new LinkedHashMap<>();
		for (Standard standard : standards) {
			int[] counts = examined.get(standard.code());
			List<Finding> gaps = findings.get(standard.code());
			tallies.put(standard.code(), new Tally(standard.code(), counts[0], counts[1], gaps));
			log.info("Synthea report at {}: {} examined {} of {} patients ({} records) and found {} gaps",
					at, standard.code(), counts[0], patients.size(), counts[1], gaps.size());
			for (Finding gap : gaps) {
				log.info("Synthea report at {}:   {} {} {}: {}", at, standard.code(), gap.subject(), gap.status(), gap.detail());
			}
		}
		return tallies;
	}
}

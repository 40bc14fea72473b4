package dev.chartcheck.check;

import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.RecordSnapshot;
import java.util.List;
import java.util.Map;

/** Where the check core reads patients' records: in the server, the DAO-backed loader in {@code storage}. */
public interface RecordSource {

	/**
	 * The records of these patients ({@code Patient/123}), with what {@code needs} asks and no more, by patient id; a
	 * patient who does not exist is left out.
	 */
	Map<String, RecordSnapshot> load(List<String> patientIds, AuditPeriod period, RecordNeeds needs);

	/**
	 * A source for many loads in a row (the chunks of one audit), which may keep what the records share (clinicians,
	 * organizations) from one load to the next. This source itself by default.
	 */
	default RecordSource batch() {
		return this;
	}
}

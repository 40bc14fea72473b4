package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.chartcheck.check.CheckCore;
import dev.chartcheck.check.CheckSettings;
import dev.chartcheck.check.RecordNeeds;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.Windows;
import dev.chartcheck.storage.CheckStateTable;
import dev.chartcheck.storage.DetectedIssueStore;
import dev.chartcheck.storage.NoteClones;
import dev.chartcheck.storage.RecordSnapshotLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;

/**
 * Findings kept current must be exactly what a full re-check finds: a population check that takes unchanged records
 * from their stored state and gaps is compared, record by record and gap by gap (every DetectedIssue as stored, its
 * version included, and the compliance counts per standard, practitioner and licensure), with a check of every record,
 * after a persisted check, as time passes (a moved clock), after writes to some records and to a shared clinician,
 * and under another configuration. Each comparison also says how many records were kept, so that a state that is
 * never current (every record checked again, which would compare equal trivially) fails too.
 */
final class KeptCurrentChecks {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final List<Duration> CLOCK_MOVES =
			List.of(Duration.ofDays(1), Duration.ofDays(40), Duration.ofDays(400), Duration.ofDays(20 * 365));

	private final CheckCore core;
	private final List<Standard> standards;
	private final List<String> patients;

	KeptCurrentChecks(CheckCore core, List<Standard> standards, List<String> patients) {
		this.core = core;
		this.standards = standards;
		this.patients = patients;
	}

	/**
	 * Compares after a persisted check and as time passes; returns how many records were compared. The writes and the
	 * change of configuration change the records, so {@link #assertKeptAsFull} runs them only where the records are
	 * the tests' own.
	 */
	static int assertKeptAsFullAsTimePasses(CheckCore core, List<Standard> standards, List<String> patients, NoteClones clones,
			RecordSnapshotLoader loader) throws InterruptedException {
		KeptCurrentChecks checks = new KeptCurrentChecks(core, standards, patients);
		Instant now = core.now();
		assertThat(assertDeadlinesHold(core, loader, standards, patients)).as("outcomes that time alone changes").isPositive();
		awaitSteadyComparison(clones);
		core.checkAll(patients, AuditPeriod.ALL, standards, true, true, now, c -> {});
		assertThat(checks.compare(now, "nothing changed")).as("records kept with nothing changed").isEqualTo(patients.size());
		for (Duration move : List.of(Duration.ofDays(40), Duration.ofDays(20 * 365))) {
			checks.compare(now.plus(move), "the clock moved by " + move);
		}
		return patients.size();
	}

	/** Runs the whole comparison; returns how many records were compared. */
	static int assertKeptAsFull(DaoRegistry daos, CheckCore core, List<Standard> standards, List<String> patients,
			NoteClones clones, RecordSnapshotLoader loader, DetectedIssueStore gaps, CheckStateTable states, Clock clock)
			throws InterruptedException {
		KeptCurrentChecks checks = new KeptCurrentChecks(core, standards, patients);
		Instant now = core.now();
		assertThat(assertDeadlinesHold(core, loader, standards, patients)).as("outcomes that time alone changes").isPositive();
		awaitSteadyComparison(clones);

		// a persisted check of every record notes each record's state; with nothing changed since, every record is kept
		core.checkAll(patients, AuditPeriod.ALL, standards, true, true, now, c -> {});
		assertThat(checks.compare(now, "nothing changed")).as("records kept with nothing changed").isEqualTo(patients.size());

		// time alone: each record is checked again once a window closes, a consent expires, a patient comes of age…
		for (Duration move : CLOCK_MOVES) {
			int kept = checks.compare(now.plus(move), "the clock moved by " + move);
			if (move.compareTo(Duration.ofDays(400)) >= 0) {
				assertThat(kept).as("records kept %s later", move).isLessThan(patients.size());
			}
		}

		// writes to some records: those are checked again, the others kept (the clone check aside, which any note changes)
		List<Standard> withoutClones = standards.stream().filter(s -> !s.readsClones()).toList();
		List<String> written = patients.subList(0, Math.min(3, patients.size()));
		List<org.hl7.fhir.r4.model.IdType> added = new ArrayList<>();
		for (String patient : written) {
			DocumentReference note = new DocumentReference();
			note.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
			note.setSubject(new Reference(patient));
			note.setDate(java.util.Date.from(now.minus(Duration.ofDays(2))));
			note.addContent().getAttachment().setContentType("text/plain")
					.setData(("Patient seen for follow-up of " + patient + "; plan unchanged.").getBytes());
			added.add((org.hl7.fhir.r4.model.IdType) daos.getResourceDao(DocumentReference.class)
					.create(note, new SystemRequestDetails()).getId().toUnqualifiedVersionless());
		}
		int keptAfterWrites = new KeptCurrentChecks(core, withoutClones, patients).compare(now, "after writes to " + written);
		assertThat(keptAfterWrites).as("records kept after writes to %s", written).isEqualTo(patients.size() - written.size());
		checks.compare(now, "after writes, every standard");

		// a write to what records share (a clinician): every record is checked again
		core.checkAll(patients, AuditPeriod.ALL, standards, true, true, now, c -> {});
		assertThat(checks.compare(now, "checked after the writes")).isEqualTo(patients.size());
		Practitioner practitioner = new Practitioner();
		practitioner.addName().setFamily("Newcomer");
		daos.getResourceDao(Practitioner.class).create(practitioner, new SystemRequestDetails());
		assertThat(checks.compare(now, "after a clinician was added")).as("records kept after a clinician was added").isZero();

		// the notes written are entered in error (the records as the other tests left them), and their gaps closed
		for (org.hl7.fhir.r4.model.IdType id : added) {
			DocumentReference note = daos.getResourceDao(DocumentReference.class).read(id, new SystemRequestDetails());
			note.setStatus(Enumerations.DocumentReferenceStatus.ENTEREDINERROR);
			daos.getResourceDao(DocumentReference.class).update(note, new SystemRequestDetails());
		}
		checks.compare(now, "after the notes were entered in error");

		// another configuration: every record is checked again, and answers as a full re-check under it
		core.checkAll(patients, AuditPeriod.ALL, standards, true, true, now, c -> {});
		Windows defaults = core.settings().windows();
		Windows other = new Windows(defaults.signing(), defaults.lateEntry(), defaults.documentation(), defaults.clockSkew(),
				defaults.coordination().plusDays(5), defaults.consentRenewal(), defaults.consentLookAhead(), defaults.episodeGap(),
				defaults.screeningLookBack(), defaults.screeningFollowUp(), defaults.preventiveLookBack(),
				defaults.wellChildLookBack(), defaults.screeningCutOffs());
		CheckCore reconfigured = new CheckCore(loader, gaps, (issues, at) -> {},
				new CheckSettings(other, core.settings().codes(), core.settings().remediationPeriod()), clock, states, "");
		assertThat(new KeptCurrentChecks(reconfigured, standards, patients).compare(now, "under another configuration"))
				.as("records kept under another configuration").isZero();
		// and once checked again, persisted, the unchanged records are kept again
		core.checkAll(patients, AuditPeriod.ALL, standards, true, true, now, c -> {});
		assertThat(checks.compare(now, "checked again")).isEqualTo(patients.size());
		return patients.size();
	}

	/**
	 * Each standard alone, on each record: until the instant it says time alone changes its outcome
	 * ({@link dev.chartcheck.engine.RecordCheck#recheckAfter}), it finds the same as now, and with no such instant it
	 * finds the same years from now. (Per standard, so that one standard's early deadline cannot hide another's
	 * missing one.) Returns how many standards' outcomes on a record were found to depend on time.
	 */
	static int assertDeadlinesHold(CheckCore core, RecordSnapshotLoader loader, List<Standard> standards, List<String> patients) {
		Instant now = core.now();
		int timed = 0;
		for (int from = 0; from < patients.size(); from += CheckCore.CHUNK) {
			List<String> chunk = patients.subList(from, Math.min(patients.size(), from + CheckCore.CHUNK));
			Map<String, RecordSnapshot> records = loader.load(chunk, AuditPeriod.ALL, RecordNeeds.of(standards));
			for (String patient : chunk) {
				RecordSnapshot record = records.get(patient);
				for (Standard standard : standards) {
					RecordCheck then = core.evaluate(record, List.of(standard), now);
					Instant deadline = then.recheckAfter();
					List<Instant> probes = deadline == null
							? List.of(now.plus(Duration.ofDays(400)), now.plus(Duration.ofDays(20 * 365)))
							: List.of(deadline.minusMillis(1), now.plus(Duration.between(now, deadline).dividedBy(2)));
					timed += deadline == null ? 0 : 1;
					for (Instant probe : probes) {
						assertThat(core.evaluate(record, List.of(standard), probe).results())
								.as("%s on %s at %s (deadline %s)", standard.code(), patient, probe, deadline)
								.isEqualTo(then.results());
					}
				}
			}
		}
		return timed;
	}

	/** Compares the kept-current answer with a full re-check at {@code at}; returns how many records were kept. */
	private int compare(Instant at, String when) {
		Map<String, String> full = new TreeMap<>();
		core.checkAll(patients, AuditPeriod.ALL, standards, false, true, at, c -> {
			assertThat(c.kept()).isFalse();
			full.put(patientOf(c, full.size()), text(c));
		});
		Map<String, String> kept = new TreeMap<>();
		int[] keptCount = {0};
		core.checkAll(patients, AuditPeriod.ALL, standards, false, false, at, c -> {
			keptCount[0] += c.kept() ? 1 : 0;
			kept.put(patientOf(c, kept.size()), text(c));
		});
		assertThat(kept.keySet()).as(when).isEqualTo(full.keySet());
		for (String patient : full.keySet()) {
			assertThat(kept.get(patient)).as("%s, %s", patient, when).isEqualTo(full.get(patient));
		}
		return keptCount[0];
	}

	private String patientOf(CheckCore.Checked checked, int index) {
		return String.format("%05d %s", index, patients.get(index));
	}

	/** A record's answer as comparable text: its counts, then its DetectedIssues as stored or planned, sorted. */
	private static String text(CheckCore.Checked checked) {
		StringBuilder text = new StringBuilder();
		new TreeMap<>(checked.counts()).forEach((standard, counts) -> new TreeMap<>(counts).forEach((key, pair) ->
				text.append(standard).append(' ').append(key).append(' ').append(pair[0]).append('/').append(pair[1]).append('\n')));
		List<String> issues = new ArrayList<>();
		for (DetectedIssue issue : checked.issues()) {
			issues.add(issue.getIdElement().getValue() + " " + FHIR.newJsonParser().encodeResourceToString(issue));
		}
		issues.stream().sorted().forEach(issue -> text.append(issue).append('\n'));
		return text.toString();
	}

	/** Waits until the clone comparison has stopped changing (a re-signing after the last writes, say). */
	private static void awaitSteadyComparison(NoteClones clones) throws InterruptedException {
		String last = clones.stamp();
		for (int i = 0; i < 100; i++) {
			Thread.sleep(200);
			String now = clones.stamp();
			if (now.equals(last) && !now.endsWith(":reindexing") && !now.endsWith(":building")) {
				return;
			}
			last = now;
		}
	}
}

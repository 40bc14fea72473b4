package dev.chartcheck.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The records of {@link ConcurrentWritesTest}: a copy of the behavioral-health scenario {@code consent-expired}
 * (a patient with a PCP, seven visits and an expired release-of-information consent) under its own ids, and for
 * each writer a stream of writes to that patient's record, on resources the writer owns: new visits, notes for
 * them (now signed and dated, now not), corrections and withdrawals of those notes, renewed consents and their
 * withdrawal. Every write changes what it writes, so each is a new version.
 */
final class ConcurrentRecords {

	private static final String[] WORDS = {
		"anxiety", "sleep", "worry", "breathing", "exercise", "mood", "appetite", "family", "work", "school",
		"medication", "dose", "side", "effects", "tolerated", "improved", "worse", "stable", "panic", "avoidance",
		"exposure", "homework", "journal", "relapse", "trigger", "coping", "plan", "safety", "support", "goals"
	};

	private final String prefix;

	ConcurrentRecords(String prefix) {
		this.prefix = prefix;
	}

	String patient() {
		return "Patient/" + prefix + "-pat";
	}

	/** The scenario's transaction under this record's ids and MRN (its notes' text keeps the scenario's MRN). */
	String baseRecord() {
		Path scenario = Path.of(System.getProperty("chartcheck.test-bundles", "../test-bundles"), "consent-expired.bundle.json");
		try {
			return Files.readString(scenario).replace("cons-exp-", prefix + "-").replace("BVP-902247", prefix + "-MRN");
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** One acknowledged-or-not write: a PUT of {@code body} at {@code reference}. */
	record Write(String reference, String body) {}

	/** One writer's writes, drawn from its own seeded random: reproducible, and only on resources it created. */
	static final class Writer {
		private final String name;
		private final List<ConcurrentRecords> records;
		private final Random random;
		private final List<Visit> visits = new ArrayList<>();
		private final List<String[]> consents = new ArrayList<>();
		private int serial;

		Writer(String name, List<ConcurrentRecords> records, Random random) {
			this.name = name;
			this.records = records;
			this.random = random;
		}

		Write next() {
			serial++;
			int kind = random.nextInt(10);
			if (visits.isEmpty() || kind < 3) {
				ConcurrentRecords record = records.get(random.nextInt(records.size()));
				Visit visit = new Visit(record, record.prefix + "-" + name + "-v" + serial, 2 + random.nextInt(26), random.nextInt(4));
				visits.add(visit);
				return new Write("Encounter/" + visit.id + "-enc", visit.encounter());
			}
			if (kind < 8) {
				Visit visit = visits.get(random.nextInt(visits.size()));
				visit.noteVersion++;
				String state = kind == 7 && visit.noteVersion > 1 ? "entered-in-error" : "current";
				return new Write("DocumentReference/" + visit.id + "-doc", visit.note(random.nextBoolean(), state, text(visit)));
			}
			if (consents.isEmpty() || kind == 8) {
				ConcurrentRecords record = records.get(random.nextInt(records.size()));
				String id = record.prefix + "-" + name + "-c" + serial;
				consents.add(new String[] {id, record.prefix, "active"});
				return new Write("Consent/" + id, consent(record.prefix, id, "active", 1 + random.nextInt(28)));
			}
			// withdrawn, or given again: each update flips the status, so it is a new version
			String[] consent = consents.get(random.nextInt(consents.size()));
			consent[2] = "active".equals(consent[2]) ? "inactive" : "active";
			return new Write("Consent/" + consent[0], consent(consent[1], consent[0], consent[2], 1 + random.nextInt(28)));
		}

		/** A note's text: the patient's page header, then words of its own, so that no two notes are copies. */
		private String text(Visit visit) {
			StringBuilder text = new StringBuilder("Patient: Simone Delacroix    MRN: " + visit.record.prefix + "-MRN\nProgress note "
					+ visit.id + " version " + visit.noteVersion + "\n");
			for (int i = 0; i < 40; i++) {
				text.append(WORDS[random.nextInt(WORDS.length)]).append(i % 10 == 9 ? ".\n" : " ");
			}
			return text.toString();
		}
	}

	/** A visit in May 2026 (the test clock reads 2026-06-01): the encounter, and its note once written. */
	private static final class Visit {
		final ConcurrentRecords record;
		final String id;
		final int day;
		final int hour;
		int noteVersion;

		Visit(ConcurrentRecords record, String id, int day, int hour) {
			this.record = record;
			this.id = id;
			this.day = day;
			this.hour = 9 + hour;
		}

		String encounter() {
			return """
					{"resourceType":"Encounter","id":"%s-enc","status":"finished",
					 "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
					 "type":[{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":"90834"}],"text":"Psychotherapy, 45 minutes"}],
					 "subject":{"reference":"Patient/%s-pat"},
					 "participant":[{"individual":{"reference":"Practitioner/%s-ther"}}],
					 "period":{"start":"2026-05-%02dT%02d:00:00-04:00","end":"2026-05-%02dT%02d:45:00-04:00"},
					 "serviceProvider":{"reference":"Organization/%s-org"}}
					""".formatted(id, record.prefix, record.prefix, day, hour, day, hour, record.prefix);
		}

		/** Signed by the credentialed therapist and dated, or left undated and preliminary. */
		String note(boolean signed, String status, String text) {
			return """
					{"resourceType":"DocumentReference","id":"%s-doc","status":"%s","docStatus":"%s",
					 "type":{"coding":[{"system":"http://loinc.org","code":"11506-3","display":"Progress note"}]},
					 "subject":{"reference":"Patient/%s-pat"},%s
					 "author":[{"reference":"Practitioner/%s-ther"}]%s,
					 "custodian":{"reference":"Organization/%s-org"},
					 "content":[{"attachment":{"contentType":"text/plain","data":"%s","title":"Progress note"}}],
					 "context":{"encounter":[{"reference":"Encounter/%s-enc"}]}}
					""".formatted(id, status, signed ? "final" : "preliminary", record.prefix,
					signed ? "\"date\":\"2026-05-%02dT%02d:50:00-04:00\",".formatted(day, hour) : "",
					record.prefix, signed ? ",\"authenticator\":{\"reference\":\"Practitioner/" + record.prefix + "-ther\"}" : "",
					record.prefix, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)), id);
		}
	}

	/** A release-of-information consent to the PCP signed in May 2026, for a year. */
	private static String consent(String prefix, String id, String status, int day) {
		return """
				{"resourceType":"Consent","id":"%s","status":"%s",
				 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
				 "category":[{"coding":[{"system":"http://loinc.org","code":"64292-6"}]}],
				 "patient":{"reference":"Patient/%s-pat"},"dateTime":"2026-05-%02dT08:45:00-04:00",
				 "performer":[{"reference":"Patient/%s-pat"}],"organization":[{"reference":"Organization/%s-org"}],
				 "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentpolicycodes","code":"hipaa-auth"}]},
				 "provision":{"type":"permit","period":{"start":"2026-05-%02d","end":"2027-05-%02d"},
				  "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"IRCP"}]},
				   "reference":{"reference":"Practitioner/%s-pcp"}}]}}
				""".formatted(id, status, prefix, day, prefix, prefix, day, day, prefix);
	}
}

package dev.chartcheck.benchmarks.clones;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The templates of the practices in a generated corpus: real-looking headers, section titles and standard
 * phrases, the boilerplate that every note of a practice carries whoever writes it. Practices share some of the
 * stock phrases (as EHR vendors' templates do) and differ in the rest.
 */
final class PracticeTemplates {

	private static final String[] NAMES = { "Riverside Family Medicine", "Northgate Internal Medicine Associates",
			"Lakeview Community Health Center", "Harbor Primary Care", "Maple Street Pediatrics and Adult Medicine",
			"Summit Behavioral and Primary Care", "Valley Medical Group", "Eastside Health Partners",
			"Cedar Grove Clinic", "St. Anne Medical Practice", "Brookfield Family Practice", "Westend Primary Care" };

	private static final String[] TITLES = { "PROGRESS NOTE", "OFFICE VISIT NOTE", "OUTPATIENT CLINIC NOTE",
			"FOLLOW-UP VISIT", "ESTABLISHED PATIENT VISIT" };

	/** Section titles: chief complaint, HPI, history, medications, review of systems, exam, assessment and plan. */
	private static final String[][] SECTIONS = {
			{ "Chief Complaint:", "History of Present Illness:", "Past Medical History:", "Current Medications:",
					"Review of Systems:", "Physical Examination:", "Assessment and Plan:" },
			{ "CC:", "HPI:", "PMH:", "Medications:", "ROS:", "Exam:", "Assessment/Plan:" },
			{ "Subjective:", "Interval History:", "Problem List:", "Medication List:", "Review of Systems:", "Objective:",
					"Assessment and Plan:" },
			{ "Reason for Visit:", "History of Present Illness:", "Active Problems:", "Outpatient Medications:", "ROS:",
					"Physical Exam:", "Impression and Plan:" } };

	private static final String[] STOCK_PHRASES = {
			"All other systems reviewed and are negative except as noted in the history of present illness.",
			"Past medical, surgical, family and social history were reviewed and updated in the chart today.",
			"Medications were reconciled and the medication list was reviewed with the patient.",
			"The patient was counseled on the diagnosis, treatment options, risks and benefits, and verbalized understanding of the plan.",
			"Return to clinic as scheduled or sooner if symptoms worsen or new symptoms develop.",
			"Call 911 or go to the nearest emergency department for chest pain, shortness of breath or any emergency.",
			"This note was prepared with voice recognition software; occasional transcription errors may occur.",
			"Total time spent on the date of the encounter including documentation was greater than 50 percent counseling.",
			"Allergies were reviewed and confirmed with the patient today.",
			"Patient identity was confirmed with two identifiers prior to the visit.",
			"Vital signs were reviewed in the flowsheet and are documented below.",
			"General: alert and oriented, well appearing, in no acute distress.",
			"Preventive care and screening recommendations were reviewed and are up to date unless noted.",
			"The patient agrees with the plan and all questions were answered to the patient's satisfaction.",
			"Follow-up instructions were provided in the after visit summary.",
			"Labs and imaging results from the last visit were reviewed with the patient.",
			"Fall risk screening completed; no new concerns identified.",
			"Advance directives were discussed and the patient was given written information." };

	private final List<Template> practices = new ArrayList<>();

	PracticeTemplates(int count, SplittableRandom random) {
		for (int p = 0; p < count; p++) {
			String name = NAMES[p % NAMES.length] + (p < NAMES.length ? "" : " " + (p / NAMES.length + 1));
			String address = (100 + random.nextInt(8900)) + " " + pick(random, "Main", "Oak", "Harbor", "Elm", "Lake", "Hill")
					+ " " + pick(random, "Street", "Avenue", "Boulevard", "Road") + ", Suite " + (1 + random.nextInt(400))
					+ ", Springfield, MA 0" + (1000 + random.nextInt(8999));
			List<String> phrases = new ArrayList<>();
			for (String phrase : STOCK_PHRASES) {
				if (random.nextInt(100) < 45) {
					phrases.add(phrase);
				}
			}
			practices.add(new Template(name, address, TITLES[random.nextInt(TITLES.length)],
					SECTIONS[random.nextInt(SECTIONS.length)], phrases, "Tel " + (200 + random.nextInt(700)) + "-555-0"
							+ (100 + random.nextInt(899))));
		}
	}

	Template of(int practice) {
		return practices.get(practice);
	}

	int count() {
		return practices.size();
	}

	private static String pick(SplittableRandom random, String... from) {
		return from[random.nextInt(from.length)];
	}

	/** One practice's template; {@link #render} fills it with a note's content. */
	record Template(String name, String address, String title, String[] sections, List<String> phrases, String phone) {

		String render(NoteContent c, Patient patient, String date, String time, String author) {
			int p = phrases.size();
			StringBuilder out = new StringBuilder(2400);
			out.append(name).append('\n').append(address).append("  ").append(phone).append('\n');
			out.append(title).append('\n');
			out.append("Patient: ").append(patient.name()).append("    DOB: ").append(patient.birthDate())
					.append("    MRN: ").append(patient.mrn()).append('\n');
			out.append("Date of service: ").append(date).append(' ').append(time).append("    Provider: ").append(author)
					.append('\n');
			phrase(out, 9 % Math.max(1, p));
			out.append(sections[0]).append(' ').append(c.complaint()).append('\n');
			out.append(sections[1]).append(' ').append(c.history()).append('\n');
			if (!c.problems().isEmpty()) {
				out.append(sections[2]).append(' ').append(c.problems()).append('\n');
			}
			if (!c.medications().isEmpty()) {
				out.append(sections[3]).append(' ').append(c.medications()).append('\n');
			}
			phrase(out, 0);
			out.append(sections[4]).append(' ');
			phrase(out, 1);
			out.append(sections[5]).append(' ');
			phrase(out, 2);
			out.append(c.vitals()).append('\n').append(c.exam()).append('\n');
			out.append(sections[6]).append(' ').append(c.assessment()).append('\n').append(c.plan()).append('\n');
			for (int i = 3; i < p; i++) {
				phrase(out, i);
			}
			out.append("Electronically signed by ").append(author).append(" on ").append(date).append(" at ").append(time)
					.append('\n');
			return out.toString();
		}

		private void phrase(StringBuilder out, int i) {
			if (i < phrases.size()) {
				out.append(phrases.get(i)).append('\n');
			}
		}
	}

	/** Who a note is about, as its header shows. */
	record Patient(String id, String name, String birthDate, String mrn, int practice) {
	}
}

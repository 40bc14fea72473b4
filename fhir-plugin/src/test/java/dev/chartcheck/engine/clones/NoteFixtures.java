package dev.chartcheck.engine.clones;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Notes in one practice's template, with clinical content made of random clinical sentences (seeded). */
final class NoteFixtures {

	static final Instant START = Instant.parse("2025-01-06T09:00:00Z");

	private static final String[] WORDS = ("abdominal acetaminophen acute albuterol allergic amlodipine ankle anxiety "
			+ "appetite arthralgia aspirin asthma atorvastatin back bilateral bleeding blurred breath bronchitis bruising "
			+ "cardiac cellulitis cervical chest chronic clear cough cramping cyst daily decreased dehydration denies "
			+ "depression dermatitis diabetes diarrhea dizziness dyspnea edema elevated erythema exertion fatigue fever "
			+ "flank fluoxetine gabapentin gait gastritis headache hearing heartburn hip hydration hypertension improved "
			+ "insomnia intermittent itching joint knee laceration left lesion lisinopril lower lumbar lungs malaise "
			+ "metformin migraine mild moderate murmur nausea neck night numbness omeprazole otitis pain palpitations "
			+ "pharyngitis prednisone pressure productive radiating rash reflux right sciatica severe shoulder sinus "
			+ "sleep sore spasm sputum stiffness swelling syncope tachycardia tender tingling tremor upper urinary "
			+ "vertigo vomiting weakness wheezing worsening wrist").split(" ");

	private NoteFixtures() {
	}

	/** A long practice template (header, section titles, standard phrases) around the note's own content. */
	static String templated(Instant date, String complaint, String subjective, String assessment) {
		return """
				RIVERSIDE FAMILY MEDICINE, 1200 Harbor Boulevard, Suite 4, Springfield
				PROGRESS NOTE
				Date of service: %s
				Chief Complaint:
				%s
				Subjective:
				%s
				Review of Systems: All other systems were reviewed and are negative except as noted in the history of present illness.
				Past medical, surgical, family and social history were reviewed and updated in the chart today.
				Objective:
				Vital signs were reviewed in the flowsheet. General: alert and oriented, well appearing, in no acute distress.
				HEENT: normocephalic and atraumatic. Neck: supple. Skin: warm and dry.
				Assessment and Plan:
				%s
				The patient was counseled on the diagnosis, the treatment options, and the risks and benefits of each, and
				verbalized understanding of and agreement with the plan. Medications were reconciled and the medication list
				was reviewed with the patient. Return to clinic in four weeks or sooner if symptoms worsen or new symptoms
				develop. Call 911 or go to the nearest emergency department for any emergency.
				This note was prepared with voice recognition software; occasional transcription errors may occur.
				Electronically signed by the treating clinician.
				""".formatted(date, complaint, subjective, assessment);
	}

	/** {@code n} random clinical words. */
	static String content(SplittableRandom random, int n) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < n; i++) {
			out.append(i == 0 ? "" : i % 11 == 10 ? ". " : " ").append(WORDS[random.nextInt(WORDS.length)]);
		}
		return out.append('.').toString();
	}

	/** A note's own words, in its three sections. */
	record Content(String complaint, String subjective, String assessment) {

		/** {@code words} random words, split over the three sections. */
		static Content random(SplittableRandom random, int words) {
			int complaint = Math.max(1, words / 8);
			int assessment = Math.max(1, words / 3);
			return new Content(content(random, complaint), content(random, words - complaint - assessment),
					content(random, assessment));
		}

		/** The same content with {@code n} words of the subjective section replaced by new ones. */
		Content edited(int n, SplittableRandom random) {
			List<String> words = new ArrayList<>(Arrays.asList(subjective.split(" ")));
			for (int i = 0; i < n; i++) {
				int at = random.nextInt(words.size());
				while (words.get(at).startsWith("changed")) {
					at = random.nextInt(words.size());
				}
				words.set(at, "changed" + i);
			}
			return new Content(complaint, String.join(" ", words), assessment);
		}

		/** The note: this content in the practice template, dated {@code date}. */
		String in(Instant date) {
			return templated(date, complaint, subjective, assessment);
		}
	}

	static Instant day(int n) {
		return START.plus(n, ChronoUnit.DAYS);
	}
}

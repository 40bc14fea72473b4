package dev.chartcheck.server;

import java.util.Random;

/**
 * Text for clone-detection tests: a clinic's note template (section titles and the practice's standard phrases,
 * some 300 words, as EHR templates run) and clinical content drawn from a vocabulary with a seed, so that two
 * seeds give notes that share nothing but the template.
 */
final class NoteProse {

	static final String TEMPLATE_HEAD = """
			RIVERSIDE COMMUNITY HEALTH OUTPATIENT PROGRESS NOTE
			This note was prepared in the electronic health record of Riverside Community Health. The information it
			contains is confidential and is intended only for the treating clinicians and the patient named above.
			Reason for visit: scheduled follow up visit in the outpatient clinic with the treating clinician.
			The patient was identified by full name and date of birth before the visit began, and consented to the
			visit and to the plan of care described below after a discussion of its risks, benefits and alternatives.
			Allergies, current medications and the problem list were reviewed with the patient and updated in the
			record as needed. Interpreter services were offered and declined.
			History of present illness:
			""";

	static final String TEMPLATE_MIDDLE = """
			Review of systems: a complete review of systems was performed and is negative except as noted in the
			history of present illness. Past medical, surgical, family and social history were reviewed and are
			unchanged unless noted. Vital signs were obtained by clinical staff and reviewed by the clinician.
			Mental status examination: alert and oriented to person, place and time, appropriately groomed,
			cooperative with the interview, speech of normal rate and volume, thought process linear and goal
			directed, no evidence of perceptual disturbance, insight and judgment fair.
			Assessment and plan:
			""";

	static final String TEMPLATE_TAIL = """
			The patient was educated about the diagnosis, the treatment options and the expected course, and was
			given written instructions. The patient verbalized understanding and agreement with the plan and was
			encouraged to call the clinic or the after hours line with any new or worsening symptoms, and to go to the
			nearest emergency department or call 911 in an emergency. Return to clinic as scheduled or sooner as
			needed. Total time spent on the date of the encounter, including review of records, face to face time,
			documentation and coordination of care, was documented in the visit record. Electronically signed by the
			treating clinician at the close of the visit.
			""";

	private static final String[] WORDS = ("""
			reports improved sleep appetite mood energy anxiety worry panic irritability concentration motivation fatigue
			pain headache nausea dizziness cough wheeze dyspnea chest back knee shoulder abdominal swelling rash fever
			chills weight gain loss blood pressure glucose lipid sertraline fluoxetine bupropion lisinopril metformin
			atorvastatin albuterol ibuprofen therapy session homework exposure relapse craving alcohol cannabis tobacco
			cessation counseling daughter son spouse partner work school shift unemployed housing stable unstable
			walking exercise diet fruit vegetables hydration morning evening night weekend daily weekly twice three
			times increased decreased unchanged mild moderate severe intermittent constant worse better since last
			visit months weeks days after before during tolerating side effects dry mouth insomnia vivid dreams tremor
			dose titrate continue stop start refill labs ordered reviewed normal elevated low referral physical
			occupational cardiology endocrinology psychiatry group support meeting attended missed goals progress
			coping skills breathing mindfulness journaling routine stressors grief finances conflict argument
			resolved denies endorses suicidal ideation plan intent safety firearms none crisis line reviewed family
			history diabetes hypertension asthma depression arthritis injury fall bruise laceration healing well
			dressing changed sutures removed brace ice elevation stretching strength range motion gait steady cane
			""").trim().split("\\s+");

	private NoteProse() {}

	/** {@code words} words of clinical content, the same for the same seed. */
	static String content(long seed, int words) {
		Random random = new Random(seed);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < words; i++) {
			if (i > 0) {
				text.append(i % 11 == 0 ? ". " : " ");
			}
			text.append(WORDS[random.nextInt(WORDS.length)]);
		}
		return text.append('.').toString();
	}

	/** A note on the template, with its history and assessment. */
	static String templated(String history, String assessment) {
		return TEMPLATE_HEAD + history + "\n" + TEMPLATE_MIDDLE + assessment + "\n" + TEMPLATE_TAIL;
	}

	/** The text with the {@code index}-th word (counting from 0) replaced. */
	static String edit(String text, int index, String replacement) {
		String[] words = text.split(" ");
		words[index] = replacement;
		return String.join(" ", words);
	}
}

package dev.chartcheck.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generated clinic notes for the {@code clone-rebuild} phase, as FHIR transaction bundles of about
 * {@value #BUNDLE_ENTRIES} entries (PUTs at fixed ids, in time order, each Patient and Practitioner in the first bundle
 * that references it).
 *
 * <p>Each note is a signed progress note (a {@code text/plain} attachment) of one clinic's template (header with the
 * patient's name and record number, section titles, standard phrases, signature line: 180 words) around 140 to
 * 240 words of its own: complaint, history, medications, vital signs, exam, assessment and plan, drawn with a fixed
 * seed from clinical word lists (the narrative reads as word salad, but few of its word triples recur, as in real
 * free text).
 * The notes are spread over {@value #CLINICIANS} clinicians and one patient per {@value #NOTES_PER_PATIENT} notes, each
 * patient seen mostly by one clinician. {@value #PLANTED_PERCENT} % of the notes are planted near-copies: an earlier
 * note of the same patient, from an earlier bundle, with {@value #EDITS} words of its content replaced, written by
 * the same clinician (3 in 4) or another.
 */
final class CloneNotes {

	static final String IDENTIFIER_SYSTEM = "urn:chartcheck:benchmark:clone-notes";
	static final String NOTE_PREFIX = "DocumentReference/cb-note-";
	static final int CLINICIANS = 50;
	static final int NOTES_PER_PATIENT = 5;
	static final int PLANTED_PERCENT = 2;
	static final int EDITS = 3;
	static final int BUNDLE_ENTRIES = 50;
	private static final Instant FIRST = Instant.parse("2025-02-03T08:00:00Z");
	private static final Duration APART = Duration.ofMinutes(17);

	private static final String[] GIVEN = words("Ada Bruno Carmen Dmitri Elena Farid Grace Hiro Ines Jamal Keiko Luis "
			+ "Maya Nikolai Olga Pedro Quinn Rosa Samir Tanya Umar Vera Wen Ximena Yusuf Zora Abel Bianca Cyrus Delia");
	private static final String[] FAMILY = words("Okafor Lindqvist Moreau Tanaka Petrov Alvarez Nguyen Schmidt Haddad "
			+ "Kowalski Oyelaran Brennan Castillo Desai Eriksen Fontaine Gallagher Huang Ivanova Jensen Kimura Lombardi "
			+ "Mensah Novak Ortega Pillai Quintero Rossi Sato Varga");
	private static final String[] CREDENTIALS = { "MD", "DO", "NP", "PA" };
	private static final String[] COMPLAINTS = words("hypertension_follow_up low_back_pain persistent_cough "
			+ "diabetes_follow_up knee_pain headaches fatigue anxiety depressed_mood insomnia shoulder_pain "
			+ "abdominal_pain rash dizziness medication_refill annual_physical chest_tightness shortness_of_breath "
			+ "sore_throat ear_pain urinary_symptoms weight_gain palpitations ankle_swelling neck_pain");
	private static final String[] MEDS = words("lisinopril amlodipine hydrochlorothiazide metformin atorvastatin "
			+ "simvastatin levothyroxine omeprazole sertraline fluoxetine bupropion escitalopram albuterol fluticasone "
			+ "montelukast ibuprofen naproxen acetaminophen gabapentin metoprolol losartan insulin_glargine "
			+ "cetirizine trazodone tamsulosin");
	private static final String[] CONDITIONS = words("essential_hypertension type_2_diabetes_mellitus hyperlipidemia "
			+ "chronic_low_back_pain osteoarthritis_of_knee generalized_anxiety_disorder major_depressive_disorder "
			+ "asthma chronic_obstructive_pulmonary_disease gastroesophageal_reflux_disease hypothyroidism obesity "
			+ "migraine insomnia_disorder allergic_rhinitis acute_bronchitis viral_pharyngitis urinary_tract_infection "
			+ "atrial_fibrillation chronic_kidney_disease_stage_3 prediabetes vitamin_d_deficiency");
	private static final String[] VOCABULARY = words("""
			reports improved sleep appetite mood energy anxiety worry panic irritability concentration motivation fatigue
			pain headache nausea dizziness cough wheeze dyspnea chest back knee shoulder abdominal swelling rash fever
			chills weight gain loss pressure glucose readings home log therapy session homework exposure relapse craving
			alcohol cannabis tobacco cessation counseling daughter son spouse partner work school shift unemployed
			housing stable walking exercise diet fruit vegetables hydration morning evening night weekend daily weekly
			twice increased decreased unchanged mild moderate severe intermittent constant worse better since last
			visit months weeks days after before during tolerating side effects dry mouth vivid dreams tremor dose
			titrate continue stop start refill labs ordered reviewed normal elevated low referral physical occupational
			cardiology endocrinology psychiatry group support meeting attended missed goals progress coping skills
			breathing mindfulness journaling routine stressors grief finances conflict resolved denies endorses
			family history injury fall bruise laceration healing dressing sutures brace ice elevation stretching
			strength range motion gait steady cane tender palpation effusion crepitus murmur rhythm regular lungs
			clear bilaterally crackles bowel sounds soft nontender edema pulses intact sensation reflexes symmetric
			pharynx erythema exudate tympanic membranes lymph nodes thyroid enlarged skin warm dry lesion ulcer
			vision hearing teeth gums stool urine frequency urgency burning flank radiating numbness tingling
			stiffness swelling climbing stairs lifting bending driving typing gardening cooking caring grandchildren
			travel vacation holiday moved apartment stairs dog cat neighbor church volunteer retired pension
			insurance pharmacy cost generic brand pillbox alarm missed doses ran out samples coupon mail order
			""");

	/** A planted copy and the note it copies (ids such as {@code DocumentReference/cb-note-00042}). */
	record Planted(String copy, String source) {}

	/** One note as written: what a later copy needs. */
	private record Written(String id, int patient, int clinician, String[] content) {}

	private final SplittableRandom random = new SplittableRandom(20250301L);
	private final int patients;
	private final List<Written> originals = new ArrayList<>();
	private final List<Planted> planted = new ArrayList<>();
	private final List<Path> bundles = new ArrayList<>();
	private int notes;

	private CloneNotes(int notes) {
		this.patients = Math.max(1, notes / NOTES_PER_PATIENT);
	}

	/** Writes {@code count} notes (with their patients and clinicians) as transaction bundles into {@code dir}. */
	static CloneNotes write(Path dir, int count) throws IOException {
		Files.createDirectories(dir);
		CloneNotes generated = new CloneNotes(count);
		Set<String> sent = new HashSet<>();
		ArrayNode entries = Http.JSON.createArrayNode();
		int originalsBeforeBundle = 0;
		for (int i = 0; i < count; i++) {
			boolean plant = generated.planted.size() < (i + 1) * PLANTED_PERCENT / 100 && originalsBeforeBundle > 0;
			Written note;
			if (plant) {
				Written source = generated.originals.get(generated.random.nextInt(originalsBeforeBundle));
				note = generated.copyOf(source);
				generated.planted.add(new Planted(note.id(), source.id()));
			} else {
				note = generated.original();
			}
			if (sent.add("Patient/" + note.patient())) add(entries, generated.patient(note.patient()));
			if (sent.add("Practitioner/" + note.clinician())) add(entries, clinician(note.clinician()));
			add(entries, generated.note(note, FIRST.plus(APART.multipliedBy(i))));
			generated.notes++;
			if (entries.size() >= BUNDLE_ENTRIES || i == count - 1) {
				ObjectNode bundle = Http.JSON.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
				bundle.set("entry", entries);
				Path file = dir.resolve(String.format(Locale.ROOT, "notes-%04d.json", generated.bundles.size() + 1));
				Files.writeString(file, Http.JSON.writeValueAsString(bundle), StandardCharsets.UTF_8);
				generated.bundles.add(file);
				entries = Http.JSON.createArrayNode();
				originalsBeforeBundle = generated.originals.size();
			}
		}
		return generated;
	}

	List<Path> bundles() {
		return bundles;
	}

	List<Planted> planted() {
		return planted;
	}

	int notes() {
		return notes;
	}

	int patients() {
		return patients;
	}

	/** One more planted copy of the original note written in the middle, dated after all notes: {id, source id, JSON}. */
	String[] oneMoreCopy() {
		Written source = originals.get(originals.size() / 2);
		Written copy = copyOf(source);
		return new String[] { copy.id(), source.id(), note(copy, FIRST.plus(APART.multipliedBy(notes + 1L))).toString() };
	}

	private Written original() {
		int patient = random.nextInt(patients);
		int clinician = random.nextInt(4) == 0 ? random.nextInt(CLINICIANS) : patient % CLINICIANS;
		String[] content = {
				pick(COMPLAINTS),
				sentences(5 + random.nextInt(4), 8, 14),
				pick(MEDS) + " " + (5 * (1 + random.nextInt(40))) + " mg daily, " + pick(MEDS) + " "
						+ (5 * (1 + random.nextInt(40))) + " mg twice daily",
				String.format(Locale.ROOT, "BP %d/%d, HR %d, temperature %.1f C, weight %.1f kg, SpO2 %d%%",
						100 + random.nextInt(60), 60 + random.nextInt(35), 55 + random.nextInt(50),
						36 + random.nextInt(18) / 10.0, 50 + random.nextInt(700) / 10.0, 92 + random.nextInt(8)),
				sentences(3 + random.nextInt(3), 6, 11),
				pick(CONDITIONS) + ", " + pick(CONDITIONS) + ". " + sentences(1, 8, 14),
				sentences(3 + random.nextInt(3), 7, 12) };
		Written note = new Written(id(originals.size() + planted.size()), patient, clinician, content);
		originals.add(note);
		return note;
	}

	private Written copyOf(Written source) {
		String[] content = source.content().clone();
		for (int e = 0; e < EDITS; e++) {
			int section = new int[] { 1, 4, 6 }[random.nextInt(3)];
			String[] words = content[section].split(" ");
			words[random.nextInt(words.length)] = pick(VOCABULARY);
			content[section] = String.join(" ", words);
		}
		int clinician = random.nextInt(4) == 0 ? random.nextInt(CLINICIANS) : source.clinician();
		return new Written(id(originals.size() + planted.size()), source.patient(), clinician, content);
	}

	private ObjectNode note(Written note, Instant date) {
		String[] c = note.content();
		String clinician = clinicianName(note.clinician());
		String text = "NORTHGATE FAMILY MEDICINE - OUTPATIENT PROGRESS NOTE\n"
				+ "Patient: " + patientName(note.patient()) + "    MRN: " + mrn(note.patient())
				+ "    Date of service: " + LocalDate.ofInstant(date, ZoneOffset.UTC) + "\n"
				+ "Patient identity was confirmed with two identifiers prior to the visit. Allergies were reviewed and "
				+ "confirmed with the patient today. Medications were reconciled and the medication list was reviewed "
				+ "with the patient.\n"
				+ "Chief complaint: " + c[0].replace('_', ' ') + ".\n"
				+ "History of present illness: " + c[1] + "\n"
				+ "Current medications: " + c[2].replace('_', ' ') + ".\n"
				+ "Review of systems: all other systems reviewed and are negative except as noted in the history of "
				+ "present illness. Past medical, surgical, family and social history were reviewed and updated.\n"
				+ "Vital signs: " + c[3] + ". Vital signs were reviewed in the flowsheet.\n"
				+ "Physical examination: general: alert and oriented, well appearing, in no acute distress. " + c[4] + "\n"
				+ "Assessment: " + c[5].replace('_', ' ') + "\n"
				+ "Plan: " + c[6] + "\n"
				+ "The patient was counseled on the diagnosis, treatment options, risks and benefits, and verbalized "
				+ "understanding of the plan. Return to clinic as scheduled or sooner if symptoms worsen or new symptoms "
				+ "develop. Call 911 or go to the nearest emergency department for chest pain, shortness of breath or any "
				+ "emergency. Follow-up instructions were provided in the after visit summary.\n"
				+ "Electronically signed by " + clinician + " at the close of the visit.\n";
		String id = note.id().substring(note.id().indexOf('/') + 1);
		ObjectNode r = resource("DocumentReference", id).put("status", "current").put("docStatus", "final");
		r.putArray("identifier").addObject().put("system", IDENTIFIER_SYSTEM).put("value", id);
		r.putObject("type").putArray("coding").addObject()
				.put("system", "http://loinc.org").put("code", "11506-3").put("display", "Progress note");
		r.putObject("subject").put("reference", "Patient/cb-pat-" + note.patient());
		r.put("date", date.toString());
		r.putArray("author").addObject().put("reference", "Practitioner/cb-clin-" + note.clinician());
		r.putObject("authenticator").put("reference", "Practitioner/cb-clin-" + note.clinician());
		r.putArray("content").addObject().putObject("attachment").put("contentType", "text/plain; charset=UTF-8")
				.put("data", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
		return r;
	}

	private ObjectNode patient(int n) {
		ObjectNode r = resource("Patient", "cb-pat-" + n);
		r.putArray("identifier").addObject().put("system", "urn:example:northgate:mrn").put("value", mrn(n));
		r.putArray("name").addObject().put("family", FAMILY[(n / GIVEN.length) % FAMILY.length])
				.putArray("given").add(GIVEN[n % GIVEN.length]);
		r.put("birthDate", LocalDate.of(1950, 1, 1).plusDays(new SplittableRandom(n).nextInt(20000)).toString());
		return r;
	}

	private static ObjectNode clinician(int n) {
		ObjectNode r = resource("Practitioner", "cb-clin-" + n);
		String[] name = clinicianName(n).split(" ");
		r.putArray("name").addObject().put("family", name[1].replace(",", "")).putArray("given").add(name[0]);
		r.putArray("qualification").addObject().putObject("code").putArray("coding").addObject()
				.put("system", "http://terminology.hl7.org/CodeSystem/v2-0360").put("code", CREDENTIALS[n % 4]);
		return r;
	}

	private static String clinicianName(int n) {
		return GIVEN[(n * 7 + 3) % GIVEN.length] + " " + FAMILY[(n * 11 + 5) % FAMILY.length] + ", " + CREDENTIALS[n % 4];
	}

	private static String patientName(int n) {
		return GIVEN[n % GIVEN.length] + " " + FAMILY[(n / GIVEN.length) % FAMILY.length];
	}

	private static String mrn(int n) {
		return "NG" + (100000 + n);
	}

	private static String id(int n) {
		return NOTE_PREFIX + String.format(Locale.ROOT, "%05d", n);
	}

	private static ObjectNode resource(String type, String id) {
		return Http.JSON.createObjectNode().put("resourceType", type).put("id", id);
	}

	private static void add(ArrayNode entries, ObjectNode resource) {
		String url = resource.get("resourceType").asText() + "/" + resource.get("id").asText();
		ObjectNode entry = entries.addObject().put("fullUrl", url);
		entry.set("resource", resource);
		entry.putObject("request").put("method", "PUT").put("url", url);
	}

	/** {@code count} sentences of {@code min} to {@code max} words drawn from the vocabulary, now and then a number. */
	private String sentences(int count, int min, int max) {
		StringBuilder text = new StringBuilder();
		for (int s = 0; s < count; s++) {
			int words = min + random.nextInt(max - min + 1);
			for (int w = 0; w < words; w++) {
				String word = random.nextInt(12) == 0 ? Integer.toString(1 + random.nextInt(30)) : pick(VOCABULARY);
				text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
						.append(w == words - 1 ? ". " : " ");
			}
		}
		return text.toString().strip();
	}

	private String pick(String[] words) {
		return words[random.nextInt(words.length)];
	}

	private static String[] words(String text) {
		return text.strip().split("\\s+");
	}
}

package dev.chartcheck.benchmarks.clones;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Clinical vocabulary for generated note content: conditions, medications and procedures as Synthea writes them
 * (SNOMED CT and RxNorm display names), symptoms, findings and plan steps. {@link SyntheaNotes} adds what it finds
 * in real Synthea notes when they are at hand.
 */
final class ClinicalPhrases {

	final List<String> conditions = new ArrayList<>(Arrays.asList(
			"essential hypertension (disorder)", "prediabetes (finding)", "diabetes mellitus type 2 (disorder)",
			"hyperlipidemia (disorder)", "chronic sinusitis (disorder)", "acute viral pharyngitis (disorder)",
			"acute bronchitis (disorder)", "viral sinusitis (disorder)", "otitis media (disorder)",
			"osteoarthritis of knee (disorder)", "chronic low back pain (finding)", "migraine without aura (disorder)",
			"anemia (disorder)", "obesity (disorder)", "body mass index 30+ - obesity (finding)",
			"chronic obstructive bronchitis (disorder)", "asthma (disorder)", "childhood asthma (disorder)",
			"gingivitis (disorder)", "primary dental caries (disorder)", "sprain of ankle (disorder)",
			"concussion with no loss of consciousness (disorder)", "major depression single episode (disorder)",
			"generalized anxiety disorder (disorder)", "stress (finding)", "chronic pain (finding)",
			"drug overdose (disorder)", "alcoholism (disorder)", "ischemic heart disease (disorder)",
			"atrial fibrillation (disorder)", "heart failure (disorder)", "chronic kidney disease stage 2 (disorder)",
			"chronic kidney disease stage 3 (disorder)", "hypothyroidism (disorder)", "gout (disorder)",
			"rheumatoid arthritis (disorder)", "urinary tract infectious disease (disorder)",
			"acute infective cystitis (disorder)", "streptococcal sore throat (disorder)", "cellulitis (disorder)",
			"laceration of forearm (disorder)", "fracture of ankle (disorder)", "whiplash injury to neck (disorder)",
			"seasonal allergic rhinitis (disorder)", "eczema (disorder)", "polyp of colon (disorder)",
			"gastroesophageal reflux disease (disorder)", "peptic ulcer (disorder)", "sleep apnea (disorder)",
			"insomnia (disorder)", "vitamin d deficiency (disorder)", "osteoporosis (disorder)",
			"neuropathy due to type 2 diabetes mellitus (disorder)", "metabolic syndrome x (disorder)",
			"pneumonia (disorder)", "covid-19 (disorder)", "fever (finding)", "cough (finding)",
			"medication review due (situation)", "risk activity involvement (finding)"));

	final List<String> medications = new ArrayList<>(Arrays.asList(
			"lisinopril 10 mg oral tablet", "lisinopril 20 mg oral tablet", "amlodipine 2.5 mg oral tablet",
			"amlodipine 5 mg oral tablet", "hydrochlorothiazide 25 mg oral tablet", "metformin 500 mg oral tablet",
			"metformin 1000 mg oral tablet", "atorvastatin 20 mg oral tablet", "simvastatin 10 mg oral tablet",
			"simvastatin 20 mg oral tablet", "levothyroxine 50 mcg oral tablet", "omeprazole 20 mg oral capsule",
			"pantoprazole 40 mg oral tablet", "sertraline 50 mg oral tablet", "fluoxetine 20 mg oral capsule",
			"escitalopram 10 mg oral tablet", "bupropion 150 mg extended release oral tablet",
			"trazodone 50 mg oral tablet", "gabapentin 300 mg oral capsule", "ibuprofen 400 mg oral tablet",
			"ibuprofen 200 mg oral tablet", "naproxen sodium 220 mg oral tablet", "acetaminophen 325 mg oral tablet",
			"acetaminophen 500 mg oral tablet", "amoxicillin 500 mg oral capsule",
			"amoxicillin 250 mg / clavulanate 125 mg oral tablet", "cephalexin 500 mg oral capsule",
			"azithromycin 250 mg oral tablet", "doxycycline hyclate 100 mg oral capsule",
			"nitrofurantoin 100 mg oral capsule", "prednisone 10 mg oral tablet", "albuterol 0.09 mg/actuat inhaler",
			"fluticasone propionate 0.044 mg/actuat inhaler", "montelukast 10 mg oral tablet",
			"cetirizine hydrochloride 10 mg oral tablet", "loratadine 10 mg oral tablet", "warfarin sodium 5 mg oral tablet",
			"apixaban 5 mg oral tablet", "clopidogrel 75 mg oral tablet", "metoprolol succinate 50 mg oral tablet",
			"carvedilol 6.25 mg oral tablet", "furosemide 40 mg oral tablet", "allopurinol 100 mg oral tablet",
			"insulin glargine 100 unt/ml injectable solution", "vitamin d3 1000 unt oral tablet",
			"tamsulosin 0.4 mg oral capsule", "sumatriptan 50 mg oral tablet", "cyclobenzaprine 10 mg oral tablet",
			"tramadol 50 mg oral tablet", "sodium fluoride 0.0272 mg/mg oral gel"));

	final List<String> procedures = new ArrayList<>(Arrays.asList(
			"medication reconciliation (procedure)", "assessment of health and social care needs (procedure)",
			"depression screening (procedure)", "assessment of anxiety (procedure)", "screening for drug abuse (procedure)",
			"assessment using alcohol use disorders identification test - consumption (procedure)",
			"electrocardiographic procedure", "spirometry (procedure)", "urine screening test for diabetes (procedure)",
			"hemoglobin a1c measurement (procedure)", "lipid panel (procedure)", "comprehensive metabolic panel (procedure)",
			"complete blood count (procedure)", "throat culture (procedure)", "chest x-ray (procedure)",
			"plain x-ray of knee region (procedure)", "suture open wound (procedure)", "physical therapy procedure",
			"influenza vaccination (procedure)", "colonoscopy (procedure)", "mammography (procedure)",
			"dental consultation and report (procedure)", "referral to cardiology service (procedure)",
			"referral to physical therapy (procedure)", "patient education about smoking cessation (procedure)",
			"lifestyle education regarding hypertension (procedure)", "diabetic foot examination (procedure)",
			"retinal screening (procedure)"));

	final String[] symptoms = { "chest pain", "shortness of breath", "cough", "fever", "headache", "dizziness",
			"fatigue", "nausea", "vomiting", "diarrhea", "abdominal pain", "back pain", "knee pain", "neck pain",
			"sore throat", "nasal congestion", "ear pain", "rash", "itching", "palpitations", "swelling of the legs",
			"joint stiffness", "numbness in the feet", "tingling in the hands", "difficulty sleeping", "low mood",
			"anxiety", "poor appetite", "weight gain", "weight loss", "burning with urination", "frequent urination",
			"heartburn", "wheezing", "night sweats", "blurred vision", "muscle cramps", "lightheadedness", "chills",
			"productive cough", "sinus pressure", "hip pain", "shoulder pain", "wrist pain", "constipation" };

	final String[] qualities = { "mild", "moderate", "severe", "intermittent", "constant", "worsening", "improving",
			"sharp", "dull", "throbbing", "burning", "aching", "positional", "exertional", "nocturnal" };

	final String[] durations = { "two days", "three days", "five days", "one week", "ten days", "two weeks",
			"three weeks", "one month", "six weeks", "two months", "three months", "six months", "one year" };

	final String[] triggers = { "with exertion", "after meals", "at night", "in the morning", "with walking",
			"with bending", "when lying flat", "with stress", "after prolonged sitting", "with cold weather",
			"without a clear trigger", "after starting a new medication" };

	final String[] findings = { "lungs clear to auscultation bilaterally", "scattered expiratory wheezes",
			"crackles at the right base", "regular rate and rhythm without murmur", "grade 2/6 systolic murmur",
			"abdomen soft and nontender", "mild epigastric tenderness", "right lower quadrant tenderness",
			"trace bilateral pedal edema", "no pedal edema", "tympanic membranes erythematous and bulging",
			"pharynx erythematous with tonsillar exudate", "cervical lymphadenopathy", "tenderness over the lumbar paraspinals",
			"straight leg raise negative", "knee effusion with crepitus", "reduced range of motion of the shoulder",
			"erythematous macular rash on the trunk", "well healed surgical scar", "monofilament sensation decreased",
			"pupils equal and reactive", "cranial nerves intact", "gait steady", "affect flat", "mood anxious",
			"skin warm and dry", "capillary refill under two seconds", "thyroid not enlarged", "sinus tenderness" };

	final String[] organs = { "Lungs", "Heart", "Abdomen", "Extremities", "Neck", "Skin", "Neuro", "Psych", "Ears",
			"Throat", "Back", "Musculoskeletal" };

	final String[] plans = { "start", "continue", "increase", "decrease", "stop", "refill", "resume", "hold" };

	final String[] followUps = { "recheck blood pressure in two weeks", "repeat labs in three months",
			"follow up with cardiology", "physical therapy twice weekly", "ice and elevation", "home exercise program",
			"low sodium diet", "weight loss counseling provided", "sleep hygiene reviewed", "smoking cessation counseling",
			"return if fever persists beyond three days", "obtain x-ray of the knee", "check a1c and lipid panel",
			"refer to behavioral health", "urine culture sent", "rapid strep test negative", "influenza vaccine given",
			"glucometer teaching completed", "fall precautions discussed", "increase fluid intake" };

	final String[] statuses = { "stable", "improving", "worsening", "controlled", "uncontrolled", "new diagnosis",
			"resolved", "chronic and stable", "partially controlled" };

	final String[] occupations = { "teacher", "nurse", "truck driver", "electrician", "cashier", "accountant",
			"construction worker", "software developer", "warehouse associate", "home health aide", "retired machinist",
			"graduate student", "restaurant cook", "mail carrier", "security guard", "hair stylist", "bus driver",
			"paralegal", "farm worker", "plumber", "dental hygienist", "librarian", "police officer", "landscaper",
			"pharmacy technician", "call center agent", "carpenter", "social worker", "bank teller", "chef" };

	final String[] activities = { "walks", "swims", "bikes", "does yoga", "lifts weights", "runs", "goes to the gym",
			"plays basketball", "gardens", "dances" };

	final String[] living = { "alone in an apartment", "with a spouse", "with two children", "with an adult daughter",
			"with roommates", "in an assisted living facility", "with parents", "in a second floor walk-up",
			"with a partner and a dog", "in a shelter" };

	final String[] relatives = { "Mother", "Father", "Sister", "Brother", "Maternal grandmother", "Paternal grandfather",
			"Maternal aunt", "Paternal uncle", "Son", "Daughter" };

	final String[] places = { "urgent care", "the emergency department", "an outside cardiologist", "a walk-in clinic",
			"physical therapy", "the orthopedic clinic", "a telehealth visit", "the endocrinology clinic" };

	final String[] sleep = { "wakes up several times", "has trouble falling asleep", "snores loudly per the spouse",
			"feels rested in the morning", "naps in the afternoon", "wakes up at 4 am" };

	/** Everyday words of clinical narrative, added to the words of the lists above for {@link #narrativeWords()}. */
	final String[] narrative = ("the a and of to in with was for on at after before since during over about her his "
			+ "patient reports states notes feels felt started stopped noticed describes worse better again still also "
			+ "mostly sometimes often rarely every each last next first then later today yesterday week month morning "
			+ "evening night weekend work home school church store car stairs driving lifting carrying walking standing "
			+ "sitting bending reaching typing cooking cleaning shopping sleeping eating drinking running climbing "
			+ "husband wife son daughter grandson granddaughter neighbor friend coworker boss dog cat family vacation trip "
			+ "wedding funeral move job layoff promotion retirement surgery injury fall accident game practice garden "
			+ "snow rain heat cold travel flight hotel beach camping hiking fishing hunting painting moving boxes "
			+ "insurance pharmacy copay refill samples coupon appointment referral specialist therapist counselor "
			+ "worried concerned frustrated tired stressed hopeful motivated anxious sad relieved confused upset "
			+ "left right both upper lower front back side inner outer sharp dull deep shallow swollen stiff sore warm "
			+ "red bruised numb weak heavy tight loose steady unsteady slow fast sudden gradual constant episodic "
			+ "teaspoon tablespoon cup glass bottle packet dose doses pill pills capsule capsules inhaler puffs drops "
			+ "brace splint crutches cane walker wheelchair bandage ice heat pad pillow mattress shoes socks diet "
			+ "salt sugar coffee soda water juice bread pasta rice fruit vegetables meat fish eggs milk cheese snacks "
			+ "television phone computer reading puzzles church choir volunteering grandchildren knitting woodworking").split(" ");

	/** Every distinct word of the vocabulary, most common first (lists' words first, then narrative words). */
	String[] narrativeWords() {
		java.util.LinkedHashSet<String> words = new java.util.LinkedHashSet<>(Arrays.asList(narrative));
		for (List<String> list : List.of(conditions, medications, procedures)) {
			for (String s : list) {
				words.addAll(Arrays.asList(s.replaceAll("[(),/]", " ").trim().split("\\s+")));
			}
		}
		for (String[] array : List.of(symptoms, qualities, findings, followUps, occupations, living, sleep, places)) {
			for (String s : array) {
				words.addAll(Arrays.asList(s.replaceAll("[(),/;]", " ").trim().split("\\s+")));
			}
		}
		words.remove("");
		return words.toArray(String[]::new);
	}

	String pick(String[] from, SplittableRandom random) {
		return from[random.nextInt(from.length)];
	}

	String pick(List<String> from, SplittableRandom random) {
		return from.get(random.nextInt(from.size()));
	}
}

package dev.chartcheck.benchmarks.clones;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The clinical content of a generated note, section by section: what is specific to the patient and the visit,
 * and what a copied note carries over. The template around it is {@link PracticeTemplates}'.
 */
record NoteContent(String complaint, String history, String problems, String medications, String vitals, String exam,
		String assessment, String plan) {

	/** How many words of content there are. */
	int words() {
		int n = 0;
		for (String s : sections()) {
			n += s.isEmpty() ? 0 : s.split(" ").length;
		}
		return n;
	}

	/**
	 * The same content after {@code edits} word edits at random places: substitutions (3 in 5), insertions and
	 * deletions (1 in 5 each). These are the edits of known size a planted clone carries.
	 */
	NoteContent edited(int edits, SplittableRandom random, String[] vocabulary) {
		List<List<String>> words = new ArrayList<>();
		int total = 0;
		for (String s : sections()) {
			List<String> w = s.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(s.split(" ")));
			words.add(w);
			total += w.size();
		}
		for (int e = 0; e < edits && total > 1; e++) {
			int at = random.nextInt(total);
			int section = 0;
			while (at >= words.get(section).size()) {
				at -= words.get(section).size();
				section++;
			}
			List<String> w = words.get(section);
			int kind = random.nextInt(5);
			String word = vocabulary[random.nextInt(vocabulary.length)];
			if (kind < 3) {
				w.set(at, word);
			} else if (kind == 3) {
				w.add(at, word);
				total++;
			} else {
				w.remove(at);
				total--;
			}
		}
		String[] s = new String[8];
		for (int i = 0; i < 8; i++) {
			s[i] = String.join(" ", words.get(i));
		}
		return new NoteContent(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
	}

	/** A later visit of the same patient: history and medications carried over, the visit itself new. */
	NoteContent followUp(NoteContent visit) {
		return new NoteContent(visit.complaint, visit.history, problems, medications, visit.vitals, visit.exam,
				visit.assessment, visit.plan);
	}

	private List<String> sections() {
		return List.of(complaint, history, problems, medications, vitals, exam, assessment, plan);
	}

	/** Makes content from the clinical vocabulary. */
	static final class Factory {

		private final ClinicalPhrases p;
		private final String[] vocabulary;
		private final String[] narrative;
		private final double[] zipf;

		Factory(ClinicalPhrases phrases) {
			this.p = phrases;
			List<String> words = new ArrayList<>();
			for (String s : p.symptoms) {
				words.addAll(Arrays.asList(s.split(" ")));
			}
			for (String s : p.findings) {
				words.addAll(Arrays.asList(s.split(" ")));
			}
			for (String s : p.conditions) {
				words.addAll(Arrays.asList(s.split(" ")));
			}
			this.vocabulary = words.toArray(String[]::new);
			this.narrative = p.narrativeWords();
			this.zipf = new double[narrative.length];
			double sum = 0;
			for (int i = 0; i < zipf.length; i++) {
				sum += 1.0 / (i + 1);
				zipf[i] = sum;
			}
			for (int i = 0; i < zipf.length; i++) {
				zipf[i] /= sum;
			}
		}

		/**
		 * A sentence of patient-specific narrative: words drawn by a Zipf law (rank^-1) from the vocabulary. It reads as
		 * word salad, but its shingles behave like the specific part of real notes: few of them recur across notes.
		 */
		private String narrative(SplittableRandom r) {
			int n = 8 + r.nextInt(9);
			StringBuilder out = new StringBuilder();
			for (int i = 0; i < n; i++) {
				int at = java.util.Arrays.binarySearch(zipf, r.nextDouble());
				String w = narrative[Math.min(narrative.length - 1, at < 0 ? -at - 1 : at)];
				out.append(i == 0 ? capitalize(w) : " " + w);
			}
			return out.append('.').toString();
		}

		String[] vocabulary() {
			return vocabulary;
		}

		NoteContent visit(SplittableRandom r) {
			String symptom = p.pick(p.symptoms, r);
			StringBuilder history = new StringBuilder();
			history.append(18 + r.nextInt(70)).append("-year-old ").append(r.nextBoolean() ? "woman" : "man")
					.append(" presents with ").append(p.pick(p.qualities, r)).append(' ').append(symptom).append(" for ")
					.append(p.pick(p.durations, r)).append(", ").append(p.pick(p.triggers, r)).append('.');
			int sentences = 3 + r.nextInt(5);
			for (int i = 0; i < sentences; i++) {
				history.append(' ').append(r.nextInt(3) > 0 ? narrative(r) : sentence(r));
			}
			return new NoteContent(capitalize(symptom) + " for " + p.pick(p.durations, r) + ".", history.toString(),
					problems(r), medications(r), vitals(r), exam(r, 3 + r.nextInt(4)), assessment(r, 1 + r.nextInt(3)),
					narrative(r) + " " + plan(r, 2 + r.nextInt(4)));
		}

		/** A short visit, a few words of its own in the template: what template-only likeness is made of. */
		NoteContent brief(SplittableRandom r) {
			return new NoteContent(r.nextBoolean() ? "Medication refill." : capitalize(p.pick(p.symptoms, r)) + ".",
					"Doing " + p.pick(p.statuses, r) + ".", "", "", "", "", "", plan(r, 1));
		}

		private String sentence(SplittableRandom r) {
			return switch (r.nextInt(16)) {
				case 0 -> "Reports associated " + p.pick(p.symptoms, r) + " and " + p.pick(p.symptoms, r) + ".";
				case 1 -> "Denies " + p.pick(p.symptoms, r) + ", " + p.pick(p.symptoms, r) + " or " + p.pick(p.symptoms, r) + ".";
				case 2 -> "Symptoms are " + p.pick(p.qualities, r) + " " + p.pick(p.triggers, r) + " and rated " + (1 + r.nextInt(10))
						+ "/10.";
				case 3 -> "Has tried " + p.pick(p.medications, r) + " with " + pick(r, "partial", "no", "good", "minimal")
						+ " relief.";
				case 4 -> "Last seen " + (2 + r.nextInt(30)) + " " + pick(r, "days", "weeks", "months") + " ago for "
						+ p.pick(p.conditions, r) + ".";
				case 5 -> capitalize(p.pick(p.conditions, r)) + " has been " + p.pick(p.statuses, r) + " since the last visit.";
				case 6 -> "Home readings average " + (110 + r.nextInt(60)) + "/" + (65 + r.nextInt(30)) + " with "
						+ p.pick(p.qualities, r) + " " + p.pick(p.symptoms, r) + ".";
				case 7 -> pick(r, "She", "He") + " works as a " + p.pick(p.occupations, r) + " and " + p.pick(p.activities, r) + " "
						+ (1 + r.nextInt(6)) + " times a week for " + (10 + r.nextInt(80)) + " minutes.";
				case 8 -> "Lives " + p.pick(p.living, r) + " and " + pick(r, "has good family support",
						"has limited support", "drives independently", "relies on a neighbor for rides", "manages own medications") + ".";
				case 9 -> pick(r, "Smokes " + (2 + r.nextInt(25)) + " cigarettes a day for " + (2 + r.nextInt(40)) + " years.",
						"Quit smoking " + (1 + r.nextInt(30)) + " years ago after " + (5 + r.nextInt(40)) + " pack-years.",
						"Drinks " + (1 + r.nextInt(14)) + " alcoholic drinks a week, mostly " + pick(r, "beer", "wine", "liquor") + ".");
				case 10 -> p.pick(p.relatives, r) + " had " + p.pick(p.conditions, r) + " at age " + (30 + r.nextInt(55)) + ".";
				case 11 -> "Was seen at " + p.pick(p.places, r) + " " + (2 + r.nextInt(20)) + " days ago and given "
						+ p.pick(p.medications, r) + ".";
				case 12 -> "Sleeps about " + (3 + r.nextInt(7)) + " hours a night and " + p.pick(p.sleep, r) + ".";
				case 13 -> "Fasting sugars range from " + (80 + r.nextInt(60)) + " to " + (140 + r.nextInt(120)) + " and "
						+ pick(r, "checks twice daily", "checks most mornings", "rarely checks") + ".";
				case 14 -> "Weight is " + pick(r, "up", "down") + " " + (2 + r.nextInt(30)) + " pounds since the " + pick(r,
						"spring", "summer", "fall", "winter", "holidays", "last visit") + ".";
				default -> "Recent labs: " + labs(r) + ".";
			};
		}

		private String labs(SplittableRandom r) {
			String[] labs = { "A1c " + (50 + r.nextInt(60)) / 10.0, "LDL " + (60 + r.nextInt(130)), "HDL " + (28 + r.nextInt(50)),
					"triglycerides " + (70 + r.nextInt(300)), "creatinine " + (5 + r.nextInt(20)) / 10.0, "eGFR " + (35 + r.nextInt(70)),
					"TSH " + (30 + r.nextInt(600)) / 100.0, "hemoglobin " + (95 + r.nextInt(70)) / 10.0,
					"potassium " + (33 + r.nextInt(20)) / 10.0, "sodium " + (131 + r.nextInt(15)), "ALT " + (10 + r.nextInt(80)),
					"vitamin D " + (8 + r.nextInt(50)) };
			StringBuilder out = new StringBuilder();
			int n = 3 + r.nextInt(4);
			int start = r.nextInt(labs.length);
			for (int i = 0; i < n; i++) {
				out.append(i == 0 ? "" : ", ").append(labs[(start + i * 5) % labs.length]);
			}
			return out.toString();
		}

		private String problems(SplittableRandom r) {
			int n = 2 + r.nextInt(5);
			StringBuilder out = new StringBuilder("History of ");
			for (int i = 0; i < n; i++) {
				out.append(i == 0 ? "" : ", ").append(p.pick(p.conditions, r));
			}
			return out.append('.').toString();
		}

		private String medications(SplittableRandom r) {
			int n = r.nextInt(7);
			StringBuilder out = new StringBuilder();
			for (int i = 0; i < n; i++) {
				out.append(i == 0 ? "" : "; ").append(p.pick(p.medications, r)).append(' ')
						.append(pick(r, "daily", "twice daily", "at bedtime", "as needed", "every 8 hours"));
			}
			return out.toString();
		}

		private String vitals(SplittableRandom r) {
			return "BP " + (105 + r.nextInt(65)) + "/" + (58 + r.nextInt(42)) + ", HR " + (52 + r.nextInt(60)) + ", RR "
					+ (12 + r.nextInt(10)) + ", Temp " + (970 + r.nextInt(40)) / 10.0 + " F, SpO2 " + (91 + r.nextInt(10))
					+ "%, Weight " + (450 + r.nextInt(950)) / 10.0 + " kg.";
		}

		private String exam(SplittableRandom r, int n) {
			StringBuilder out = new StringBuilder();
			for (int i = 0; i < n; i++) {
				out.append(i == 0 ? "" : " ").append(p.pick(p.organs, r)).append(": ").append(p.pick(p.findings, r)).append('.');
			}
			return out.toString();
		}

		private String assessment(SplittableRandom r, int n) {
			StringBuilder out = new StringBuilder();
			for (int i = 0; i < n; i++) {
				out.append(i == 0 ? "" : " ").append(i + 1).append(". ").append(capitalize(p.pick(p.conditions, r)))
						.append(", ").append(p.pick(p.statuses, r)).append('.');
			}
			return out.toString();
		}

		private String plan(SplittableRandom r, int n) {
			StringBuilder out = new StringBuilder();
			for (int i = 0; i < n; i++) {
				out.append(i == 0 ? "" : " ");
				if (r.nextBoolean()) {
					out.append(capitalize(p.pick(p.plans, r))).append(' ').append(p.pick(p.medications, r)).append('.');
				} else if (r.nextInt(3) == 0) {
					out.append("Order ").append(p.pick(p.procedures, r)).append('.');
				} else {
					out.append(capitalize(p.pick(p.followUps, r))).append('.');
				}
			}
			return out.toString();
		}

		private static String pick(SplittableRandom r, String... from) {
			return from[r.nextInt(from.length)];
		}

		private static String capitalize(String s) {
			return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
		}
	}
}

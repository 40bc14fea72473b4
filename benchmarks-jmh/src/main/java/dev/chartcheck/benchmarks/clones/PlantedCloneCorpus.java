package dev.chartcheck.benchmarks.clones;

import dev.chartcheck.engine.clones.Note;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A corpus of notes in time order with planted clones: each practice's template around generated clinical content,
 * written by the practice's clinicians for its patients. Of the notes, by default:
 *
 * <ul>
 * <li>8 % are planted clones: an earlier note's content with a known number of word edits (0 to 15 % of its
 * content words), written again for the same patient (6 in 10, by the same or another clinician of the practice)
 * or for another patient by the same author;
 * <li>15 % are follow-ups: a later visit of the same patient that carries the problem list and medications over,
 * the rest new (related, not a copy);
 * <li>7 % are brief visits: a few words of their own (complaint, status, one plan step) in the template, so that
 * the template dominates (must not be flagged);
 * <li>the rest are new visits.
 * </ul>
 *
 * Everything depends only on the seed and the size.
 */
final class PlantedCloneCorpus {

	/** What kind of note it is. */
	enum Kind {
		NEW, FOLLOW_UP, BRIEF, CLONE
	}

	/** A note and how it was made: for a clone, its source and the number of word edits. */
	record CorpusNote(Note note, Kind kind, String sourceId, int edits, int contentWords, double editFraction) {
	}

	/** The notes, in time order, and the practices' templates they were written in. */
	record Corpus(List<CorpusNote> notes, PracticeTemplates templates, int authors, int patients) {
	}

	/** The edit sizes of planted clones, as fractions of the source's content words. */
	static final double[] EDIT_FRACTIONS = { 0, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.10, 0.15 };

	private static final Instant START = Instant.parse("2023-01-02T08:00:00Z");
	private static final String[] FIRST = { "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
			"David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Maria",
			"Karen", "Daniel", "Nancy", "Luis", "Ana", "Wei", "Mei", "Ahmed", "Fatima", "Olga", "Ivan" };
	private static final String[] LAST = { "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
			"Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
			"Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Nguyen", "Chen", "Kowalski", "Okafor" };
	private static final String[] CREDENTIALS = { "MD", "DO", "NP", "PA-C", "MD", "LCSW" };
	private static final DateTimeFormatter[] DATE_FORMATS = { DateTimeFormatter.ISO_LOCAL_DATE,
			DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.US), DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US),
			DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US) };

	private PlantedCloneCorpus() {
	}

	static Corpus generate(int size, long seed, ClinicalPhrases phrases) {
		SplittableRandom r = new SplittableRandom(seed);
		int authors = Math.max(8, size / 100);
		int practices = Math.max(3, authors / 8);
		int patients = Math.max(10, size / 6);
		PracticeTemplates templates = new PracticeTemplates(practices, r);
		NoteContent.Factory factory = new NoteContent.Factory(phrases);
		List<PracticeTemplates.Patient> people = new ArrayList<>(patients);
		for (int i = 0; i < patients; i++) {
			LocalDate birth = LocalDate.of(1940 + r.nextInt(65), 1 + r.nextInt(12), 1 + r.nextInt(28));
			people.add(new PracticeTemplates.Patient("Patient/" + (5000 + i), FIRST[r.nextInt(FIRST.length)] + " "
					+ LAST[r.nextInt(LAST.length)], birth.format(DATE_FORMATS[1]), String.valueOf(1_000_000 + r.nextInt(8_999_999)),
					i % practices));
		}
		String[] authorNames = new String[authors];
		for (int a = 0; a < authors; a++) {
			authorNames[a] = FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)] + ", "
					+ CREDENTIALS[r.nextInt(CREDENTIALS.length)];
		}

		List<CorpusNote> out = new ArrayList<>(size);
		List<NoteContent> contents = new ArrayList<>(size);
		int[] patientOf = new int[size];
		int[] authorOf = new int[size];
		Instant time = START;
		for (int i = 0; i < size; i++) {
			time = time.plusSeconds(60L * (1 + r.nextInt(30)));
			int roll = r.nextInt(100);
			int patient;
			int author;
			NoteContent content;
			Kind kind;
			String source = null;
			int edits = 0;
			double fraction = 0;
			if (i > 50 && roll < 8) {
				kind = Kind.CLONE;
				int s = r.nextInt(i);
				NoteContent copied = contents.get(s);
				fraction = EDIT_FRACTIONS[r.nextInt(EDIT_FRACTIONS.length)];
				edits = (int) Math.round(fraction * copied.words());
				content = copied.edited(edits, r, factory.vocabulary());
				source = out.get(s).note().id();
				if (r.nextInt(10) < 6) {
					patient = patientOf[s];
					author = r.nextBoolean() ? authorOf[s] : authorIn(people.get(patient).practice(), practices, authors, r);
				} else {
					author = authorOf[s];
					patient = otherPatientOf(author % practices, patientOf[s], practices, patients, r);
				}
			} else if (roll < 23 && i > 50) {
				kind = Kind.FOLLOW_UP;
				int s = r.nextInt(i);
				patient = patientOf[s];
				author = authorIn(people.get(patient).practice(), practices, authors, r);
				content = contents.get(s).followUp(factory.visit(r));
			} else {
				kind = roll < 30 ? Kind.BRIEF : Kind.NEW;
				patient = r.nextInt(patients);
				author = authorIn(people.get(patient).practice(), practices, authors, r);
				content = kind == Kind.BRIEF ? factory.brief(r) : factory.visit(r);
			}
			PracticeTemplates.Template template = templates.of(people.get(patient).practice());
			LocalDate day = time.atOffset(ZoneOffset.UTC).toLocalDate();
			String text = template.render(content, people.get(patient),
					day.format(DATE_FORMATS[people.get(patient).practice() % DATE_FORMATS.length]),
					String.format(Locale.US, "%d:%02d %s", 1 + r.nextInt(12), r.nextInt(60), r.nextBoolean() ? "AM" : "PM"),
					authorNames[author]);
			Note note = new Note("DocumentReference/" + (100_000 + i), people.get(patient).id(), "Practitioner/" + (900 + author),
					time, text);
			out.add(new CorpusNote(note, kind, source, edits, content.words(), fraction));
			contents.add(content);
			patientOf[i] = patient;
			authorOf[i] = author;
		}
		return new Corpus(out, templates, authors, patients);
	}

	/** A clinician of the practice: authors are spread over practices by {@code author % practices}. */
	private static int authorIn(int practice, int practices, int authors, SplittableRandom r) {
		int perPractice = Math.max(1, (authors - practice + practices - 1) / practices);
		return practice + practices * r.nextInt(perPractice);
	}

	private static int otherPatientOf(int practice, int not, int practices, int patients, SplittableRandom r) {
		int perPractice = Math.max(2, (patients - practice + practices - 1) / practices);
		int p;
		do {
			p = practice + practices * r.nextInt(perPractice);
		} while (p == not || p >= patients);
		return p;
	}
}

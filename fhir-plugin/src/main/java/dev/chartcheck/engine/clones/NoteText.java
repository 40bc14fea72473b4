package dev.chartcheck.engine.clones;

import java.text.Normalizer;
import java.util.List;

/**
 * Note text as the clone check compares it: the words of the note, lower case, accents folded, with
 * every date and time replaced by a placeholder word, so that a note copied forward to a new visit
 * (same words, new date) still reads as a copy.
 *
 * <p>Words are runs of letters or of digits; punctuation and white space only separate them, and a
 * letter-digit boundary splits ({@code 10mg} is {@code 10 mg}). Apostrophes inside a word are dropped
 * ({@code patient's} is {@code patients}). A number keeps one decimal point ({@code 2.5}).
 *
 * <p>Numbers stay: doses, vital signs and lab values are the patient-specific data whose absence the
 * payers call cloning, so a note whose numbers were updated is rightly less similar than a verbatim copy.
 * Dates and times go: they change on every copy and say nothing about the clinical content. Recognized:
 * {@code 2025-03-01} (also with a time and zone, as FHIR writes it), {@code 03/01/2025}, {@code 3-1-25},
 * {@code March 1, 2025}, {@code Mar. 1st 2025}, {@code 1 March 2025}, {@code March 2025}, {@code March 1}
 * (not for "may", which is mostly a verb), and times {@code 10:15}, {@code 10:15:30}, {@code 10:15 pm},
 * {@code 10 am}, {@code 10 a.m.}
 *
 * <p>{@link #wordHashes(String)} is the allocation-light path the index uses: it yields 64-bit hashes of
 * the same words that {@link #words(String)} spells out.
 */
public final class NoteText {

	/** The word that stands for a date. */
	public static final String DATE = "<date>";
	/** The word that stands for a time of day. */
	public static final String TIME = "<time>";

	static final long DATE_HASH = hashOf(DATE);
	static final long TIME_HASH = hashOf(TIME);

	static final long FNV_OFFSET = 0xcbf29ce484222325L;
	/** An odd 64-bit multiplier (the golden ratio's), mixing four characters at a time. */
	static final long FNV_PRIME = 0x9E3779B97F4A7C15L;

	private NoteText() {
	}

	/** The normalized words of a text, in order. */
	public static List<String> words(String text) {
		WordScanner scan = new WordScanner(text, true);
		scan.run();
		return scan.strings();
	}

	/** The normalized text: its words joined by single spaces. */
	public static String normalize(String text) {
		return String.join(" ", words(text));
	}

	/** 64-bit hashes of the normalized words, in order ({@code hashOf(w)} for each {@code w} of {@link #words}). */
	public static long[] wordHashes(String text) {
		WordScanner scan = new WordScanner(text, false);
		scan.run();
		return scan.hashes();
	}

	/** The hash of one normalized word, as {@link #wordHashes(String)} computes it. */
	public static long hashOf(String word) {
		long h = FNV_OFFSET;
		long pack = 0;
		int n = word.length();
		for (int i = 0; i < n; i++) {
			pack = (pack << 16) | word.charAt(i);
			if ((i & 3) == 3) {
				h = step(h, pack);
				pack = 0;
			}
		}
		if ((n & 3) != 0) {
			h = step(h, pack);
		}
		return finish(h, n);
	}

	/** One step of the word hash: four characters, 16 bits each, go in per multiplication. */
	static long step(long h, long fourChars) {
		return (h ^ fourChars) * FNV_PRIME;
	}

	static long finish(long h, int length) {
		return Shingles.mix(h ^ length);
	}

	/** Unicode compatibility decomposition without the combining marks ("é" → "e", "ﬁ" → "fi"); ASCII passes as is. */
	static String fold(String text) {
		if (text == null) {
			return "";
		}
		int i = 0;
		int n = text.length();
		while (i < n && text.charAt(i) < 0x80) {
			i++;
		}
		if (i == n) {
			return text;
		}
		String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
		StringBuilder out = new StringBuilder(decomposed.length());
		for (int j = 0; j < decomposed.length(); j++) {
			char c = decomposed.charAt(j);
			int type = Character.getType(c);
			if (type != Character.NON_SPACING_MARK && type != Character.COMBINING_SPACING_MARK
					&& type != Character.ENCLOSING_MARK) {
				out.append(c);
			}
		}
		return out.toString();
	}
}

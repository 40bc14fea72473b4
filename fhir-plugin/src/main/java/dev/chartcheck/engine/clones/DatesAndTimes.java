package dev.chartcheck.engine.clones;

/**
 * Recognizes a date or a time starting at a raw word of a {@link WordScanner}, and says how many raw words it
 * spans (0: none starts there). Only plausible values count (month 1-12, day 1-31, year 1900-2199 or two
 * digits, hour 0-24, minutes 0-59), so that {@code 120/80} stays a blood pressure and {@code 1/2} a half.
 */
final class DatesAndTimes {

	private static final String[] MONTH_NAMES = {
			"january jan", "february feb", "march mar", "april apr", "may", "june jun",
			"july jul", "august aug", "september sep sept", "october oct", "november nov", "december dec" };
	private static final int MAY = 5;
	private static final long[] MONTH_KEYS = new long[256];
	private static final byte[] MONTH_OF = new byte[256];
	/** Bit {@code h & 63} is set for the hash {@code h} of every month name: most other words fail this one test. */
	private static long monthBits;
	private static final long[] ORDINALS = { NoteText.hashOf("st"), NoteText.hashOf("nd"), NoteText.hashOf("rd"),
			NoteText.hashOf("th") };
	private static final long AM = NoteText.hashOf("am");
	private static final long PM = NoteText.hashOf("pm");
	private static final long A = NoteText.hashOf("a");
	private static final long P = NoteText.hashOf("p");
	private static final long M = NoteText.hashOf("m");
	private static final long T = NoteText.hashOf("t");
	private static final long Z = NoteText.hashOf("z");

	static {
		for (int m = 0; m < MONTH_NAMES.length; m++) {
			for (String name : MONTH_NAMES[m].split(" ")) {
				long h = NoteText.hashOf(name);
				monthBits |= 1L << (h & 63);
				int slot = (int) (h >>> 56);
				while (MONTH_KEYS[slot] != 0) {
					slot = (slot + 1) & 255;
				}
				MONTH_KEYS[slot] = h;
				MONTH_OF[slot] = (byte) (m + 1);
			}
		}
	}

	private DatesAndTimes() {
	}

	/** Whether a word (by its hash) names a month: the only words a date or a time can start with. */
	static boolean isMonth(long wordHash) {
		return month(wordHash) > 0;
	}

	/** The number of raw words of the date starting at {@code i}, or 0. */
	static int date(WordScanner w, int i) {
		if (w.isInteger(i)) {
			int n = numericDate(w, i);
			return n > 0 ? n : dayMonthYear(w, i);
		}
		int month = month(w.hash(i));
		return month > 0 ? monthFirst(w, i, month) : 0;
	}

	/** The number of raw words of the time of day starting at {@code i}, or 0. */
	static int time(WordScanner w, int i) {
		if (!w.isInteger(i) || w.digits(i) > 2) {
			return 0;
		}
		int hour = w.value(i);
		if (hour <= 24 && w.isInteger(i + 1) && w.separator(i + 1) == ':' && w.digits(i + 1) == 2 && w.value(i + 1) <= 59) {
			int n = 2;
			if (w.isNumber(i + 2) && w.separator(i + 2) == ':' && w.digits(i + 2) == 2 && w.value(i + 2) <= 60) {
				n = 3;
			}
			return n + meridiem(w, i + n);
		}
		if (hour >= 1 && hour <= 12) {
			int m = meridiem(w, i + 1);
			return m > 0 ? 1 + m : 0;
		}
		return 0;
	}

	/** {@code 2025-03-01} (with an optional {@code T10:15:00.5+01:00} or {@code Z}), {@code 03/01/2025}, {@code 3-1-25}. */
	private static int numericDate(WordScanner w, int i) {
		if (!w.isInteger(i + 1) || !w.isInteger(i + 2)) {
			return 0;
		}
		char sep = w.separator(i + 1);
		if ((sep != '-' && sep != '/') || w.separator(i + 2) != sep) {
			return 0;
		}
		int d0 = w.digits(i);
		int d1 = w.digits(i + 1);
		int d2 = w.digits(i + 2);
		int v0 = w.value(i);
		int v1 = w.value(i + 1);
		int v2 = w.value(i + 2);
		if (d0 == 4 && isYear(v0) && d1 <= 2 && isMonth(v1) && d2 <= 2 && isDay(v2)) {
			return 3 + isoTime(w, i + 3);
		}
		boolean yearLast = d2 == 2 || (d2 == 4 && isYear(v2));
		boolean dayAndMonth = (isMonth(v0) && isDay(v1)) || (isDay(v0) && isMonth(v1));
		return d0 <= 2 && d1 <= 2 && yearLast && dayAndMonth ? 3 : 0;
	}

	/** {@code T10:15:00.551+00:00} or {@code T10:15Z} right after an ISO date. */
	private static int isoTime(WordScanner w, int j) {
		if (w.hash(j) != T || w.separator(j) != WordScanner.ADJACENT || w.separator(j + 1) != WordScanner.ADJACENT) {
			return 0;
		}
		int t = time(w, j + 1);
		if (t == 0) {
			return 0;
		}
		int n = 1 + t;
		int k = j + n;
		if (w.hash(k) == Z && w.separator(k) == WordScanner.ADJACENT) {
			n++;
		} else if (w.isInteger(k) && (w.separator(k) == '+' || w.separator(k) == '-') && w.digits(k) == 2
				&& w.isInteger(k + 1) && w.separator(k + 1) == ':' && w.digits(k + 1) == 2) {
			n += 2;
		}
		return n;
	}

	/** {@code 1 March 2025}, {@code 1st March 2025}. */
	private static int dayMonthYear(WordScanner w, int i) {
		if (w.digits(i) > 2 || !isDay(w.value(i))) {
			return 0;
		}
		int j = ordinal(w, i + 1);
		if (month(w.hash(j)) == 0 || !isFourDigitYear(w, j + 1)) {
			return 0;
		}
		return j + 2 - i;
	}

	/** {@code March 1, 2025}, {@code Mar. 1st 2025}, {@code March 2025}, {@code March 1} (not "may 1"). */
	private static int monthFirst(WordScanner w, int i, int month) {
		int j = i + 1;
		if (isFourDigitYear(w, j)) {
			return 2;
		}
		if (!w.isInteger(j) || w.digits(j) > 2 || !isDay(w.value(j))) {
			return 0;
		}
		int k = ordinal(w, j + 1);
		if (isFourDigitYear(w, k)) {
			return k + 1 - i;
		}
		return month == MAY ? 0 : k - i;
	}

	/** The index after an ordinal suffix ({@code st nd rd th}) glued to the previous number, or {@code j}. */
	private static int ordinal(WordScanner w, int j) {
		if (w.separator(j) != WordScanner.ADJACENT) {
			return j;
		}
		long h = w.hash(j);
		for (long o : ORDINALS) {
			if (h == o) {
				return j + 1;
			}
		}
		return j;
	}

	private static int meridiem(WordScanner w, int j) {
		long h = w.hash(j);
		if (h == AM || h == PM) {
			return 1;
		}
		return (h == A || h == P) && w.hash(j + 1) == M && w.separator(j + 1) == '.' ? 2 : 0;
	}

	private static int month(long h) {
		if (h == 0 || (monthBits & (1L << (h & 63))) == 0) {
			return 0;
		}
		int slot = (int) (h >>> 56);
		while (MONTH_KEYS[slot] != 0) {
			if (MONTH_KEYS[slot] == h) {
				return MONTH_OF[slot];
			}
			slot = (slot + 1) & 255;
		}
		return 0;
	}

	private static boolean isFourDigitYear(WordScanner w, int j) {
		return w.isInteger(j) && w.digits(j) == 4 && isYear(w.value(j));
	}

	private static boolean isYear(int v) {
		return v >= 1900 && v <= 2199;
	}

	private static boolean isMonth(int v) {
		return v >= 1 && v <= 12;
	}

	private static boolean isDay(int v) {
		return v >= 1 && v <= 31;
	}
}

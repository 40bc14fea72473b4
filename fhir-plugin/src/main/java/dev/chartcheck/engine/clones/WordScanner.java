package dev.chartcheck.engine.clones;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The words of one folded text: a scan into raw words (with what separated each from the one before, which
 * is what tells {@code 03/01/2025} from {@code 3 1 2025}), then a pass that replaces date and time runs with
 * their placeholders. Not shared between threads: one instance per text.
 */
final class WordScanner {

	/** The separator of a word that touches the previous one ({@code mg} in {@code 10mg}). */
	static final char ADJACENT = '\0';

	private final String text;
	private final boolean keepStrings;
	private final List<String> raw;
	private int count;
	private long[] hash = new long[64];
	private boolean[] number = new boolean[64];
	private boolean[] decimal = new boolean[64];
	private int[] value = new int[64];
	private int[] digits = new int[64];
	private char[] separator = new char[64];
	private long[] out;
	private int outCount;
	private List<String> outStrings;

	WordScanner(String foldedText, boolean keepStrings) {
		this.text = foldedText;
		this.keepStrings = keepStrings;
		this.raw = keepStrings ? new ArrayList<>() : null;
	}

	void run() {
		scan();
		out = new long[count];
		outStrings = keepStrings ? new ArrayList<>(count) : null;
		int i = 0;
		while (i < count) {
			int n = DatesAndTimes.date(this, i);
			if (n > 0) {
				emit(NoteText.DATE_HASH, NoteText.DATE);
			} else if ((n = DatesAndTimes.time(this, i)) > 0) {
				emit(NoteText.TIME_HASH, NoteText.TIME);
			} else {
				n = 1;
				emit(hash[i], keepStrings ? raw.get(i) : null);
			}
			i += n;
		}
	}

	long[] hashes() {
		return outCount == out.length ? out : Arrays.copyOf(out, outCount);
	}

	List<String> strings() {
		return outStrings;
	}

	/** Raw word {@code i} is a number without a decimal point. */
	boolean isInteger(int i) {
		return i < count && number[i] && !decimal[i];
	}

	boolean isNumber(int i) {
		return i < count && number[i];
	}

	/** The integer value of a number (its integer part), capped near 10^9. */
	int value(int i) {
		return value[i];
	}

	/** How many digits a number has before any decimal point. */
	int digits(int i) {
		return digits[i];
	}

	/** The last punctuation between raw word {@code i} and the one before, ' ' for white space only, or {@link #ADJACENT}. */
	char separator(int i) {
		return i < count ? separator[i] : ' ';
	}

	/** The hash of raw word {@code i}; 0 past the end. */
	long hash(int i) {
		return i < count ? hash[i] : 0;
	}

	private void emit(long h, String s) {
		out[outCount++] = h;
		if (keepStrings) {
			outStrings.add(s);
		}
	}

	private void scan() {
		String t = text;
		int n = t.length();
		char sep = ' ';
		int i = 0;
		StringBuilder sb = keepStrings ? new StringBuilder() : null;
		while (i < n) {
			char c = t.charAt(i);
			if (isLetter(c)) {
				long h = NoteText.FNV_OFFSET;
				int len = 0;
				while (i < n) {
					c = t.charAt(i);
					if (isLetter(c)) {
						char lc = c < 0x80 ? (char) (c | 0x20) : Character.toLowerCase(c);
						h = NoteText.step(h, lc);
						len++;
						if (sb != null) {
							sb.append(lc);
						}
						i++;
					} else if ((c == '\'' || c == '\u2019') && i + 1 < n && isLetter(t.charAt(i + 1))) {
						i++;
					} else {
						break;
					}
				}
				add(NoteText.finish(h, len), false, false, 0, 0, sep, sb);
				sep = ADJACENT;
			} else if (c >= '0' && c <= '9') {
				long h = NoteText.FNV_OFFSET;
				int len = 0;
				int v = 0;
				int d = 0;
				boolean dec = false;
				while (i < n) {
					c = t.charAt(i);
					if (c >= '0' && c <= '9') {
						if (!dec) {
							v = v > 100_000_000 ? v : v * 10 + (c - '0');
							d++;
						}
					} else if (c == '.' && !dec && i + 1 < n && t.charAt(i + 1) >= '0' && t.charAt(i + 1) <= '9') {
						dec = true;
					} else {
						break;
					}
					h = NoteText.step(h, c);
					len++;
					if (sb != null) {
						sb.append(c);
					}
					i++;
				}
				add(NoteText.finish(h, len), true, dec, v, d, sep, sb);
				sep = ADJACENT;
			} else {
				if (Character.isWhitespace(c)) {
					if (sep == ADJACENT) {
						sep = ' ';
					}
				} else {
					sep = c;
				}
				i++;
			}
		}
	}

	/** ASCII letters, and beyond ASCII any letter or digit (other scripts' digits are rare enough to read as words). */
	private static boolean isLetter(char c) {
		if (c < 0x80) {
			return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		}
		return Character.isLetter(c) || Character.isDigit(c);
	}

	private void add(long h, boolean num, boolean dec, int v, int d, char sep, StringBuilder sb) {
		if (count == hash.length) {
			int cap = count * 2;
			hash = Arrays.copyOf(hash, cap);
			number = Arrays.copyOf(number, cap);
			decimal = Arrays.copyOf(decimal, cap);
			value = Arrays.copyOf(value, cap);
			digits = Arrays.copyOf(digits, cap);
			separator = Arrays.copyOf(separator, cap);
		}
		hash[count] = h;
		number[count] = num;
		decimal[count] = dec;
		value[count] = v;
		digits[count] = d;
		separator[count] = sep;
		count++;
		if (sb != null) {
			raw.add(sb.toString());
			sb.setLength(0);
		}
	}
}

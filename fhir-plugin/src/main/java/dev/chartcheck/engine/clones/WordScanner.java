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
	private long[] hash;
	/** Per raw word: value (24 bits, capped), digits (5 bits) and the flags below. */
	private int[] info;
	private char[] separator;
	private long[] out;
	private int outCount;
	private List<String> outStrings;

	private static final int VALUE_MASK = (1 << 24) - 1;
	private static final int NUMBER = 1 << 29;
	private static final int DECIMAL = 1 << 30;
	private static final int MONTH_LIKE = 1 << 31;

	/** A scanner of {@code text}, which is folded ({@link NoteText#fold}) only if it turns out not to be ASCII. */
	WordScanner(String text, boolean keepStrings) {
		this.text = text == null ? "" : text;
		this.keepStrings = keepStrings;
		this.raw = keepStrings ? new ArrayList<>() : null;
		int expected = this.text.length() / 5 + 16;
		this.hash = new long[expected];
		this.info = new int[expected];
		this.separator = new char[expected];
	}

	void run() {
		if (!scan(text.toCharArray(), true)) {
			count = 0;
			if (raw != null) {
				raw.clear();
			}
			scan(NoteText.fold(text).toCharArray(), false);
		}
		out = new long[count];
		outStrings = keepStrings ? new ArrayList<>(count) : null;
		int i = 0;
		while (i < count) {
			int f = info[i];
			if ((f & NUMBER) == 0 && !((f & MONTH_LIKE) != 0 && DatesAndTimes.isMonth(hash[i]))) {
				emit(hash[i], keepStrings ? raw.get(i) : null);
				i++;
				continue;
			}
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
		return i < count && (info[i] & (NUMBER | DECIMAL)) == NUMBER;
	}

	boolean isNumber(int i) {
		return i < count && (info[i] & NUMBER) != 0;
	}

	/** The integer value of a number (its integer part), capped near 10^7. */
	int value(int i) {
		return info[i] & VALUE_MASK;
	}

	/** How many digits a number has before any decimal point (up to 31). */
	int digits(int i) {
		return (info[i] >>> 24) & 31;
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

	/** Scans {@code t} into raw words; false, having stopped, when {@code asciiOnly} and a non-ASCII character turns up. */
	private boolean scan(char[] t, boolean asciiOnly) {
		int n = t.length;
		char sep = ' ';
		int i = 0;
		StringBuilder sb = keepStrings ? new StringBuilder() : null;
		while (i < n) {
			char c = t[i];
			if (c >= 0x80 && asciiOnly) {
				return false;
			}
			int kind = kindOf(c);
			if (kind == LETTER) {
				long h = NoteText.FNV_OFFSET;
				long pack = 0;
				int len = 0;
				char first = (char) (c | 0x20);
				// the common case first: a run of ASCII letters, four to a hash step
				while (i + 3 < n && isAsciiLetter(t[i]) && isAsciiLetter(t[i + 1]) && isAsciiLetter(t[i + 2])
						&& isAsciiLetter(t[i + 3]) && (len & 3) == 0 && sb == null) {
					h = NoteText.step(h, ((long) (t[i] | 0x20) << 48) | ((long) (t[i + 1] | 0x20) << 32)
							| ((long) (t[i + 2] | 0x20) << 16) | (t[i + 3] | 0x20));
					len += 4;
					i += 4;
				}
				while (i < n) {
					c = t[i];
					kind = kindOf(c);
					if (kind == LETTER) {
						if (c >= 0x80 && asciiOnly) {
							return false;
						}
						char lc = c < 0x80 ? (char) (c | 0x20) : Character.toLowerCase(c);
						pack = (pack << 16) | lc;
						if ((len & 3) == 3) {
							h = NoteText.step(h, pack);
							pack = 0;
						}
						len++;
						if (sb != null) {
							sb.append(lc);
						}
						i++;
					} else if (kind == APOSTROPHE && i + 1 < n && kindOf(t[i + 1]) == LETTER) {
						i++;
					} else {
						break;
					}
				}
				if ((len & 3) != 0) {
					h = NoteText.step(h, pack);
				}
				boolean monthLike = len >= 3 && len <= 9 && first < 128 && MONTH_INITIAL[first];
				add(NoteText.finish(h, len), monthLike ? MONTH_LIKE : 0, sep, sb);
				sep = ADJACENT;
			} else if (kind == DIGIT) {
				long h = NoteText.FNV_OFFSET;
				long pack = 0;
				int len = 0;
				int v = 0;
				int d = 0;
				boolean dec = false;
				while (i < n) {
					c = t[i];
					if (c >= '0' && c <= '9') {
						if (!dec) {
							v = v > 1_000_000 ? v : v * 10 + (c - '0');
							d++;
						}
					} else if (c == '.' && !dec && i + 1 < n && t[i + 1] >= '0' && t[i + 1] <= '9') {
						dec = true;
					} else {
						break;
					}
					pack = (pack << 16) | c;
					if ((len & 3) == 3) {
						h = NoteText.step(h, pack);
						pack = 0;
					}
					len++;
					if (sb != null) {
						sb.append(c);
					}
					i++;
				}
				if ((len & 3) != 0) {
					h = NoteText.step(h, pack);
				}
				add(NoteText.finish(h, len), NUMBER | (dec ? DECIMAL : 0) | (Math.min(d, 31) << 24) | v, sep, sb);
				sep = ADJACENT;
			} else {
				if (kind == SPACE) {
					if (sep == ADJACENT) {
						sep = ' ';
					}
				} else {
					sep = c;
				}
				i++;
			}
		}
		return true;
	}

	private static final byte OTHER = 0;
	private static final byte LETTER = 1;
	private static final byte DIGIT = 2;
	private static final byte SPACE = 3;
	private static final byte APOSTROPHE = 4;
	private static final byte[] ASCII = new byte[128];
	private static final boolean[] MONTH_INITIAL = new boolean[128];

	static {
		for (char c = 0; c < 128; c++) {
			ASCII[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? LETTER
					: c >= '0' && c <= '9' ? DIGIT
					: Character.isWhitespace(c) ? SPACE
					: c == '\'' ? APOSTROPHE : OTHER;
		}
		for (char c : "jfmasond".toCharArray()) {
			MONTH_INITIAL[c] = true;
		}
	}

	private static boolean isAsciiLetter(char c) {
		return c < 0x80 && ASCII[c] == LETTER;
	}

	/**
	 * What a character is to the scanner. Beyond ASCII: any letter or digit is a letter (other scripts' digits are
	 * rare enough to read as words), U+2019 is an apostrophe.
	 */
	private static int kindOf(char c) {
		if (c < 0x80) {
			return ASCII[c];
		}
		if (c == '\u2019') {
			return APOSTROPHE;
		}
		if (Character.isLetter(c) || Character.isDigit(c)) {
			return LETTER;
		}
		return Character.isWhitespace(c) || Character.isSpaceChar(c) ? SPACE : OTHER;
	}

	private void add(long h, int flags, char sep, StringBuilder sb) {
		if (count == hash.length) {
			int cap = count * 2;
			hash = Arrays.copyOf(hash, cap);
			info = Arrays.copyOf(info, cap);
			separator = Arrays.copyOf(separator, cap);
		}
		hash[count] = h;
		info[count] = flags;
		separator[count] = sep;
		count++;
		if (sb != null) {
			raw.add(sb.toString());
			sb.setLength(0);
		}
	}
}

package dev.chartcheck.standards;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/**
 * How a page shows who the patient is: a name (family and a given name, in any order) and an identifier value,
 * matched as whole words, ignoring case and accents ("JOSÉ GARCÍA" shows José García; "Anne" does not show
 * Ann). Text extracted from PDFs brings ligatures and odd spacing, so text and names are compared in Unicode
 * compatibility form with their marks stripped and their whitespace collapsed.
 */
final class PatientMarks {

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");
	private static final Pattern SPACES = Pattern.compile("\\s+");

	/** Each usable name as the words a page must show: [family, given1, given2…] normalized. */
	private final List<NameParts> names = new ArrayList<>();
	private final List<String> identifiers = new ArrayList<>();

	private record NameParts(String family, List<String> given) {}

	PatientMarks(Patient patient) {
		for (HumanName name : patient.getName()) {
			String family = name.hasFamily() ? normalize(name.getFamily()) : "";
			List<String> given = name.getGiven().stream()
					.map(StringType::getValue)
					.filter(g -> g != null && !g.isBlank())
					.map(PatientMarks::normalize)
					.toList();
			if (!family.isEmpty() || !given.isEmpty()) {
				names.add(new NameParts(family, given));
			}
		}
		for (Identifier identifier : patient.getIdentifier()) {
			if (identifier.hasValue() && !identifier.getValue().isBlank()) {
				identifiers.add(normalize(identifier.getValue()));
			}
		}
	}

	/** Whether the patient has a name to look for; without one the record-level check already reports it. */
	boolean hasName() {
		return !names.isEmpty();
	}

	boolean hasIdentifier() {
		return !identifiers.isEmpty();
	}

	/** The page shows one of the patient's names: its family name and one of its given names (what it has of them). */
	boolean showsName(String normalizedPage) {
		for (NameParts name : names) {
			boolean family = name.family().isEmpty() || containsWord(normalizedPage, name.family());
			boolean given = name.given().isEmpty() || name.given().stream().anyMatch(g -> containsWord(normalizedPage, g));
			if (family && given) {
				return true;
			}
		}
		return false;
	}

	/** The page shows one of the patient's identifier values as a whole token. */
	boolean showsIdentifier(String normalizedPage) {
		return identifiers.stream().anyMatch(id -> containsWord(normalizedPage, id));
	}

	/** Lower case, accents and other marks stripped, compatibility forms folded (ligatures), whitespace collapsed. */
	static String normalize(String text) {
		String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
		String bare = MARKS.matcher(decomposed).replaceAll("");
		return SPACES.matcher(bare).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
	}

	/** {@code word} occurs in {@code text} with no letter, digit or hyphen joined to it on either side. */
	static boolean containsWord(String text, String word) {
		if (word.isEmpty()) {
			return false;
		}
		for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
			int end = at + word.length();
			if ((at == 0 || !joins(text.charAt(at - 1))) && (end == text.length() || !joins(text.charAt(end)))) {
				return true;
			}
		}
		return false;
	}

	private static boolean joins(char c) {
		return Character.isLetterOrDigit(c) || c == '-';
	}
}

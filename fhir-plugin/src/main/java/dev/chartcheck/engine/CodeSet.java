package dev.chartcheck.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The codes of one published ValueSet, for membership tests without a terminology server: the
 * enumerated concepts, ATC {@code is-a} filters (ATC codes nest by prefix), and the concepts' displays
 * as words to find in free text (EHRs often send product codes or text where the ValueSet lists
 * ingredients).
 */
public final class CodeSet {

	static final String ATC = "http://www.whocc.no/atc";

	private final String id;
	private final Set<String> codes = new HashSet<>();
	private final List<String> atcPrefixes = new ArrayList<>();
	private final List<Pattern> names = new ArrayList<>();

	private CodeSet(String id) {
		this.id = id;
	}

	public static CodeSet from(ValueSet valueSet) {
		CodeSet set = new CodeSet(valueSet.getIdElement().getIdPart());
		for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
				set.codes.add(include.getSystem() + "|" + concept.getCode());
				if (concept.hasDisplay()) {
					set.names.add(Pattern.compile("\\b" + Pattern.quote(concept.getDisplay().toLowerCase(Locale.ROOT)) + "\\b"));
				}
			}
			for (ValueSet.ConceptSetFilterComponent filter : include.getFilter()) {
				if (ATC.equals(include.getSystem()) && filter.getOp() == ValueSet.FilterOperator.ISA) {
					set.atcPrefixes.add(filter.getValue());
				}
			}
		}
		return set;
	}

	/** The ValueSet's id. */
	/** What the set recognises, as stable text (its codes sorted, its ATC prefixes and name patterns in order). */
	public String fingerprint() {
		return new java.util.TreeSet<>(codes) + " " + atcPrefixes + " " + names.stream().map(Pattern::pattern).toList();
	}

	public String id() {
		return id;
	}

	/**
	 * The set's concepts as {@code system|code}, when it is made of enumerated concepts only; null when it also has
	 * {@code is-a} filters, whose members cannot be listed.
	 */
	public Set<String> enumerated() {
		return atcPrefixes.isEmpty() ? Set.copyOf(codes) : null;
	}

	public boolean contains(Coding coding) {
		if (coding == null || !coding.hasCode()) {
			return false;
		}
		if (codes.contains(coding.getSystem() + "|" + coding.getCode())) {
			return true;
		}
		return ATC.equals(coding.getSystem()) && atcPrefixes.stream().anyMatch(coding.getCode()::startsWith);
	}

	/** Whether any coding of the concept is in the set. */
	public boolean contains(CodeableConcept concept) {
		return concept != null && concept.getCoding().stream().anyMatch(this::contains);
	}

	public boolean containsAny(List<CodeableConcept> concepts) {
		return concepts.stream().anyMatch(this::contains);
	}

	/** Whether the concept is in the set by code, or names one of its concepts in its text or displays. */
	public boolean containsOrNames(CodeableConcept concept) {
		if (contains(concept)) {
			return true;
		}
		List<String> texts = new ArrayList<>();
		if (concept.hasText()) {
			texts.add(concept.getText());
		}
		concept.getCoding().stream().filter(Coding::hasDisplay).forEach(c -> texts.add(c.getDisplay()));
		return texts.stream()
				.map(t -> t.toLowerCase(Locale.ROOT))
				.anyMatch(t -> names.stream().anyMatch(name -> name.matcher(t).find()));
	}
}

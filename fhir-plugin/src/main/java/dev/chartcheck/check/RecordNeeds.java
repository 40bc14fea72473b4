package dev.chartcheck.check;

import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.Standard;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a set of standards reads of a record, so that a {@link RecordSource} loads that and no more.
 *
 * @param entryTypes the further entry types to load (Observations, Claims…), beside the record's core
 *     (the patient, encounters, notes, consents, prescriptions, communications, care teams, provenance)
 * @param noteContent read the notes' attachments (every note of the patient's, in scope or not, without those entered
 *     in error)
 * @param clones compare the notes in scope that have text with every stored note (implies {@code noteContent})
 * @param observationCodes the Observations to load, by their codes ({@code system|code}); null loads them all (see
 *     {@link Standard#readsObservationCodes})
 */
public record RecordNeeds(Set<String> entryTypes, boolean noteContent, boolean clones, Set<String> observationCodes) {

	public RecordNeeds {
		entryTypes = Set.copyOf(entryTypes);
		noteContent = noteContent || clones;
		observationCodes = observationCodes == null ? null : Set.copyOf(observationCodes);
	}

	/** Every Observation of the types asked for. */
	public RecordNeeds(Set<String> entryTypes, boolean noteContent, boolean clones) {
		this(entryTypes, noteContent, clones, null);
	}

	/** What these standards read, every Observation included when they read Observations. */
	public static RecordNeeds of(Collection<Standard> standards) {
		Set<String> types = new TreeSet<>();
		standards.forEach(s -> types.addAll(s.readsResourceTypes()));
		boolean clones = standards.stream().anyMatch(Standard::readsClones);
		return new RecordNeeds(types, clones || standards.stream().anyMatch(Standard::readsNoteContent), clones);
	}

	/**
	 * What these standards read under the configured {@code codes}: of Observations, only the codes they read, when
	 * each standard that reads Observations says which.
	 */
	public static RecordNeeds of(Collection<Standard> standards, ClinicalCodes codes) {
		RecordNeeds all = of(standards);
		Set<String> observationCodes = new TreeSet<>();
		for (Standard standard : standards) {
			if (standard.readsResourceTypes().contains("Observation")) {
				Set<String> read = standard.readsObservationCodes(codes);
				if (read == null) {
					return all;
				}
				observationCodes.addAll(read);
			}
		}
		return new RecordNeeds(all.entryTypes(), all.noteContent(), all.clones(), observationCodes);
	}
}

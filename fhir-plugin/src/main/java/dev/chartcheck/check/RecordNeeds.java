package dev.chartcheck.check;

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
 */
public record RecordNeeds(Set<String> entryTypes, boolean noteContent, boolean clones) {

	public RecordNeeds {
		entryTypes = Set.copyOf(entryTypes);
		noteContent = noteContent || clones;
	}

	/** What these standards read. */
	public static RecordNeeds of(Collection<Standard> standards) {
		Set<String> types = new TreeSet<>();
		standards.forEach(s -> types.addAll(s.readsResourceTypes()));
		boolean clones = standards.stream().anyMatch(Standard::readsClones);
		return new RecordNeeds(types, clones || standards.stream().anyMatch(Standard::readsNoteContent), clones);
	}
}

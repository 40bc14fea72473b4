package dev.chartcheck.cds;

import dev.chartcheck.engine.FindingKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * The uuid of a card about a gap, stable across calls and services, and the way back from it to the gap.
 *
 * <p>CDS Hooks feedback names only the card's uuid, so the uuid must lead to the gap without any other context.
 * A gap on record gets a uuid built from its DetectedIssue's server-assigned id: a numeric id is written into a
 * version-8 uuid under Chartcheck's marker ({@code 63686b67-6170-8000-8000-<id in hex>}, "chkgap"), and an id
 * that is itself a uuid (HAPI's UUID id strategy) is used as it is. A gap that is not on record yet (a finding
 * of the discharge check that no audit has stored) gets a name-based uuid of its finding key: stable, but it
 * leads to no stored gap, so feedback on it is refused as unknown.
 */
public final class CardUuids {

	/** "chkgap", version 8 (custom layout, RFC 9562). */
	private static final long MARKER = 0x63686b6761708000L;
	private static final long VARIANT = 0x8000000000000000L;
	private static final long VARIANT_MASK = 0xC000000000000000L;

	private CardUuids() {}

	/** The card uuid of the stored gap {@code DetectedIssue/<issueId>}. */
	public static UUID forIssue(String issueId) {
		if (issueId.matches("[0-9]{1,18}")) {
			return new UUID(MARKER, VARIANT | Long.parseLong(issueId));
		}
		try {
			UUID uuid = UUID.fromString(issueId);
			if (uuid.toString().equals(issueId.toLowerCase())) {
				return uuid;
			}
		} catch (IllegalArgumentException notAUuid) {
			// a client-assigned id: Chartcheck never assigns one, so it cannot be led back to
		}
		return nameBased("DetectedIssue/" + issueId);
	}

	/** The card uuid of a gap that is not on record (only its finding key is known). */
	public static UUID forFinding(FindingKey key) {
		return nameBased(FindingKey.SYSTEM + "|" + key.value());
	}

	/** The uuid of one kind of suggestion on a card, e.g. {@code communication}. */
	public static UUID forSuggestion(UUID card, String kind) {
		return nameBased(card + "/" + kind);
	}

	/**
	 * The id of the DetectedIssue a card uuid may lead to, or empty when the text is not a uuid. The issue may
	 * still not exist (a card about a gap not on record, or a uuid Chartcheck never issued).
	 */
	public static Optional<String> issueId(String cardUuid) {
		UUID uuid;
		try {
			uuid = UUID.fromString(cardUuid.startsWith("urn:uuid:") ? cardUuid.substring(9) : cardUuid);
		} catch (IllegalArgumentException e) {
			return Optional.empty();
		}
		if (uuid.getMostSignificantBits() == MARKER && (uuid.getLeastSignificantBits() & VARIANT_MASK) == VARIANT) {
			return Optional.of(Long.toString(uuid.getLeastSignificantBits() & ~VARIANT_MASK));
		}
		return Optional.of(uuid.toString());
	}

	private static UUID nameBased(String name) {
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
	}
}

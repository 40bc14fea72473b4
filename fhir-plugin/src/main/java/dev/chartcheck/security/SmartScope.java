package dev.chartcheck.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART App Launch clinical scope: {@code <context>/<resource type or *>.<permissions>}, in v2 form
 * ({@code patient/Observation.rs}, {@code user/*.cruds}) or v1 form ({@code patient/*.read}, {@code user/Encounter.write},
 * {@code system/*.*}). v1 {@code read} means read and search; {@code write} create, update and delete; {@code *} all.
 * Scopes that are not clinical scopes ({@code openid}, {@code launch/patient}, {@code fhirUser}) are not parsed.
 * A v2 scope's query part ({@code ?category=…}) is not supported: such a scope grants nothing (never more than it
 * says).
 *
 * @param context whose data the scope reaches: the launch patient's, the user's, or the system's (all)
 * @param resourceType a resource type, or {@code *} for all
 * @param permissions what it allows on them
 */
public record SmartScope(Context context, String resourceType, Set<Permission> permissions) {

	/** The scope's context. */
	public enum Context {
		PATIENT, USER, SYSTEM
	}

	/** SMART v2 permissions: create, read, update, delete, search. */
	public enum Permission {
		CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

		private final char letter;

		Permission(char letter) {
			this.letter = letter;
		}
	}

	private static final Pattern CLINICAL = Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.([a-z*]+)");

	public SmartScope {
		permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
	}

	/** The scope, or empty when the text is not a clinical scope Chartcheck grants anything for. */
	public static Optional<SmartScope> parse(String text) {
		Matcher matcher = CLINICAL.matcher(text);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		Context context = Context.valueOf(matcher.group(1).toUpperCase(Locale.ROOT));
		return permissions(matcher.group(3)).map(p -> new SmartScope(context, matcher.group(2), p));
	}

	/** Whether this scope allows {@code permission} on resources of {@code type}. */
	public boolean allows(String type, Permission permission) {
		return ("*".equals(resourceType) || resourceType.equals(type)) && permissions.contains(permission);
	}

	private static Optional<Set<Permission>> permissions(String text) {
		switch (text) {
			case "read":
				return Optional.of(EnumSet.of(Permission.READ, Permission.SEARCH));
			case "write":
				return Optional.of(EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE));
			case "*":
				return Optional.of(EnumSet.allOf(Permission.class));
			default:
				return v2(text);
		}
	}

	/** v2 letters, each at most once and in the order c, r, u, d, s. */
	private static Optional<Set<Permission>> v2(String text) {
		EnumSet<Permission> permissions = EnumSet.noneOf(Permission.class);
		int next = 0;
		for (char letter : text.toCharArray()) {
			int at = -1;
			for (Permission p : Permission.values()) {
				if (p.letter == letter) {
					at = p.ordinal();
				}
			}
			if (at < next) {
				return Optional.empty();
			}
			permissions.add(Permission.values()[at]);
			next = at + 1;
		}
		return permissions.isEmpty() ? Optional.empty() : Optional.of(permissions);
	}
}

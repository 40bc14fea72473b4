package dev.chartcheck.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The standards this server checks, in report order, keyed by code. */
public final class StandardsCatalog {

	private final Map<String, Standard> standards = new LinkedHashMap<>();

	public StandardsCatalog(List<Standard> standards) {
		for (Standard standard : standards) {
			if (this.standards.putIfAbsent(standard.code(), standard) != null) {
				throw new IllegalArgumentException("Two standards share the code " + standard.code());
			}
		}
	}

	public List<Standard> all() {
		return List.copyOf(standards.values());
	}

	public Optional<Standard> find(String code) {
		return Optional.ofNullable(standards.get(code));
	}

	public List<String> codes() {
		return List.copyOf(standards.keySet());
	}
}

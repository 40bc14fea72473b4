package dev.chartcheck.write;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The checked clinical writes of one database transaction (or of one request), by patient. */
final class PendingWrites {

	/** One patient's written resources, as {@code DocumentReference/7}. */
	record PatientWrites(String patient, Set<String> resources) {

		/** The resource types written. */
		Set<String> types() {
			return resources.stream().map(r -> r.substring(0, r.indexOf('/'))).collect(Collectors.toSet());
		}
	}

	private final RequestDetails request;
	private final Map<String, PatientWrites> byPatient = new LinkedHashMap<>();

	PendingWrites(RequestDetails request) {
		this.request = request;
	}

	/** The request that wrote them, to answer with their gaps; null for writes made inside the server. */
	RequestDetails request() {
		return request;
	}

	void add(String patient, String resource) {
		byPatient.computeIfAbsent(patient, p -> new PatientWrites(p, new LinkedHashSet<>())).resources().add(resource);
	}

	void addAll(PendingWrites other) {
		other.patients().forEach(writes -> writes.resources().forEach(resource -> add(writes.patient(), resource)));
	}

	Collection<PatientWrites> patients() {
		return byPatient.values();
	}
}

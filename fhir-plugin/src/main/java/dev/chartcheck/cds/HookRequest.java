package dev.chartcheck.cds;

import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * What a service reads from a CDS Hooks request: the ids in its context and its prefetched resources. By the time
 * a service runs, HAPI's prefetch service has filled every prefetch key the client left out by reading this
 * server's DAOs, so a missing key here means the data could not be had: 412, as CDS Hooks prescribes.
 */
final class HookRequest {

	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	private final CdsServiceRequestJson request;

	HookRequest(CdsServiceRequestJson request) {
		this.request = request;
	}

	/** A resource id from the context ({@code patientId}, {@code encounterId}), with or without its type. */
	String contextId(String key, String resourceType) {
		Object value = request.getContext() == null ? null : request.getContext().get(key);
		if (!(value instanceof String text) || text.isBlank()) {
			throw new InvalidRequestException("The hook context has no " + key + " (context." + key + ")");
		}
		String id = text.startsWith(resourceType + "/") ? text.substring(resourceType.length() + 1) : text;
		if (!FHIR_ID.matcher(id).matches()) {
			throw new InvalidRequestException("context." + key + " is not a FHIR " + resourceType + " id: " + text);
		}
		return id;
	}

	/** The prefetched resource under {@code key}, which must be of {@code type}. */
	<T extends IBaseResource> T resource(String key, Class<T> type) {
		IBaseResource resource = prefetched(key);
		if (!type.isInstance(resource)) {
			throw new InvalidRequestException("prefetch." + key + " must be a " + type.getSimpleName() + ", not a "
					+ resource.fhirType());
		}
		return type.cast(resource);
	}

	/** The resources of {@code type} in the Bundle prefetched under {@code key}. */
	<T extends IBaseResource> List<T> entries(String key, Class<T> type) {
		IBaseResource resource = prefetched(key);
		if (!(resource instanceof Bundle bundle)) {
			throw new InvalidRequestException("prefetch." + key + " must be a Bundle, not a " + resource.fhirType());
		}
		return bundle.getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource)
				.filter(type::isInstance)
				.map(type::cast)
				.toList();
	}

	private IBaseResource prefetched(String key) {
		IBaseResource resource = Optional.ofNullable(request.getPrefetch(key))
				.orElseThrow(() -> new PreconditionFailedException("prefetch." + key + " is missing and could not be read"));
		if (resource instanceof OperationOutcome) {
			throw new PreconditionFailedException("prefetch." + key + " could not be read: the client sent an OperationOutcome");
		}
		return resource;
	}
}

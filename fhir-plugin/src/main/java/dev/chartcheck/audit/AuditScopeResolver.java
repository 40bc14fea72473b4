package dev.chartcheck.audit;

import dev.chartcheck.storage.SearchResults;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import dev.chartcheck.engine.RecordSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Finds the patients whose records an audit covers: every patient on the server; the patients whose
 * notes a practitioner authored or signed or whose encounters they took part in; an organization's
 * patients (managed by it, seen in its encounters, kept in its custody) and its practitioners' patients.
 */
public class AuditScopeResolver {

	private final DaoRegistry daos;

	public AuditScopeResolver(DaoRegistry daos) {
		this.daos = daos;
	}

	/**
	 * @return {@code Patient/<id>} references, sorted
	 * @throws ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException when the scope's subject is unknown
	 */
	public List<String> patients(AuditScope scope) {
		Set<String> patients = new TreeSet<>();
		if (scope.isServer()) {
			for (IBaseResource patient : search("Patient", SearchParameterMap.newSynchronous())) {
				patients.add(RecordSnapshot.idOf((Resource) patient));
			}
			return List.copyOf(patients);
		}
		IdType subject = new IdType(scope.subject());
		daos.getResourceDao(subject.getResourceType()).read(subject, new SystemRequestDetails());
		Set<String> clinicians = new LinkedHashSet<>();
		if ("Practitioner".equals(subject.getResourceType())) {
			clinicians.add(scope.subject());
			clinicians.addAll(ids(search("PractitionerRole", by("practitioner", List.of(scope.subject())))));
		} else {
			patients.addAll(ids(search("Patient", by("organization", List.of(scope.subject())))));
			patients.addAll(subjects(search("Encounter", by("service-provider", List.of(scope.subject())))));
			patients.addAll(subjects(search("DocumentReference", by("custodian", List.of(scope.subject())))));
			for (IBaseResource role : search("PractitionerRole", by("organization", List.of(scope.subject())))) {
				clinicians.add(RecordSnapshot.idOf((Resource) role));
				String practitioner = RecordSnapshot.referenceId(((PractitionerRole) role).getPractitioner());
				if (practitioner != null) {
					clinicians.add(practitioner);
				}
			}
		}
		if (!clinicians.isEmpty()) {
			patients.addAll(subjects(search("DocumentReference", by("author", clinicians))));
			patients.addAll(subjects(search("DocumentReference", by("authenticator", clinicians))));
			patients.addAll(subjects(search("Encounter", by("participant", clinicians))));
		}
		return List.copyOf(patients);
	}

	private static SearchParameterMap by(String parameter, Collection<String> references) {
		ReferenceOrListParam any = new ReferenceOrListParam();
		references.forEach(ref -> any.addOr(new ReferenceParam(ref)));
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(parameter, any);
		return map;
	}

	private List<IBaseResource> search(String type, SearchParameterMap map) {
		return SearchResults.all(daos.getResourceDao(type).search(map, new SystemRequestDetails()));
	}

	private static List<String> ids(List<IBaseResource> resources) {
		return resources.stream().map(r -> RecordSnapshot.idOf((Resource) r)).toList();
	}

	/** The patients the notes or encounters are about. */
	private static List<String> subjects(List<IBaseResource> resources) {
		List<String> result = new ArrayList<>();
		for (IBaseResource resource : resources) {
			Reference subject = resource instanceof DocumentReference note ? note.getSubject()
					: resource instanceof Encounter encounter ? encounter.getSubject() : null;
			String id = RecordSnapshot.referenceId(subject);
			if (id != null && id.startsWith("Patient/")) {
				result.add(id);
			}
		}
		return result;
	}
}

package dev.chartcheck.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.chartcheck.audit.AuditScope;
import dev.chartcheck.audit.AuditScopeResolver;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * The patients whose records a {@linkplain Access#compartmental() compartmental} party reaches. For an auditor of an
 * organization: the organization's patients, as an audit of that organization finds them. For a provider, the
 * patients they care for: those with an Encounter the provider took part in, a CareTeam (not ended or in
 * error) with the provider as a participant, or the provider as general practitioner; directly or through one of
 * the provider's PractitionerRoles. Read once per request (kept in the request) from storage, as the server itself.
 */
public class ProviderPatients {

	/** Stands for "no patient" in a compartment rule, which needs at least one owner. */
	static final IIdType NONE = new IdType("Patient", "chartcheck-no-patient");
	private static final String KEY = ProviderPatients.class.getName();
	private static final int MAX = 100_000;

	private final DaoRegistry daos;

	public ProviderPatients(DaoRegistry daos) {
		this.daos = daos;
	}

	/**
	 * The patients {@code access} reaches, at least one id ({@link #NONE} when none); null when the party is not
	 * limited to some patients' records.
	 */
	public List<IIdType> reachable(Access access, RequestDetails request) {
		if (access.role() == Role.PROVIDER) {
			IIdType practitioner = practitionerOf(access);
			return practitioner == null ? List.of(NONE) : of(practitioner, request);
		}
		if (!access.compartmental()) {
			return null;
		}
		String key = KEY + "/" + access.organization();
		Object cached = request.getUserData().get(key);
		if (cached instanceof List<?> list) {
			@SuppressWarnings("unchecked")
			List<IIdType> patients = (List<IIdType>) list;
			return patients;
		}
		List<IIdType> patients = new ArrayList<>();
		try {
			new AuditScopeResolver(daos).patients(new AuditScope(access.organization()))
					.forEach(id -> patients.add(new IdType(id)));
		} catch (ResourceNotFoundException e) {
			// an organization this server does not know has no patients here
		}
		if (patients.isEmpty()) {
			patients.add(NONE);
		}
		List<IIdType> result = List.copyOf(patients);
		request.getUserData().put(key, result);
		return result;
	}

	/** The provider's own Practitioner, from their {@code fhirUser}, or null when it names none. */
	static IIdType practitionerOf(Access access) {
		if (access.fhirUser() == null) {
			return null;
		}
		IdType id = new IdType(access.fhirUser());
		return "Practitioner".equals(id.getResourceType()) && id.hasIdPart() ? id.toUnqualifiedVersionless() : null;
	}

	/** The provider's patients, at least one id ({@link #NONE} when they have none). */
	@SuppressWarnings("unchecked")
	public List<IIdType> of(IIdType practitioner, RequestDetails request) {
		Object cached = request.getUserData().get(KEY);
		if (cached instanceof List<?> list) {
			return (List<IIdType>) list;
		}
		List<IIdType> patients = List.copyOf(lookUp(practitioner));
		request.getUserData().put(KEY, patients);
		return patients;
	}

	private List<IIdType> lookUp(IIdType practitioner) {
		ReferenceOrListParam clinician = new ReferenceOrListParam().addOr(new ReferenceParam(practitioner.getValue()));
		for (IBaseResource role : search("PractitionerRole", "practitioner", clinician)) {
			clinician.addOr(new ReferenceParam("PractitionerRole/" + role.getIdElement().getIdPart()));
		}
		Set<String> ids = new LinkedHashSet<>();
		for (IBaseResource r : search("Encounter", "participant", clinician)) {
			add(ids, ((Encounter) r).getSubject());
		}
		for (IBaseResource r : search("CareTeam", "participant", clinician)) {
			CareTeam team = (CareTeam) r;
			if (team.getStatus() != CareTeam.CareTeamStatus.ENTEREDINERROR && team.getStatus() != CareTeam.CareTeamStatus.INACTIVE) {
				add(ids, team.getSubject());
			}
		}
		for (IBaseResource r : search("Patient", "general-practitioner", clinician)) {
			ids.add("Patient/" + ((Patient) r).getIdElement().getIdPart());
		}
		List<IIdType> patients = new ArrayList<>();
		ids.forEach(id -> patients.add(new IdType(id)));
		if (patients.isEmpty()) {
			patients.add(NONE);
		}
		return patients;
	}

	private static void add(Set<String> ids, Reference subject) {
		IIdType id = subject.getReferenceElement();
		if ("Patient".equals(id.getResourceType()) && id.hasIdPart()) {
			ids.add("Patient/" + id.getIdPart());
		}
	}

	private List<IBaseResource> search(String type, String parameter, ReferenceOrListParam value) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(parameter, value);
		map.setLoadSynchronousUpTo(MAX);
		IBundleProvider results = daos.getResourceDao(type).search(map, new SystemRequestDetails());
		return results.getResources(0, MAX);
	}
}

package dev.chartcheck.cds;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.BehavioralHealthCare;
import dev.chartcheck.engine.EvaluationContext;
import dev.chartcheck.engine.Finding;
import dev.chartcheck.engine.FindingKey;
import dev.chartcheck.engine.GapStatus;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.Windows;
import dev.chartcheck.fhir.RecordSnapshotLoader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code encounter-discharge}: the gaps the encounter's documentation leaves open, checked afresh at the moment of
 * discharge. The patient's record is loaded the way {@code $audit} loads it, with the encounter as the EHR sends it
 * (prefetch {@code encounter}: at discharge the EHR's copy is newer than the stored one), and the standards run
 * over it; the findings about this encounter, its notes, its prescriptions and the consents signed during it
 * become cards. Nothing is stored: the next audit or write records the gaps.
 */
public class DischargeCards {

	static final String ENCOUNTER = "encounter";

	private final RecordSnapshotLoader loader;
	private final DaoRegistry daos;
	private final List<Standard> standards;
	private final Windows windows;
	private final Duration remediationPeriod;
	private final GapCards cards;
	private final Clock clock;

	public DischargeCards(RecordSnapshotLoader loader, DaoRegistry daos, List<Standard> standards, Windows windows,
			Duration remediationPeriod, GapCards cards, Clock clock) {
		this.loader = loader;
		this.daos = daos;
		this.standards = List.copyOf(standards);
		this.windows = windows;
		this.remediationPeriod = remediationPeriod;
		this.cards = cards;
		this.clock = clock;
	}

	public CdsServiceResponseJson cards(CdsServiceRequestJson request) {
		HookRequest hook = new HookRequest(request);
		String patientId = "Patient/" + hook.contextId("patientId", "Patient");
		String encounterId = "Encounter/" + hook.contextId("encounterId", "Encounter");
		Encounter encounter = hook.resource(ENCOUNTER, Encounter.class).copy();
		if (encounter.getIdElement().hasIdPart() && !encounterId.equals("Encounter/" + encounter.getIdElement().getIdPart())) {
			throw new InvalidRequestException("prefetch." + ENCOUNTER + " is Encounter/" + encounter.getIdElement().getIdPart()
					+ ", not the context's " + encounterId);
		}
		encounter.setId(encounterId);
		if (!encounter.getSubject().hasReference()) {
			encounter.getSubject().setReference(patientId);
		}
		String subject = encounter.getSubject().getReferenceElement().toUnqualifiedVersionless().getValue();
		if (!patientId.equals(subject)) {
			throw new InvalidRequestException(encounterId + " is not an encounter of " + patientId + " (its subject is "
					+ subject + ")");
		}

		Instant now = clock.instant();
		RecordSnapshot record = withEncounter(loader.load(new IdType(patientId), AuditPeriod.ALL, null, standards), encounter);
		EvaluationContext context = new EvaluationContext(now, windows);
		Map<String, DetectedIssue> recorded = recordedGaps(patientId);
		List<Gap> gaps = RecordCheck.run(record, standards, context).findings().stream()
				.filter(finding -> finding.status() != GapStatus.CLOSED)
				.filter(finding -> concernsEncounter(record, finding, encounter))
				.map(finding -> Gap.of(finding, patientId, recorded.get(finding.key(patientId).value()), now, remediationPeriod))
				.toList();
		Optional<String> primaryCare = BehavioralHealthCare.of(record, context).primaryCare().stream().findFirst();
		return cards.response(gaps, primaryCare, now);
	}

	/**
	 * Whether a finding is about the encounter: the encounter itself (no note, no communication with the PCP after
	 * it…), a note or a prescription written in it, or a consent signed while it took place.
	 */
	static boolean concernsEncounter(RecordSnapshot record, Finding finding, Encounter encounter) {
		String encounterId = RecordSnapshot.idOf(encounter);
		if (finding.subject().equals(encounterId)) {
			return true;
		}
		Optional<Resource> subject = record.resolve(new Reference(finding.subject()));
		if (subject.isEmpty()) {
			return false;
		}
		if (subject.get() instanceof DocumentReference note) {
			return note.getContext().getEncounter().stream().anyMatch(ref -> encounterId.equals(RecordSnapshot.referenceId(ref)));
		}
		if (subject.get() instanceof MedicationRequest prescription) {
			return encounterId.equals(RecordSnapshot.referenceId(prescription.getEncounter()));
		}
		if (subject.get() instanceof Consent consent && consent.hasDateTime() && encounter.getPeriod().hasStart()) {
			Instant signed = consent.getDateTime().toInstant();
			return !signed.isBefore(encounter.getPeriod().getStart().toInstant())
					&& (!encounter.getPeriod().hasEnd() || !signed.isAfter(encounter.getPeriod().getEnd().toInstant()));
		}
		return false;
	}

	/** The stored record with {@code current} in place of the stored copy of that encounter (or added to it). */
	static RecordSnapshot withEncounter(RecordSnapshot stored, Encounter current) {
		String id = RecordSnapshot.idOf(current);
		RecordSnapshot.Builder record = RecordSnapshot.builder(stored.patient())
				.relatedAll(stored.all(Resource.class))
				.contentsFrom(stored);
		stored.encounters().stream().filter(e -> !RecordSnapshot.idOf(e).equals(id)).forEach(record::encounter);
		record.encounter(current);
		stored.notes().forEach(record::note);
		stored.consents().forEach(record::consent);
		stored.communications().forEach(record::communication);
		stored.careTeams().forEach(record::careTeam);
		stored.provenances().forEach(record::provenance);
		stored.medicationRequests().forEach(record::medicationRequest);
		return record.build();
	}

	/** The patient's stored gaps by finding key, so that a card about a recorded gap keeps its uuid and due date. */
	private Map<String, DetectedIssue> recordedGaps(String patientId) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add("patient", new ReferenceParam(patientId));
		map.add("identifier", new TokenParam(FindingKey.SYSTEM, null));
		IBundleProvider results = daos.getResourceDao(DetectedIssue.class).search(map, new SystemRequestDetails());
		Map<String, DetectedIssue> byKey = new HashMap<>();
		// a synchronous search may still answer without a known size: page until a page comes back empty
		for (int from = 0; ; from += 500) {
			List<IBaseResource> page = results.getResources(from, from + 500);
			for (IBaseResource resource : page) {
				DetectedIssue issue = (DetectedIssue) resource;
				issue.getIdentifier().stream()
						.filter(i -> FindingKey.SYSTEM.equals(i.getSystem()))
						.findFirst()
						.ifPresent(key -> byKey.putIfAbsent(key.getValue(), issue));
			}
			Integer size = results.size();
			if (page.isEmpty() || (size != null && from + 500 >= size)) {
				return byKey;
			}
		}
	}
}

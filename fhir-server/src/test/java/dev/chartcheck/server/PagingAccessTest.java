package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paging through a search's results ({@code next} links, {@code _getpages}) answers every page to whoever may run the
 * search, and every page is held to the same rules as the first: a provider sees only their patients' resources, a
 * token not cleared for restricted data sees no labeled resource, and a page link passed to another token opens
 * nothing that token could not search for itself.
 */
class PagingAccessTest extends ServerTestBase {

	private static final int PER_PATIENT = 25;
	private static final String CODES = "https://chartcheck.test/CodeSystem/paging";

	private final String run = "pg" + UUID.randomUUID().toString().substring(0, 6);
	private final Set<String> mine = new HashSet<>();
	private final Set<String> theirs = new HashSet<>();
	private final Set<String> labeled = new HashSet<>();

	/**
	 * Two patients with {@value #PER_PATIENT} Observations each of one code; the provider took part in an encounter of
	 * the first only; every fourth Observation of the first is labeled restricted (R).
	 */
	@BeforeEach
	void records() {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		put(transaction, new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Pager")), run + "-prac");
		put(transaction, new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Mine")), run + "-mine");
		put(transaction, new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Theirs")), run + "-theirs");
		Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.PLANNED)
				.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null))
				.setSubject(new Reference("Patient/" + run + "-mine"));
		visit.addParticipant().setIndividual(new Reference("Practitioner/" + run + "-prac"));
		put(transaction, visit, run + "-enc");
		for (String owner : List.of("mine", "theirs")) {
			for (int i = 0; i < PER_PATIENT; i++) {
				String id = run + "-" + owner + "-obs" + i;
				Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
						.setSubject(new Reference("Patient/" + run + "-" + owner))
						.setEffective(new DateTimeType(String.format("2026-01-%02dT10:00:00Z", i + 1)));
				observation.getCode().addCoding().setSystem(CODES).setCode(run);
				if (owner.equals("mine") && i % 4 == 1) {
					observation.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", null);
					labeled.add(id);
				}
				put(transaction, observation, id);
				(owner.equals("mine") ? mine : theirs).add(id);
			}
		}
		client().transaction().withBundle(transaction).execute();
	}

	@Test
	void theSystemPagesThroughEverything() {
		Pages pages = pageThrough(TestAuthority.system(), search());
		assertThat(pages.count()).as(pages.first).isGreaterThan(1);
		assertThat(pages.refused).isEmpty();
		assertThat(pages.ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(union(mine, theirs));
	}

	@Test
	void aProviderPagesThroughTheirPatientsOnly() {
		Pages pages = pageThrough(provider(), search());
		assertThat(pages.count()).as(pages.first).isGreaterThan(1);
		assertThat(pages.refused).isEmpty();
		assertThat(pages.ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(minus(mine, labeled));
	}

	@Test
	void anAuditorPagesThroughWhatTheirClearanceAllows() {
		Pages uncleared = pageThrough(TestAuthority.role("auditor", "user/*.rs", Map.of()), search());
		assertThat(uncleared.count()).as(uncleared.first).isGreaterThan(1);
		assertThat(uncleared.refused).isEmpty();
		assertThat(uncleared.ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(minus(union(mine, theirs), labeled));

		Pages cleared = pageThrough(TestAuthority.role("auditor", "user/*.rs", Map.of("chartcheck_restricted", true)), search());
		assertThat(cleared.refused).isEmpty();
		assertThat(cleared.ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(union(mine, theirs));
	}

	/** The labeled Observations sort late (by date), so they are met on later pages, not the first. */
	@Test
	void laterPagesStillLeaveOutLabeledResourcesForTheUncleared() {
		Pages cleared = pageThrough(TestAuthority.system(), search() + "&subject=Patient/" + run + "-mine&_sort=date");
		assertThat(cleared.pages.get(0)).doesNotContainAnyElementsOf(Set.of(run + "-mine-obs13", run + "-mine-obs17", run + "-mine-obs21"));
		assertThat(cleared.ids).containsAll(labeled);

		Pages uncleared = pageThrough(TestAuthority.role("ehr", "system/*.cruds", Map.of()), search() + "&subject=Patient/" + run + "-mine&_sort=date");
		assertThat(uncleared.count()).as(uncleared.first).isGreaterThan(1);
		assertThat(uncleared.refused).isEmpty();
		assertThat(uncleared.ids).doesNotContainAnyElementsOf(labeled).containsExactlyInAnyOrderElementsOf(minus(mine, labeled));
	}

	/** A page link is no key: whoever follows it gets only what their own rules let them see on that page. */
	@Test
	void aPageLinkPassedToAnotherTokenOpensNothingMore() {
		Pages system = pageThrough(TestAuthority.system(), search() + "&_sort=date");
		assertThat(system.next).hasSizeGreaterThan(1);

		// every page sorted by date holds both patients' Observations: the provider is refused each of them
		Pages provider = follow(provider(), system.next);
		assertThat(provider.ids).isEmpty();
		assertThat(provider.refused).hasSameSizeAs(system.next).allMatch(status -> status == 403);

		// the later pages, less what is labeled
		Pages uncleared = follow(TestAuthority.role("auditor", "user/*.rs", Map.of()), system.next);
		assertThat(uncleared.refused).isEmpty();
		Set<String> later = new HashSet<>();
		system.pages.subList(1, system.count()).forEach(later::addAll);
		assertThat(later).containsAnyElementsOf(labeled);
		assertThat(uncleared.ids).containsExactlyInAnyOrderElementsOf(minus(later, labeled));

		// the audit trail is closed to the EHR: a page of an administrator's AuditEvent search is refused to it too
		for (int i = 0; i < 3; i++) {
			storeAsServer(auditEvent());
		}
		Pages trail = pageThrough(TestAuthority.role("admin", "system/*.cruds", Map.of()), "/AuditEvent?subtype=" + CODES + "|" + run + "&_count=2");
		assertThat(trail.next).isNotEmpty();
		Pages ehr = follow(TestAuthority.system(), trail.next);
		assertThat(ehr.ids).isEmpty();
		assertThat(ehr.refused).hasSameSizeAs(trail.next).allMatch(status -> status == 403);
	}

	private String search() {
		return "/Observation?code=" + CODES + "|" + run + "&_count=10";
	}

	/** An AuditEvent of this run's own subtype, so that a search finds these alone. */
	private AuditEvent auditEvent() {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
		event.addSubtype(new Coding(CODES, run, null));
		event.setRecorded(new java.util.Date());
		event.addAgent().setRequestor(true).setWho(new Reference("Device/chartcheck"));
		event.getSource().setObserver(new Reference("Device/chartcheck"));
		return event;
	}

	private String provider() {
		return TestAuthority.role("provider", "user/*.cruds", Map.of("fhirUser", "Practitioner/" + run + "-prac"));
	}

	/** The pages of a search, from its first page along its {@code next} links, as {@code token}. */
	private Pages pageThrough(String token, String firstPage) {
		FhirHttp as = new FhirHttp(base(), token);
		Pages pages = new Pages();
		String path = firstPage;
		while (path != null) {
			HttpResponse<String> response = as.send("GET", path, null, Map.of());
			assertThat(response.statusCode()).as("page %d of %s: %s", pages.count() + 1, firstPage, abbreviate(response.body())).isEqualTo(200);
			Bundle page = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
			pages.add(page);
			if (pages.first == null) {
				pages.first = abbreviate(response.body());
			}
			path = page.getLink("next") == null ? null : relative(page.getLink("next").getUrl());
			if (path != null) {
				pages.next.add(path);
			}
		}
		return pages;
	}

	/** Each of {@code links} fetched as {@code token}, without following further links. */
	private Pages follow(String token, List<String> links) {
		FhirHttp as = new FhirHttp(base(), token);
		Pages pages = new Pages();
		for (String link : links) {
			HttpResponse<String> response = as.send("GET", link, null, Map.of());
			if (response.statusCode() == 200) {
				pages.add(FHIR.newJsonParser().parseResource(Bundle.class, response.body()));
			} else {
				pages.refused.add(response.statusCode());
			}
		}
		return pages;
	}

	/** A link the server wrote (absolute) as a path under the FHIR base. */
	private String relative(String link) {
		URI uri = URI.create(link);
		String path = uri.getRawPath().substring(URI.create(base()).getRawPath().length());
		return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
	}

	private static void put(Bundle transaction, Resource resource, String id) {
		resource.setId(resource.fhirType() + "/" + id);
		transaction.addEntry().setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(resource.fhirType() + "/" + id);
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		Set<String> all = new HashSet<>(a);
		all.addAll(b);
		return all;
	}

	private static Set<String> minus(Set<String> a, Set<String> b) {
		Set<String> rest = new HashSet<>(a);
		rest.removeAll(b);
		return rest;
	}

	/** What a run of pages answered: the ids on each page answered 200, the status of each refused. */
	private static final class Pages {
		final List<List<String>> pages = new ArrayList<>();
		final List<String> ids = new ArrayList<>();
		final List<String> next = new ArrayList<>();
		final List<Integer> refused = new ArrayList<>();
		String first;

		void add(Bundle page) {
			List<String> onPage = page.getEntry().stream()
					.filter(e -> e.getSearch().getMode() != Bundle.SearchEntryMode.OUTCOME)
					.map(e -> e.getResource().getIdElement().getIdPart()).toList();
			pages.add(onPage);
			ids.addAll(onPage);
		}

		int count() {
			return pages.size();
		}
	}
}

package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Auditors work through ordinary FHIR search on DetectedIssue; each search parameter answers over HTTP. */
class AuditorSearchTest extends ServerTestBase {

	private static final String PATIENT = "Patient/srch-pat";
	private static final String MRN = "srch-MRN";

	/** A copy of the three-gap scenario under its own ids and MRN, audited. */
	@BeforeEach
	void auditDeficientRecord() {
		loadThreeGapRecord("srch", null);
		audit(PATIENT, "");
	}

	@Test
	void gapStatusAndStatus() {
		assertThat(ids("DetectedIssue?patient=" + PATIENT + "&gap-status=open-gap")).hasSize(3);
		assertThat(ids("DetectedIssue?patient=" + PATIENT + "&gap-status=http://hl7.org/fhir/us/davinci-deqm/CodeSystem/gaps-status|open-gap")).hasSize(3);
		assertThat(ids("DetectedIssue?patient=" + PATIENT + "&gap-status=closed-gap")).isEmpty();
		assertThat(ids("DetectedIssue?patient=" + PATIENT + "&status=preliminary")).hasSize(3);
		assertThat(ids("DetectedIssue?patient=" + PATIENT + "&status=final")).isEmpty();
	}

	@Test
	void dueDateFindsWhatIsOverdue() {
		// identified at the fixed clock (2026-06-01), due 90 days later (2026-08-30)
		assertThat(ids("DetectedIssue?patient=" + PATIENT + "&gap-status=open-gap&due-date=lt2026-09-01")).hasSize(3);
		assertThat(ids("DetectedIssue?patient=" + PATIENT + "&gap-status=open-gap&due-date=lt2026-08-30")).isEmpty();
		assertThat(ids("DetectedIssue?patient=" + PATIENT + "&due-date=2026-08-30")).hasSize(3);
	}

	@Test
	void responsiblePractitionerAndOrganization() {
		List<DetectedIssue> issues = storedIssues(PATIENT);
		assertThat(issues).hasSize(3);
		for (DetectedIssue issue : issues) {
			String practitioner = ((Reference) issue.getExtensionByUrl(
					"https://chartcheck.dev/fhir/StructureDefinition/responsible-practitioner").getValue()).getReference();
			assertThat(practitioner).startsWith("Practitioner/srch-");
			assertThat(ids("DetectedIssue?responsible=" + practitioner)).contains(issue.getIdElement().getIdPart());
		}
		assertThat(ids("DetectedIssue?organization=Organization/srch-org")).hasSize(3);
		assertThat(ids("DetectedIssue?organization=Organization/no-such-org")).isEmpty();
	}

	@Test
	void includesCountAndChains() {
		Bundle withImplicated = search("DetectedIssue?patient=" + PATIENT + "&_include=DetectedIssue:implicated");
		assertThat(included(withImplicated)).contains("DocumentReference/srch-doc1", "Encounter/srch-enc3");
		Bundle withPatient = search("DetectedIssue?code=contact-documented&patient=" + PATIENT + "&_include=DetectedIssue:patient");
		assertThat(included(withPatient)).containsExactly(PATIENT);

		Bundle count = search("DetectedIssue?patient=" + PATIENT + "&_summary=count");
		assertThat(count.getTotal()).isEqualTo(3);
		assertThat(count.getEntry()).isEmpty();

		assertThat(ids("DetectedIssue?patient.identifier=" + MRN)).hasSize(3);
		assertThat(ids("DetectedIssue?patient.identifier=NO-SUCH-MRN")).isEmpty();
	}

	@Test
	void sortByIdentified() {
		String patient = "Patient/srch-sort-pat";
		assertThat(http("PUT", "/" + patient, "{\"resourceType\":\"Patient\",\"id\":\"srch-sort-pat\"}").statusCode())
				.isIn(200, 201);
		for (String day : List.of("2025-01-10", "2025-06-10", "2025-03-10")) {
			DetectedIssue issue = new DetectedIssue();
			issue.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
			issue.setPatient(new Reference(patient));
			issue.getCode().setText("sort-test");
			issue.setIdentified(new DateTimeType(day));
			storeAsServer(issue);
		}
		Bundle sorted = search("DetectedIssue?patient=" + patient + "&_sort=-identified");
		assertThat(sorted.getEntry()).extracting(e -> ((DetectedIssue) e.getResource()).getIdentifiedDateTimeType().getValueAsString())
				.containsExactly("2025-06-10", "2025-03-10", "2025-01-10");
	}

	private Bundle search(String query) {
		HttpResponse<String> response = http("GET", "/" + query, null);
		assertThat(response.statusCode()).as(query + ": " + abbreviate(response.body())).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
	}

	private List<String> ids(String query) {
		return search(query).getEntry().stream()
				.filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
				.map(e -> e.getResource().getIdElement().getIdPart())
				.toList();
	}

	private static List<String> included(Bundle bundle) {
		return bundle.getEntry().stream()
				.filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
				.map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.toList();
	}
}

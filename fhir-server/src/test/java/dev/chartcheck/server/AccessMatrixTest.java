package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Role × resource type × verb: every grant and every denial of the access policy, over HTTP with minted tokens.
 * The provider takes part in the record's encounter, so the record is theirs; denials are 403, except that a
 * provider's refused read by id is a 404 (no existence leak), and no token at all is a 401.
 */
class AccessMatrixTest extends ServerTestBase {

	private static final List<String> TYPES = List.of("Patient", "Encounter", "DocumentReference", "Consent",
			"DetectedIssue", "MeasureReport", "AuditEvent");
	private static final List<String> VERBS = List.of("read", "search", "create", "update", "delete");

	@Autowired
	private DaoRegistry daos;

	private final String run = "mx" + UUID.randomUUID().toString().substring(0, 6);
	private final Map<String, String> ids = new java.util.HashMap<>();

	@BeforeEach
	void record() {
		loadThreeGapRecord(run, run + "-org");
		ids.put("Patient", run + "-pat");
		ids.put("Encounter", run + "-enc1");
		ids.put("DocumentReference", run + "-doc1");
		assertThat(http("PUT", "/Consent/" + run + "-consent", consent(run + "-consent")).statusCode()).isIn(200, 201);
		ids.put("Consent", run + "-consent");
		Bundle audit = audit("Patient/" + run + "-pat", "");
		ids.put("DetectedIssue", Gaps.issuesIn(audit).get(0).getIdElement().getIdPart());
		HttpResponse<String> summary = http("GET", "/Organization/" + run + "-org/$audit", null);
		assertThat(summary.statusCode()).isEqualTo(200);
		MeasureReport report = (MeasureReport) FHIR.newJsonParser().parseResource(Bundle.class, summary.body()).getEntryFirstRep().getResource();
		ids.put("MeasureReport", stored(report));
		AuditEvent event = new AuditEvent();
		event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
		event.setRecorded(new java.util.Date());
		event.addAgent().setRequestor(true).setWho(new Reference("Device/chartcheck"));
		event.getSource().setObserver(new Reference("Device/chartcheck"));
		event.addEntity().setWhat(new Reference("Patient/" + run + "-pat"));
		ids.put("AuditEvent", daos.getResourceDao("AuditEvent").create(event, new SystemRequestDetails()).getId().getIdPart());
	}

	@Test
	void everyRoleGetsExactlyWhatThePolicyGrants() {
		String provider = TestAuthority.role("provider", "user/*.cruds", Map.of("fhirUser", "Practitioner/" + run + "-prac2"));
		Map<String, String> tokens = new java.util.LinkedHashMap<>();
		tokens.put("ehr", TestAuthority.system());
		tokens.put("provider", provider);
		tokens.put("auditor", TestAuthority.role("auditor", "user/*.rs", Map.of()));
		tokens.put("admin", TestAuthority.role("admin", "system/*.cruds", Map.of()));

		List<String> wrong = new ArrayList<>();
		for (Map.Entry<String, String> role : tokens.entrySet()) {
			for (String type : TYPES) {
				for (String verb : VERBS) {
					boolean granted = granted(role.getKey(), type, verb);
					HttpResponse<String> response = call(role.getValue(), type, verb);
					int status = response.statusCode();
					// a granted delete of a note the gap list points to is refused by referential integrity, after authorization
					boolean conflict = verb.equals("delete") && status == 409 && response.body().contains("reference");
					boolean ok = granted ? (status >= 200 && status < 300) || conflict
							: status == 403 || (status == 404 && role.getKey().equals("provider") && verb.equals("read"));
					if (!ok) {
						wrong.add(role.getKey() + " " + verb + " " + type + ": " + status + (granted ? " (expected a grant)" : " (expected a denial)"));
					}
				}
			}
		}
		for (String type : TYPES) {
			for (String verb : VERBS) {
				int status = call(null, type, verb).statusCode();
				if (status != 401) {
					wrong.add("no token " + verb + " " + type + ": " + status);
				}
			}
		}
		assertThat(wrong).isEmpty();
	}

	/** The policy, as docs/SECURITY.md states it. */
	private static boolean granted(String role, String type, String verb) {
		boolean reads = verb.equals("read") || verb.equals("search");
		boolean clinical = List.of("Patient", "Encounter", "DocumentReference", "Consent").contains(type);
		switch (role) {
			case "ehr":
				return clinical || (reads && !type.equals("AuditEvent"));
			case "provider":
				// their patient's record, but no deletes and no new patients (a patient not yet theirs is no one's record
				// of theirs); their gaps; no summary reports (they concern others too); no audit trail
				return (clinical && !verb.equals("delete") && !(verb.equals("create") && type.equals("Patient"))) || (reads && type.equals("DetectedIssue"))
						|| (verb.equals("search") && type.equals("MeasureReport"));
			case "auditor":
				return reads;
			case "admin":
				return reads && List.of("DetectedIssue", "MeasureReport", "AuditEvent").contains(type);
			default:
				return false;
		}
	}

	private HttpResponse<String> call(String token, String type, String verb) {
		FhirHttp as = new FhirHttp(base(), token);
		String id = ids.get(type);
		switch (verb) {
			case "read":
				return as.send("GET", "/" + type + "/" + id, null, Map.of());
			case "search":
				return as.send("GET", "/" + type + "?_count=5", null, Map.of());
			case "create":
				return as.send("POST", "/" + type, body(type, null), Map.of());
			case "update": {
				String current = new FhirHttp(base()).send("GET", "/" + type + "/" + id, null, Map.of()).body();
				if (type.equals("AuditEvent")) {
					current = daoJson(type, id);
				}
				return as.send("PUT", "/" + type + "/" + id, current, Map.of());
			}
			case "delete": {
				// a throwaway instance, so that a granted delete leaves the record as it was
				String doomed = run + "-del-" + UUID.randomUUID().toString().substring(0, 6);
				String body = body(type, doomed);
				if (!type.equals("AuditEvent") && !List.of("DetectedIssue", "MeasureReport").contains(type)) {
					new FhirHttp(base()).send("PUT", "/" + type + "/" + doomed, body, Map.of());
				}
				String target = List.of("DetectedIssue", "MeasureReport", "AuditEvent").contains(type) ? id : doomed;
				return as.send("DELETE", "/" + type + "/" + target, null, Map.of());
			}
			default:
				throw new IllegalArgumentException(verb);
		}
	}

	private String daoJson(String type, String id) {
		return FHIR.newJsonParser().encodeResourceToString(
				daos.getResourceDao(type).read(new org.hl7.fhir.r4.model.IdType(type, id), new SystemRequestDetails()));
	}

	/** A small valid resource of the type, of the record's patient (with an id, when one is given). */
	private String body(String type, String id) {
		String idPart = id == null ? "" : "\"id\":\"" + id + "\",";
		String patient = "{\"reference\":\"Patient/" + run + "-pat\"}";
		switch (type) {
			case "Patient":
				return "{\"resourceType\":\"Patient\"," + idPart + "\"name\":[{\"family\":\"Test\"}],"
						+ "\"generalPractitioner\":[{\"reference\":\"Practitioner/" + run + "-prac2\"}]}";
			case "Encounter":
				return "{\"resourceType\":\"Encounter\"," + idPart + "\"status\":\"planned\",\"class\":{\"system\":"
						+ "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},\"subject\":" + patient + "}";
			case "DocumentReference":
				return "{\"resourceType\":\"DocumentReference\"," + idPart + "\"status\":\"current\",\"subject\":" + patient
						+ ",\"content\":[{\"attachment\":{\"contentType\":\"text/plain\",\"data\":\"U2VlbiB0b2RheS4=\"}}]}";
			case "Consent":
				return consent(id).replace("\"id\":\"null\",", "");
			case "DetectedIssue":
				return "{\"resourceType\":\"DetectedIssue\"," + idPart + "\"status\":\"preliminary\",\"patient\":" + patient + "}";
			case "MeasureReport":
				return "{\"resourceType\":\"MeasureReport\"," + idPart + "\"status\":\"complete\",\"type\":\"individual\","
						+ "\"measure\":\"https://chartcheck.dev/fhir/Measure/documentation-standards-audit\",\"subject\":" + patient
						+ ",\"period\":{\"start\":\"2026-01-01\",\"end\":\"2026-06-01\"}}";
			case "AuditEvent":
				return "{\"resourceType\":\"AuditEvent\"," + idPart + "\"type\":{\"system\":\"http://terminology.hl7.org/CodeSystem/audit-event-type\","
						+ "\"code\":\"rest\"},\"recorded\":\"2026-06-01T12:00:00Z\",\"agent\":[{\"requestor\":true}],"
						+ "\"source\":{\"observer\":{\"reference\":\"Device/chartcheck\"}}}";
			default:
				throw new IllegalArgumentException(type);
		}
	}

	private String consent(String id) {
		return "{\"resourceType\":\"Consent\",\"id\":\"" + id + "\",\"status\":\"active\","
				+ "\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
				+ "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
				+ "\"patient\":{\"reference\":\"Patient/" + run + "-pat\"},\"dateTime\":\"2026-05-01\"}";
	}

	/** The id of the stored summary report for the organization's audit. */
	private String stored(MeasureReport answered) {
		Bundle found = client().search().forResource(MeasureReport.class)
				.where(MeasureReport.REPORTER.hasId("Organization/" + run + "-org"))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).as("stored report of %s", answered.getReporter().getReference()).isNotEmpty();
		return found.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}
}

package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartcheck.check.CheckCore;
import dev.chartcheck.check.RecordNeeds;
import dev.chartcheck.engine.AuditPeriod;
import dev.chartcheck.engine.RecordCheck;
import dev.chartcheck.engine.RecordSnapshot;
import dev.chartcheck.engine.Standard;
import dev.chartcheck.engine.StandardsCatalog;
import dev.chartcheck.storage.RecordSnapshotLoader;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A record is loaded with the Observations of the codes its standards read only (the scored screens, the preventive
 * screenings), never with all of a patient's vital signs and results; whether it holds other Observations is asked
 * for apart. The standards find exactly what they find in the record loaded whole.
 */
class ObservationCodesTest extends ServerTestBase {

	private static final List<String> READING_OBSERVATIONS = List.of("preventive-services", "screening-follow-up");

	@Autowired
	private RecordSnapshotLoader loader;

	@Autowired
	private StandardsCatalog catalog;

	@Autowired
	private CheckCore core;

	@Test
	void onlyTheObservationsOfTheCodesReadAreLoadedAndTheFindingsAreTheSame() {
		store("obs-both", observation("obs-both-hr", "8867-4", "final", null), observation("obs-both-phq", "44261-6", "final", 14));
		store("obs-vitals", observation("obs-vitals-hr", "8867-4", "final", null));
		store("obs-eie", observation("obs-eie-hr", "8867-4", "entered-in-error", null));
		List<String> patients = List.of("Patient/obs-both", "Patient/obs-vitals", "Patient/obs-eie");
		List<Standard> standards = READING_OBSERVATIONS.stream().map(code -> catalog.find(code).orElseThrow()).toList();

		RecordNeeds filtered = RecordNeeds.of(standards, core.settings().codes());
		assertThat(filtered.observationCodes()).contains("http://loinc.org|44261-6").doesNotContain("http://loinc.org|8867-4");
		Map<String, RecordSnapshot> some = loader.load(patients, AuditPeriod.ALL, filtered);
		Map<String, RecordSnapshot> whole = loader.load(patients, AuditPeriod.ALL, RecordNeeds.of(standards));

		assertThat(ids(some.get("Patient/obs-both"))).containsExactly("Observation/obs-both-phq");
		assertThat(ids(whole.get("Patient/obs-both"))).containsExactlyInAnyOrder("Observation/obs-both-phq", "Observation/obs-both-hr");
		assertThat(ids(some.get("Patient/obs-vitals"))).isEmpty();
		assertThat(ids(some.get("Patient/obs-eie"))).isEmpty();
		for (String patient : patients) {
			assertThat(some.get(patient).holdsObservations()).as(patient).isEqualTo(whole.get(patient).holdsObservations());
			RecordCheck fromSome = core.evaluate(some.get(patient), standards, core.now());
			RecordCheck fromWhole = core.evaluate(whole.get(patient), standards, core.now());
			assertThat(fromSome.results()).as(patient).isEqualTo(fromWhole.results());
			assertThat(fromSome.recheckAfter()).as(patient).isEqualTo(fromWhole.recheckAfter());
		}
		assertThat(some.get("Patient/obs-vitals").holdsObservations()).isTrue();
		assertThat(some.get("Patient/obs-eie").holdsObservations()).isFalse();
	}

	private static List<String> ids(RecordSnapshot record) {
		return record.all(Observation.class).stream().map(RecordSnapshot::idOf).toList();
	}

	/** An adult with a visit and the given Observations. */
	private void store(String id, String... observations) {
		String bundle = """
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"resource":{"resourceType":"Patient","id":"%1$s","name":[{"family":"Okafor","given":["Ada"]}],
				   "identifier":[{"system":"urn:mrn","value":"%1$s-MRN"}],"gender":"female","birthDate":"1970-02-03"},
				  "request":{"method":"PUT","url":"Patient/%1$s"}},
				 {"resource":{"resourceType":"Encounter","id":"%1$s-enc","status":"finished",
				   "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
				   "subject":{"reference":"Patient/%1$s"},"period":{"start":"2026-03-01T09:00:00Z","end":"2026-03-01T09:30:00Z"}},
				  "request":{"method":"PUT","url":"Encounter/%1$s-enc"}}%2$s]}
				""".formatted(id, String.join("", observations));
		HttpResponse<String> response = http("POST", "", bundle);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private static String observation(String id, String loinc, String status, Integer score) {
		String patient = id.substring(0, id.lastIndexOf('-'));
		String value = score == null
				? "\"valueQuantity\":{\"value\":72,\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}"
				: "\"valueInteger\":" + score;
		return """
				,{"resource":{"resourceType":"Observation","id":"%s","status":"%s",
				   "code":{"coding":[{"system":"http://loinc.org","code":"%s"}]},
				   "subject":{"reference":"Patient/%s"},"effectiveDateTime":"2026-03-01T09:10:00Z",%s},
				  "request":{"method":"PUT","url":"Observation/%s"}}
				""".formatted(id, status, loinc, patient, value, id);
	}
}

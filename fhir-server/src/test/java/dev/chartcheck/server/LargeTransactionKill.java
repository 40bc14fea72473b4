package dev.chartcheck.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A transaction Bundle is all or nothing even when its server dies while it is being processed: the server gets a
 * transaction of patients, encounters and notes with their text inline, is killed with SIGKILL before it has
 * answered, and is started again on the same database. Every entry carries a tag of the run; afterwards each type
 * counts either all its entries or none, the same for every type. The restarted server then stores the same
 * transaction whole.
 */
final class LargeTransactionKill implements RestartStage {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	static final String RUN_TAG = "https://chartcheck.dev/fhir/test-run";
	/**
	 * The smallest transaction that keeps the kill well inside its processing: 80 patients (722 entries) commit some
	 * 9.5 s after they are sent on two idle cores (40 commit at 6.7 s, 160 at 13.9 s), against a kill at 4 s.
	 */
	private static final int PATIENTS = 80;
	private static final int VISITS = 4;
	/** How long after the request is sent the server is killed: well inside the processing of the transaction. */
	private static final Duration KILL_AFTER = Duration.ofSeconds(Long.getLong("chartcheck.kill-after-seconds", 4));

	private final String run;
	private final String transaction;
	private final Map<String, Integer> whole = Map.of("Patient", PATIENTS, "Encounter", PATIENTS * VISITS, "DocumentReference", PATIENTS * VISITS);
	private Map<String, Integer> atKill;

	LargeTransactionKill(String run) {
		this.run = run;
		this.transaction = FHIR.newJsonParser().encodeResourceToString(transaction(run));
	}

	@Override
	public String name() {
		return "a transaction killed while it is processed is stored whole or not at all";
	}

	@Override
	public void runAndStop(ServerProcess first) throws Exception {
		long sent = System.nanoTime();
		CompletableFuture<HttpResponse<String>> answer =
				CompletableFuture.supplyAsync(() -> first.http().send("POST", "", transaction, Map.of()));
		Thread.sleep(KILL_AFTER.toMillis());
		atKill = counts(first, run);
		assertThat(answer).as("the transaction was answered within %s, before it could be interrupted: give it more entries",
				KILL_AFTER).isNotDone();
		first.kill();
		System.out.printf("[%s] killed %.1f s after the transaction was sent; stored just before the kill: %s%n",
				run, (System.nanoTime() - sent) / 1e9, atKill);
	}

	@Override
	public void checkAfterRestart(ServerProcess second) {
		Map<String, Integer> afterRestart = counts(second, run);
		System.out.printf("[%s] stored after the restart: %s (%s)%n", run, afterRestart,
				afterRestart.equals(whole) ? "the transaction had committed" : "nothing: the kill came before the commit");
		assertThat(afterRestart).as("all or nothing, for every type").isIn(whole, zero());
		assertThat(atKill).as("what was visible before the kill is what survived it").isIn(afterRestart, zero());

		long start = System.nanoTime();
		HttpResponse<String> again = second.http().send("POST", "", transaction, Map.of());
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		Bundle response = FHIR.newJsonParser().parseResource(Bundle.class, again.body());
		assertThat(response.getEntry()).hasSize(2 + PATIENTS * (1 + 2 * VISITS));
		assertThat(counts(second, run)).isEqualTo(whole);
		System.out.printf("[%s] the same transaction, sent again, stored whole in %.1f s%n", run, (System.nanoTime() - start) / 1e9);
	}

	private static Map<String, Integer> zero() {
		return Map.of("Patient", 0, "Encounter", 0, "DocumentReference", 0);
	}

	/** How many resources of each type carry the run's tag. */
	private static Map<String, Integer> counts(ServerProcess server, String run) {
		return Map.of("Patient", count(server, "Patient", run), "Encounter", count(server, "Encounter", run),
				"DocumentReference", count(server, "DocumentReference", run));
	}

	/** The count, never from HAPI's cache of recent identical searches. */
	private static int count(ServerProcess server, String type, String run) {
		HttpResponse<String> search = server.http().send("GET", "/" + type + "?_tag=" + RUN_TAG + "|" + run + "&_summary=count", null,
				Map.of("Cache-Control", "no-cache"));
		assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(Bundle.class, search.body()).getTotal();
	}

	/**
	 * The run's transaction: one practice and one physician, then per patient the Patient, {@link #VISITS}
	 * finished visits and a signed note for each, every entry a PUT of its own id (so that it can be sent again)
	 * with the run's tag.
	 */
	static Bundle transaction(String run) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Organization practice = new Organization().setName("Large Transaction Family Practice");
		add(bundle, run, run + "-org", practice);
		Practitioner physician = new Practitioner().addName(new HumanName().setFamily("Okafor").addGiven("Ada").addSuffix("MD"));
		physician.addQualification().setCode(new CodeableConcept(
				new Coding("http://terminology.hl7.org/CodeSystem/v2-0360", "MD", "Doctor of Medicine")).setText("MD"));
		add(bundle, run, run + "-prac", physician);
		for (int p = 0; p < PATIENTS; p++) {
			String patientId = run + "-p" + p;
			String mrn = run.toUpperCase() + "-" + p;
			Patient patient = new Patient().addName(new HumanName().setFamily("Lindqvist" + p).addGiven("Mara"))
					.setGender(Enumerations.AdministrativeGender.FEMALE)
					.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1971-03-" + (10 + p % 18)));
			patient.addIdentifier().setSystem("http://example.org/fhir/sid/mrn").setValue(mrn)
					.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", null)));
			add(bundle, run, patientId, patient);
			for (int v = 0; v < VISITS; v++) {
				String day = String.format("2025-%02d-%02d", 1 + v * 2, 3 + p % 20);
				Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
						.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
						.setSubject(new Reference("Patient/" + patientId))
						.setPeriod(new Period().setStartElement(new DateTimeType(day + "T09:00:00Z")).setEndElement(new DateTimeType(day + "T09:30:00Z")))
						.setServiceProvider(new Reference("Organization/" + run + "-org"));
				visit.addType(new CodeableConcept(new Coding("http://snomed.info/sct", "185345009", "Encounter for symptom")));
				visit.addParticipant().setIndividual(new Reference("Practitioner/" + run + "-prac"));
				add(bundle, run, patientId + "-e" + v, visit);
				add(bundle, run, patientId + "-n" + v, note(run, patientId, mrn, p, v, day));
			}
		}
		return bundle;
	}

	private static DocumentReference note(String run, String patientId, String mrn, int p, int v, String day) {
		String text = "Patient: Mara Lindqvist" + p + "    MRN: " + mrn + "    DOB: 1971-03-" + (10 + p % 18) + "\nProgress note\n\n"
				+ NoteProse.content(p * VISITS + v + 1, 120) + "\n\nElectronically signed by Ada Okafor, MD\n";
		DocumentReference note = new DocumentReference()
				.setStatus(Enumerations.DocumentReferenceStatus.CURRENT)
				.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL)
				.setType(new CodeableConcept(new Coding("http://loinc.org", "11506-3", "Progress note")))
				.setSubject(new Reference("Patient/" + patientId))
				.setDateElement(new InstantType(day + "T12:00:00Z"))
				.setAuthenticator(new Reference("Practitioner/" + run + "-prac"))
				.setCustodian(new Reference("Organization/" + run + "-org"));
		note.addAuthor(new Reference("Practitioner/" + run + "-prac"));
		note.addContent().setAttachment(new Attachment().setContentType("text/plain").setTitle("Progress note")
				.setData(text.getBytes(StandardCharsets.UTF_8)));
		note.getContext().addEncounter(new Reference("Encounter/" + patientId + "-e" + v));
		return note;
	}

	private static void add(Bundle bundle, String run, String id, Resource resource) {
		resource.setId(id);
		resource.getMeta().addTag(RUN_TAG, run, null);
		String url = resource.fhirType() + "/" + id;
		bundle.addEntry().setFullUrl("http://example.org/fhir/" + url).setResource(resource)
				.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
	}
}

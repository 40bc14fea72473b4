package dev.chartcheck.standards;

import static dev.chartcheck.standards.Records.at;

import java.math.BigDecimal;
import java.time.Instant;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/** The further clinical entries of the screening and preventive-services tests, built by hand for Patient/pat1. */
final class ClinicalEntries {

	static final String LOINC = "http://loinc.org";
	static final String SNOMED = "http://snomed.info/sct";
	static final String CVX = "http://hl7.org/fhir/sid/cvx";
	static final String CARE_SETTING = "https://chartcheck.dev/fhir/CodeSystem/care-setting";
	static final String PHQ2 = "55758-7";
	static final String PHQ9 = "44261-6";
	static final String AUDIT_C = "75626-2";

	private ClinicalEntries() {}

	/** A final screening total in {@code valueQuantity}, taken at {@code at} by Practitioner/p1. */
	static Observation screen(String id, String loinc, int score, Instant at) {
		Observation observation = observation(id, loinc, at);
		observation.setValue(new Quantity().setValue(BigDecimal.valueOf(score)).setUnit("{score}")
				.setSystem("http://unitsofmeasure.org").setCode("{score}"));
		return observation;
	}

	static Observation observation(String id, String loinc, Instant at) {
		Observation observation = new Observation();
		observation.setId(id);
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept(new Coding(LOINC, loinc, null)));
		observation.setSubject(new Reference(Records.PATIENT));
		observation.setEffective(new DateTimeType(at(at)));
		observation.addPerformer(new Reference(Records.CLINICIAN));
		return observation;
	}

	static EpisodeOfCare caseManagementEpisode(String id, Instant start) {
		EpisodeOfCare episode = new EpisodeOfCare();
		episode.setId(id);
		episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
		episode.addType(new CodeableConcept(new Coding(SNOMED, "768835002", "Depression care management")));
		episode.setPatient(new Reference(Records.PATIENT));
		episode.getPeriod().setStart(at(start));
		return episode;
	}

	static CarePlan caseManagementPlan(String id, Instant start) {
		CarePlan plan = new CarePlan();
		plan.setId(id);
		plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
		plan.setIntent(CarePlan.CarePlanIntent.PLAN);
		plan.addCategory(new CodeableConcept(new Coding(CARE_SETTING, "case-management", "Case management")));
		plan.setSubject(new Reference(Records.PATIENT));
		plan.getPeriod().setStart(at(start));
		return plan;
	}

	/** An active referral, coded by SNOMED CT {@code code}, authored at {@code at}. */
	static ServiceRequest referral(String id, String code, Instant at) {
		ServiceRequest request = new ServiceRequest();
		request.setId(id);
		request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
		request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		request.setCode(new CodeableConcept(new Coding(SNOMED, code, null)));
		request.setSubject(new Reference(Records.PATIENT));
		request.setAuthoredOn(at(at));
		return request;
	}

	/** A completed seasonal influenza vaccination (CVX 140). */
	static Immunization immunization(String id, Instant at) {
		Immunization immunization = new Immunization();
		immunization.setId(id);
		immunization.setStatus(Immunization.ImmunizationStatus.COMPLETED);
		immunization.setVaccineCode(new CodeableConcept(new Coding(CVX, "140", null)));
		immunization.setPatient(new Reference(Records.PATIENT));
		immunization.setOccurrence(new DateTimeType(at(at)));
		return immunization;
	}

	/** A completed procedure coded by SNOMED CT {@code code}. */
	static Procedure procedure(String id, String code, Instant at) {
		Procedure procedure = new Procedure();
		procedure.setId(id);
		procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
		procedure.setCode(new CodeableConcept(new Coding(SNOMED, code, null)));
		procedure.setSubject(new Reference(Records.PATIENT));
		procedure.setPerformed(new DateTimeType(at(at)));
		return procedure;
	}
}

package dev.chartcheck.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import dev.chartcheck.config.ChartcheckAutoConfiguration;
import dev.chartcheck.config.ChartcheckProperties;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class StrictParsingTest {

	private static final String MISSPELT = "{\"resourceType\":\"Patient\",\"birthdate\":\"1980-01-01\",\"gender\":\"female\"}";

	@Test
	void theLenientDefaultDropsAnUnknownElementAndStrictParsingRefusesIt() {
		FhirContext fhir = FhirContext.forR4();
		Patient lenient = fhir.newJsonParser().parseResource(Patient.class, MISSPELT);
		assertThat(lenient.hasBirthDate()).isFalse();
		assertThat(fhir.newJsonParser().encodeResourceToString(lenient)).doesNotContain("1980");

		StrictParsing.apply(new RestfulServer(fhir));
		assertThatThrownBy(() -> fhir.newJsonParser().parseResource(Patient.class, MISSPELT))
				.isInstanceOf(DataFormatException.class)
				.hasMessageContaining("Unknown element 'birthdate'");
		// what FHIR defines still parses, primitive extensions and choice types included
		Patient valid = fhir.newJsonParser().parseResource(Patient.class, """
				{"resourceType":"Patient","birthDate":"1980-01-01",
				 "_birthDate":{"extension":[{"url":"http://example.org/time","valueTime":"08:00:00"}]},
				 "deceasedBoolean":false}""");
		assertThat(valid.getBirthDateElement().getExtension()).hasSize(1);
	}

	@Test
	void theOperatorSwitchLeavesTheServersParsingLenient() {
		for (boolean strict : new boolean[] {true, false}) {
			FhirContext fhir = FhirContext.forR4();
			RestfulServer server = new RestfulServer(fhir);
			ChartcheckProperties properties = new ChartcheckProperties();
			properties.setStrictParsing(strict);
			new ChartcheckAutoConfiguration()
					.chartcheckStrictParsing(new StaticListableBeanFactory(Map.of("fhir", server)).getBeanProvider(RestfulServer.class), properties)
					.afterSingletonsInstantiated();
			if (strict) {
				assertThatThrownBy(() -> fhir.newJsonParser().parseResource(Patient.class, MISSPELT)).isInstanceOf(DataFormatException.class);
			} else {
				assertThat(fhir.newJsonParser().parseResource(Patient.class, MISSPELT).hasBirthDate()).isFalse();
			}
		}
	}

	@Test
	void anUnknownElementIsFoundWhereverItIsNested() {
		FhirContext fhir = FhirContext.forR4Cached();
		assertThat(UnknownElements.find(fhir, bytes(MISSPELT), "birthdate")).containsExactly("Patient.birthdate");
		assertThat(UnknownElements.find(fhir, bytes("""
				{"resourceType":"Bundle","type":"transaction","entry":[
				 {"resource":{"resourceType":"Patient","name":[{"family":"A"}]},"request":{"method":"POST","url":"Patient"}},
				 {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantiy":{"value":1},
				   "contained":[{"resourceType":"Practitioner","id":"p","name":[{"family":"B","valueQuantiy":2}]}]},
				  "request":{"method":"POST","url":"Observation"}}]}"""), "valueQuantiy"))
				.containsExactly("Bundle.entry[1].resource.valueQuantiy", "Bundle.entry[1].resource.contained[0].name[0].valueQuantiy");
		// a known element of that name elsewhere is not reported
		assertThat(UnknownElements.find(fhir, bytes("{\"resourceType\":\"Patient\",\"gender\":\"female\",\"name\":[{\"gender\":1}]}"), "gender"))
				.containsExactly("Patient.name[0].gender");
		assertThat(UnknownElements.find(fhir, bytes("<Patient/>"), "foo")).isEmpty();
		assertThat(UnknownElements.find(fhir, bytes("{\"resourceType\":\"NoSuchType\",\"foo\":1}"), "foo")).isEmpty();
	}

	@Test
	void theRefusalOfARequestBodyNamesThePathOfTheUnknownElement() {
		FhirContext fhir = FhirContext.forR4();
		RestfulServer server = new RestfulServer(fhir);
		StrictParsing.apply(server);
		StrictParsing hook = server.getInterceptorService().getAllRegisteredInterceptors().stream()
				.filter(StrictParsing.class::isInstance).map(StrictParsing.class::cast).findFirst().orElseThrow();
		SystemRequestDetails request = new SystemRequestDetails();
		request.setServer(server);
		request.addHeader("Content-Type", "application/fhir+json");
		request.setRequestContents(bytes(MISSPELT));
		InvalidRequestException parseError = new InvalidRequestException(
				"HAPI-0450: Failed to parse request body as JSON resource. Error was: HAPI-1825: Unknown element 'birthdate' found during parse");

		BaseServerResponseException answer = hook.locateUnknownElement(request, parseError);
		assertThat(answer).isInstanceOf(InvalidRequestException.class);
		assertThat(answer.getMessage()).contains("Unknown element 'birthdate'", "at Patient.birthdate");
		OperationOutcome outcome = (OperationOutcome) answer.getOperationOutcome();
		assertThat(outcome.getIssueFirstRep().getExpression()).extracting(StringType::getValue).containsExactly("Patient.birthdate");
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("Patient.birthdate");

		// other errors pass unchanged
		assertThat(hook.locateUnknownElement(request, new InvalidRequestException("HAPI-1821: Invalid attribute value"))).isNull();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}
}

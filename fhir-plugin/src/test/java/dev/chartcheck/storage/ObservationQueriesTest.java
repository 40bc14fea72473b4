package dev.chartcheck.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ObservationQueriesTest {

	private static final List<String> CODES = List.of("http://loinc.org|44261-6", "http://loinc.org|55758-7", "http://snomed.info/sct|171207006");

	@Test
	void onePatientsCodesAreAskedInOneSearch() {
		List<SearchParameterMap> searches = ObservationQueries.byCodes(patients("Patient/1"), CODES);

		assertThat(searches).hasSize(1);
		assertThat(codes(searches.get(0))).containsExactlyElementsOf(CODES);
		assertThat(searches.get(0).get("patient").get(0)).extracting(p -> ((ReferenceParam) p).getValue()).containsExactly("Patient/1");
	}

	@Test
	void aChunksCodesAreAskedOneSearchPerCode() {
		List<SearchParameterMap> searches = ObservationQueries.byCodes(patients("Patient/1", "Patient/2"), CODES);

		assertThat(searches).hasSize(3);
		assertThat(searches.stream().flatMap(s -> codes(s).stream())).containsExactlyElementsOf(CODES);
		assertThat(searches).allSatisfy(s -> {
			assertThat(codes(s)).hasSize(1);
			assertThat(s.get("patient").get(0)).extracting(p -> ((ReferenceParam) p).getValue())
					.containsExactly("Patient/1", "Patient/2");
		});
	}

	@Test
	void noCodeNoSearch() {
		assertThat(ObservationQueries.byCodes(patients("Patient/1", "Patient/2"), List.of())).isEmpty();
	}

	private static ReferenceOrListParam patients(String... ids) {
		ReferenceOrListParam param = new ReferenceOrListParam();
		Stream.of(ids).forEach(id -> param.addOr(new ReferenceParam(id)));
		return param;
	}

	private static List<String> codes(SearchParameterMap search) {
		// a search's criteria: AND-ed lists of OR-ed values
		assertThat(search.get("code")).hasSize(1);
		return search.get("code").get(0).stream().map(t -> ((TokenParam) t).getSystem() + "|" + ((TokenParam) t).getValue()).toList();
	}
}

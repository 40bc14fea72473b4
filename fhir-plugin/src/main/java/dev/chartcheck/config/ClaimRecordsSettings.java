package dev.chartcheck.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import dev.chartcheck.engine.ClinicalCodes;
import dev.chartcheck.engine.CodeSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.core.io.Resource;

/**
 * Which claim lines need the medical records ({@code chartcheck.claim-records.*}): a ValueSet (JSON) of the services,
 * read at start-up from any Spring resource location ({@code file:/etc/chartcheck/ValueSet-reviewed-services.json});
 * unset, the example set the profiles package ships.
 */
public class ClaimRecordsSettings {
	private Resource valueSet;

	public Resource getValueSet() {
		return valueSet;
	}

	public void setValueSet(Resource valueSet) {
		this.valueSet = valueSet;
	}

	/**
	 * The code sets with the configured services in place of the example set.
	 *
	 * @throws IllegalStateException when the configured ValueSet cannot be read: better no start than wrong checks
	 */
	public ClinicalCodes applyTo(ClinicalCodes codes) {
		if (valueSet == null) {
			return codes;
		}
		try (InputStream in = valueSet.getInputStream()) {
			ValueSet services = FhirContext.forR4Cached().newJsonParser()
					.parseResource(ValueSet.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
			if (services.getCompose().getInclude().isEmpty()) {
				throw new IllegalStateException("chartcheck.claim-records.value-set " + valueSet.getDescription()
						+ " includes no codes");
			}
			return codes.with(ClinicalCodes.CLAIM_RECORDS_SERVICE, CodeSet.from(services));
		} catch (IOException | DataFormatException e) {
			throw new IllegalStateException("chartcheck.claim-records.value-set " + valueSet.getDescription()
					+ " is not a readable ValueSet (JSON): " + e.getMessage(), e);
		}
	}
}

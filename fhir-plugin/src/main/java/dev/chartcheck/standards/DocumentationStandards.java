package dev.chartcheck.standards;

import dev.chartcheck.engine.Standard;
import java.util.List;

/** Every standard Chartcheck implements, in report order. Adding a standard adds one line here. */
public final class DocumentationStandards {

	private DocumentationStandards() {}

	public static List<Standard> all() {
		return List.of(
				new PatientIdentification(),
				new SignatureCredentials(),
				new Dated(),
				new ChronologicalOrder(),
				new Legibility(),
				new ContactDocumented(),
				new CoordinationOfCare(),
				new ConsentRenewal(),
				new DevelopmentalHistory(),
				new Confidentiality(),
				new ClonedDocumentation(),
				new PreventiveServices(),
				new ScreeningFollowUp(),
				new ClaimRecords());
	}
}

package dev.chartcheck.cds;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeSystem;

/**
 * The display of each standard ("Coordination of care"), read from the {@code documentation-standard} CodeSystem
 * the profiles package publishes, so that a card names a standard the way an auditor's report does.
 */
public final class StandardTitles {

	private static final String CODE_SYSTEM = "dev/chartcheck/profiles/CodeSystem-documentation-standard.json";

	private final Map<String, String> displays;

	public StandardTitles(Map<String, String> displays) {
		this.displays = Map.copyOf(displays);
	}

	/** The displays of the profiles package on the classpath. */
	public static StandardTitles published() {
		try (InputStream in = StandardTitles.class.getClassLoader().getResourceAsStream(CODE_SYSTEM)) {
			if (in == null) {
				throw new IllegalStateException(CODE_SYSTEM + " is not on the classpath: is the profiles jar missing?");
			}
			CodeSystem codeSystem = FhirContext.forR4Cached().newJsonParser()
					.parseResource(CodeSystem.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
			Map<String, String> displays = new LinkedHashMap<>();
			codeSystem.getConcept().forEach(c -> displays.put(c.getCode(), c.getDisplay()));
			return new StandardTitles(displays);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The standard's display, or its code when the CodeSystem does not know it. */
	public String of(String standard) {
		return displays.getOrDefault(standard, standard);
	}
}

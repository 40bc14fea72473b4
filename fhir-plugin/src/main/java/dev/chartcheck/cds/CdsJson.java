package dev.chartcheck.cds;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Type;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Reads and writes the CDS Hooks JSON types of HAPI's module with the module's own ObjectMapper, which knows how to
 * write the FHIR resources inside a card (a suggestion's draft Communication) as FHIR JSON. Every other type is
 * left to the host's converters, so that the host's JSON is unchanged.
 */
public class CdsJson extends MappingJackson2HttpMessageConverter {

	private static final String CDS_JSON_PACKAGE = "ca.uhn.hapi.fhir.cdshooks.api.json";

	public CdsJson(ObjectMapper cdsHooksObjectMapper) {
		super(cdsHooksObjectMapper);
	}

	@Override
	public boolean canRead(Type type, Class<?> contextClass, MediaType mediaType) {
		return isCdsJson(type) && super.canRead(type, contextClass, mediaType);
	}

	@Override
	public boolean canWrite(Class<?> clazz, MediaType mediaType) {
		return isCdsJson(clazz) && super.canWrite(clazz, mediaType);
	}

	@Override
	public boolean canWrite(Type type, Class<?> clazz, MediaType mediaType) {
		return isCdsJson(clazz) && super.canWrite(type, clazz, mediaType);
	}

	private static boolean isCdsJson(Type type) {
		return type instanceof Class<?> c && CDS_JSON_PACKAGE.equals(c.getPackageName());
	}
}

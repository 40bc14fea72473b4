package dev.chartcheck.write;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Where, in a JSON resource, a named element stands that the FHIR definitions do not allow there: walks the JSON
 * beside HAPI's own element definitions ({@code DocumentReference.content[0].foo}, {@code Bundle.entry[2].resource.foo}).
 * Only for the error message of a body the parser refused, so it reads a body the parser has already read.
 */
final class UnknownElements {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final int MAX_PATHS = 5;

	private UnknownElements() {}

	/** The paths of {@code name} where it is not an element; none when the body is not a JSON resource. */
	static List<String> find(FhirContext fhirContext, byte[] body, String name) {
		List<String> paths = new ArrayList<>();
		try {
			visit(fhirContext, JSON.readTree(body), null, "", name, paths);
		} catch (IOException | RuntimeException e) {
			// not JSON, or not a resource HAPI knows: HAPI's message stands alone
			return List.of();
		}
		return paths;
	}

	private static void visit(
			FhirContext fhirContext, JsonNode node, BaseRuntimeElementDefinition<?> definition, String path, String name,
			List<String> paths) {
		if (node == null || !node.isObject()) {
			return;
		}
		JsonNode resourceType = node.get("resourceType");
		if (resourceType != null && resourceType.isTextual()) {
			// a resource: the whole body, a contained resource, a Bundle entry's resource
			try {
				definition = fhirContext.getResourceDefinition(resourceType.asText());
			} catch (DataFormatException unknownType) {
				return;
			}
			path = path.isEmpty() ? resourceType.asText() : path;
		}
		if (!(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
			return;
		}
		Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
		while (fields.hasNext() && paths.size() < MAX_PATHS) {
			Map.Entry<String, JsonNode> field = fields.next();
			String key = field.getKey();
			if (key.equals("resourceType") || key.equals("fhir_comments")) {
				continue;
			}
			// "_birthDate" holds the id and extensions of the primitive birthDate
			String element = key.startsWith("_") ? key.substring(1) : key;
			BaseRuntimeChildDefinition child = composite.getChildByName(element);
			if (child == null) {
				if (element.equals(name)) {
					paths.add(path + "." + key);
				}
				continue;
			}
			if (key.startsWith("_")) {
				continue;
			}
			BaseRuntimeElementDefinition<?> childDefinition = child.getChildByName(element);
			JsonNode value = field.getValue();
			if (value.isArray()) {
				for (int i = 0; i < value.size(); i++) {
					visit(fhirContext, value.get(i), childDefinition, path + "." + key + "[" + i + "]", name, paths);
				}
			} else {
				visit(fhirContext, value, childDefinition, path + "." + key, name, paths);
			}
		}
	}
}

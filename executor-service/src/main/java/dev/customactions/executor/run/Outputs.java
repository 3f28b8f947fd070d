package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.customactions.action.ActionDefinition.ResponseField;
import dev.customactions.action.InputType;
import dev.customactions.common.text.StorableText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an action's outputs from a JSON response with JSONPath (Jayway) and coerces each to its
 * declared type. An output whose path is not in the response is left out and the run still
 * succeeds (Zendesk's rule); an indefinite path ({@code $.orders[*].id}) gives a list; a value that
 * can't be the declared type, or text PostgreSQL can't store ({@link StorableText}), fails the run with
 * {@code mapping_failed}: nothing of it is stored.
 */
public final class Outputs {

    /** The text that stands for a redacted value wherever a run is shown. */
    public static final String MASK = "****";

    private static final Configuration JSON = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .build();
    private static final Configuration JSON_QUIET = JSON.addOptions(Option.SUPPRESS_EXCEPTIONS);

    private Outputs() {}

    /** The outputs found in {@code response}, by name, each of its declared type (a list for an indefinite path). */
    public static Map<String, JsonNode> extract(List<ResponseField> fields, JsonNode response) {
        var outputs = new LinkedHashMap<String, JsonNode>();
        for (ResponseField field : fields) {
            JsonPath path = JsonPath.compile(field.path());
            JsonNode found;
            try {
                found = JsonPath.using(JSON).parse(response).read(path);
            } catch (PathNotFoundException e) {
                continue;
            }
            if (found == null || found.isNull() || found.isMissingNode()) {
                continue;
            }
            if (path.isDefinite()) {
                outputs.put(field.name(), coerce(field, found));
            } else {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                for (JsonNode element : found) {
                    if (!element.isNull()) {
                        list.add(coerce(field, element));
                    }
                }
                outputs.put(field.name(), list);
            }
        }
        return outputs;
    }

    /** {@code outputs} with the value of each redacted output replaced by {@link #MASK}. */
    public static Map<String, JsonNode> masked(List<ResponseField> fields, Map<String, JsonNode> outputs) {
        var masked = new LinkedHashMap<>(outputs);
        for (ResponseField field : fields) {
            if (field.masked() && masked.containsKey(field.name())) {
                masked.put(field.name(), TextNode.valueOf(MASK));
            }
        }
        return masked;
    }

    /**
     * A copy of {@code response} with the values at redacted outputs' paths replaced by {@link #MASK}; just
     * {@link #MASK} when a path can't be applied to the response's shape.
     */
    public static JsonNode maskedResponse(List<ResponseField> fields, JsonNode response) {
        if (fields.stream().noneMatch(ResponseField::masked)) {
            return response;
        }
        JsonNode copy = response.deepCopy();
        for (ResponseField field : fields) {
            if (field.masked()) {
                try {
                    JsonPath.using(JSON_QUIET).parse(copy).set(field.path(), MASK);
                } catch (RuntimeException e) {
                    // A response of another shape than the path expects (an array where it reads an object):
                    // what can't be masked is not shown.
                    return TextNode.valueOf(MASK);
                }
            }
        }
        return copy;
    }

    private static JsonNode coerce(ResponseField field, JsonNode value) {
        JsonNode coerced = InputType.of(field.type() == null ? "string" : field.type())
                .flatMap(type -> type.fromResponse(value))
                .orElse(null);
        if (coerced == null) {
            throw new RunFailure(
                    RunFailure.MAPPING_FAILED,
                    "The output '" + field.name() + "' (" + field.path() + ") is not a " + field.type()
                            + " in the response");
        }
        String unstorable = coerced.isTextual() ? StorableText.problem(coerced.textValue()) : null;
        if (unstorable != null) {
            throw new RunFailure(
                    RunFailure.MAPPING_FAILED,
                    "The output '" + field.name() + "' (" + field.path() + ") " + unstorable
                            + ", which can't be stored");
        }
        return coerced;
    }
}

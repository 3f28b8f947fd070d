package dev.customactions.action;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.Normalizer;
import java.util.Locale;

/**
 * How a live action is described to an AI agent as a tool (Model Context Protocol): a stable name
 * from the action's name, and JSON Schemas of its typed inputs and of its outputs, so that the agent
 * fills the inputs as strictly as {@link InputType} checks them and knows what comes back.
 */
public final class AgentTool {

    /** The longest tool name (MCP allows 128; shorter names read better in an agent's list). */
    public static final int MAX_NAME_LENGTH = 64;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AgentTool() {}

    /**
     * The tool's name: the action's name in lower case without accents, each run of other characters than letters and
     * digits made one {@code _} ("Get Shopify order" → {@code get_shopify_order}), at most
     * {@value #MAX_NAME_LENGTH} characters; {@code action} when nothing is left.
     */
    public static String name(String actionName) {
        String name = Normalizer.normalize(actionName == null ? "" : actionName, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        if (name.length() > MAX_NAME_LENGTH) {
            name = name.substring(0, MAX_NAME_LENGTH).replaceAll("_+$", "");
        }
        return name.isEmpty() ? "action" : name;
    }

    /**
     * The JSON Schema of the action's inputs: an object with a property per input (its type; an integer
     * within 64 bits; its description; its default as an example), the mandatory ones required, no
     * other property allowed.
     */
    public static ObjectNode inputSchema(ActionDefinition action) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (ActionDefinition.DataInput input : action.dataInputs()) {
            ObjectNode property = typeOf(input.type());
            if (input.description() != null && !input.description().isBlank()) {
                property.put("description", input.description());
            }
            if (input.defaultValue() != null && !input.defaultValue().isNull()) {
                property.set("default", input.defaultValue());
                property.putArray("examples").add(input.defaultValue());
            }
            properties.set(input.name(), property);
            if (input.mandatory()) {
                required.add(input.name());
            }
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /**
     * The JSON Schema of the action's outputs: an object with a property per output, none required (an
     * output missing from the answer is left out), each of its type or null; a masked output is a string,
     * since it comes back masked.
     */
    public static ObjectNode outputSchema(ActionDefinition action) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (ActionDefinition.ResponseField output : action.responseFields()) {
            ObjectNode property = output.masked() ? JSON.objectNode().put("type", "string") : typeOf(output.type());
            if (property.has("type")) {
                // The answer may hold null where the value was expected.
                String type = property.get("type").asText();
                property.putArray("type").add(type).add("null");
            }
            properties.set(output.name(), property);
        }
        return schema;
    }

    /** The JSON Schema of one of {@link InputType}'s types (any value for an unknown one). */
    private static ObjectNode typeOf(String wireName) {
        return InputType.of(wireName)
                .map(type -> switch (type) {
                    case STRING -> JSON.objectNode().put("type", "string");
                    case INTEGER ->
                        JSON.objectNode()
                                .put("type", "integer")
                                .put("minimum", Long.MIN_VALUE)
                                .put("maximum", Long.MAX_VALUE);
                    case DECIMAL -> JSON.objectNode().put("type", "number");
                    case BOOLEAN -> JSON.objectNode().put("type", "boolean");
                })
                .orElseGet(JSON::objectNode);
    }
}

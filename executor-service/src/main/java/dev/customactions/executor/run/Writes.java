package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.action.ActionDefinition.ObjectMapping;
import dev.customactions.action.Placeholders;
import dev.customactions.executor.event.RunCompleted.Reference;
import dev.customactions.executor.event.RunCompleted.Write;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an action's object mappings and a run's outputs into the writes the objects service
 * applies: custom attributes of the run's contact or conversation, and custom object instances
 * identified by an output (one instance per element when that output is a list, each attribute
 * taking the element at the same position of a list output, or the single value of a scalar one).
 * An output that is missing is left out; a mapping whose identifying output is missing writes nothing.
 * A test run without a contact or conversation shows their writes without an id.
 */
public final class Writes {

    private Writes() {}

    public static List<Write> of(
            List<ObjectMapping> mappings,
            Map<String, JsonNode> outputs,
            String contactId,
            String conversationId,
            boolean test) {
        var writes = new ArrayList<Write>();
        for (ObjectMapping mapping : mappings) {
            Map<String, String> attributeOutputs = mapping.attributes() == null ? Map.of() : mapping.attributes();
            switch (mapping.target()) {
                case "contact", "conversation" -> {
                    String id = "contact".equals(mapping.target()) ? contactId : conversationId;
                    Map<String, JsonNode> attributes = attributes(attributeOutputs, outputs, -1);
                    if (attributes.isEmpty()) {
                        continue;
                    }
                    if (id == null && !test) {
                        throw new RunFailure(
                                RunFailure.MAPPING_FAILED,
                                "The action maps outputs to the " + mapping.target() + ", but this run has none");
                    }
                    writes.add(new Write(mapping.target(), id, null, null, attributes, null));
                }
                case "custom_object" ->
                    writes.addAll(instances(mapping, attributeOutputs, outputs, contactId, conversationId));
                default ->
                    throw new RunFailure(
                            RunFailure.MAPPING_FAILED, "Unknown mapping target '" + mapping.target() + "'");
            }
        }
        return writes;
    }

    private static List<Write> instances(
            ObjectMapping mapping,
            Map<String, String> attributeOutputs,
            Map<String, JsonNode> outputs,
            String contactId,
            String conversationId) {
        JsonNode externalIds = outputs.get(mapping.externalIdOutput());
        if (externalIds == null) {
            return List.of();
        }
        var references = new ArrayList<Reference>();
        for (String target : mapping.references() == null ? List.<String>of() : mapping.references()) {
            String id = "contact".equals(target) ? contactId : "conversation".equals(target) ? conversationId : null;
            if (id != null) {
                references.add(new Reference(target, id));
            }
        }
        var instances = new ArrayList<Write>();
        if (externalIds.isArray()) {
            for (int i = 0; i < externalIds.size(); i++) {
                instances.add(new Write(
                        "custom_object",
                        null,
                        mapping.objectType(),
                        Placeholders.text(externalIds.get(i)),
                        attributes(attributeOutputs, outputs, i),
                        List.copyOf(references)));
            }
        } else {
            instances.add(new Write(
                    "custom_object",
                    null,
                    mapping.objectType(),
                    Placeholders.text(externalIds),
                    attributes(attributeOutputs, outputs, -1),
                    List.copyOf(references)));
        }
        return instances;
    }

    /** The attribute values; for element {@code index} of list outputs ({@code -1}: the outputs as they are). */
    private static Map<String, JsonNode> attributes(
            Map<String, String> attributeOutputs, Map<String, JsonNode> outputs, int index) {
        var attributes = new LinkedHashMap<String, JsonNode>();
        attributeOutputs.forEach((attribute, output) -> {
            JsonNode value = outputs.get(output);
            if (value != null && index >= 0 && value.isArray()) {
                value = value.get(index);
            }
            if (value != null) {
                attributes.put(attribute, value);
            }
        });
        return attributes;
    }
}

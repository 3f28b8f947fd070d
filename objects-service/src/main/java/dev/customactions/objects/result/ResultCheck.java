package dev.customactions.objects.result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.action.ActionDefinition;
import dev.customactions.objects.event.ActionResultReceived;
import dev.customactions.objects.model.AttributeCheck;
import dev.customactions.objects.model.AttributeCheck.Problem;
import dev.customactions.objects.model.DataModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the writes of one action result against the data model: an action may write every custom
 * attribute that is not protected (messenger-writable), never a protected or standard one; custom object writes need a known,
 * unarchived type, an external id and valid references. Answers the checked writes, or the problems.
 */
final class ResultCheck {

    static final String INVALID_WRITE = "invalid_write";
    static final String UNKNOWN_OBJECT_TYPE = "unknown_object_type";
    static final String ARCHIVED_OBJECT_TYPE = "archived_object_type";
    static final String LIMIT_EXCEEDED = "limit_exceeded";
    static final String STORAGE_ERROR = "storage_error";

    /** A contact or conversation write. */
    record AttributeWrite(String model, String id, ObjectNode attributes) {}

    /** A custom object write. */
    record ObjectWrite(String type, String externalId, ObjectNode attributes, Set<Reference> references) {}

    /** A reference of a custom object write. */
    record Reference(String target, String id) {}

    /** The checked writes of a result, in its order, or the problems that refuse it. */
    record Checked(ActionResultReceived result, List<Object> writes, List<Problem> problems) {

        boolean valid() {
            return problems.isEmpty();
        }
    }

    private ResultCheck() {}

    static Checked check(ActionResultReceived result, DataModel model, int maxStringLength) {
        var problems = new ArrayList<Problem>();
        var writes = new ArrayList<Object>();
        List<JsonNode> all = result.writes() == null ? List.of() : result.writes();
        for (int i = 0; i < all.size(); i++) {
            String at = "writes[" + i + "]";
            JsonNode write = all.get(i);
            String target = text(write, "target");
            if (target == null) {
                problems.add(new Problem(INVALID_WRITE, at + ".target", "target is required"));
                continue;
            }
            ObjectNode attributes = write.get("attributes") instanceof ObjectNode node ? node : null;
            if (attributes == null) {
                problems.add(new Problem(INVALID_WRITE, at + ".attributes", "attributes must be an object"));
                continue;
            }
            switch (target) {
                case "contact", "conversation" -> {
                    String id = text(write, "id");
                    if (id == null) {
                        problems.add(new Problem(INVALID_WRITE, at + ".id", "id is required"));
                        continue;
                    }
                    problems.addAll(AttributeCheck.ofModel(
                            model,
                            result.workspaceId(),
                            target,
                            fields(attributes),
                            at + ".attributes",
                            AttributeCheck.Writer.ACTION,
                            maxStringLength));
                    writes.add(new AttributeWrite(target, id, attributes));
                }
                case "custom_object" -> {
                    String type = text(write, "type");
                    String externalId = text(write, "external_id");
                    if (type == null) {
                        problems.add(new Problem(INVALID_WRITE, at + ".type", "type is required"));
                        continue;
                    }
                    if (externalId == null || externalId.length() > ActionDefinition.MAX_EXTERNAL_ID_LENGTH) {
                        problems.add(new Problem(
                                INVALID_WRITE,
                                at + ".external_id",
                                "external_id is required (a string of at most "
                                        + ActionDefinition.MAX_EXTERNAL_ID_LENGTH + " characters)"));
                        continue;
                    }
                    DataModel.ObjectType objectType =
                            model.type(result.workspaceId(), type).orElse(null);
                    if (objectType == null) {
                        problems.add(new Problem(UNKNOWN_OBJECT_TYPE, at + ".type", "No custom object type " + type));
                        continue;
                    }
                    if (objectType.archived()) {
                        problems.add(new Problem(
                                ARCHIVED_OBJECT_TYPE, at + ".type", "Custom object type " + type + " is archived"));
                        continue;
                    }
                    problems.addAll(AttributeCheck.ofInstance(
                            objectType, fields(attributes), at + ".attributes", maxStringLength));
                    Set<Reference> references = references(write.get("references"), at, problems);
                    writes.add(new ObjectWrite(objectType.identifier(), externalId, attributes, references));
                }
                default ->
                    problems.add(new Problem(
                            INVALID_WRITE, at + ".target", "target must be contact, conversation or custom_object"));
            }
        }
        return new Checked(result, problems.isEmpty() ? writes : List.of(), problems);
    }

    private static Set<Reference> references(JsonNode node, String at, List<Problem> problems) {
        var references = new LinkedHashSet<Reference>();
        if (node == null || node.isNull()) {
            return references;
        }
        if (!node.isArray()) {
            problems.add(new Problem(INVALID_WRITE, at + ".references", "references must be a list"));
            return references;
        }
        for (int j = 0; j < node.size(); j++) {
            String target = text(node.get(j), "target");
            String id = text(node.get(j), "id");
            if (!ActionDefinition.ObjectMapping.isModel(target)) {
                problems.add(new Problem(
                        INVALID_WRITE, at + ".references[" + j + "].target", "target must be contact or conversation"));
            } else if (id == null) {
                problems.add(new Problem(INVALID_WRITE, at + ".references[" + j + "].id", "id is required"));
            } else {
                references.add(new Reference(target, id));
            }
        }
        return references;
    }

    private static Map<String, JsonNode> fields(ObjectNode node) {
        var fields = new LinkedHashMap<String, JsonNode>();
        node.properties().forEach(entry -> fields.put(entry.getKey(), entry.getValue()));
        return fields;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }
}

package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.customactions.action.ActionDefinition.DataInput;
import dev.customactions.action.Placeholders;
import dev.customactions.executor.event.ChannelEventReceived;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values a run's templates and a trigger's input bindings may name, taken from the event that
 * caused it ({@code event.*}, {@code contact.*}, {@code conversation.*}, {@code workspace.id}), and the
 * inputs a trigger's bindings give: a constant as it is, a template rendered as text, a placeholder
 * alone for a non-string input converted from its exact literal ({@link InputTypes#fromText}).
 */
public final class Bindings {

    private Bindings() {}

    /** The context values of {@code event}. */
    public static Map<String, JsonNode> context(ChannelEventReceived event) {
        var values = new HashMap<String, JsonNode>();
        put(values, "workspace.id", event.workspaceId());
        put(values, "conversation.id", event.conversationId());
        put(values, "conversation.external_id", event.externalConversationId());
        if (event.contact() != null) {
            put(values, "contact.id", event.contact().contactId());
            put(values, "contact.external_id", event.contact().externalId());
            put(values, "contact.email", event.contact().email());
            put(values, "contact.name", event.contact().name());
            put(values, "contact.type", event.contact().type());
        }
        put(values, "event.id", event.eventId());
        put(values, "event.kind", event.kind());
        put(values, "event.body", event.body());
        put(values, "event.quick_reply_option_id", event.quickReplyOptionId());
        if (event.attribute() != null) {
            put(values, "event.attribute.id", event.attribute().id());
            if (event.attribute().value() != null && !event.attribute().value().isNull()) {
                values.put("event.attribute.value", event.attribute().value());
            }
        }
        return values;
    }

    /** The inputs {@code bindings} give for {@code inputs}, over {@code context}. */
    public static Map<String, JsonNode> inputs(
            Map<String, JsonNode> bindings, List<DataInput> inputs, Map<String, JsonNode> context) {
        var given = new LinkedHashMap<String, JsonNode>();
        for (DataInput input : inputs) {
            JsonNode binding = bindings.get(input.name());
            if (binding == null) {
                continue;
            }
            if (!binding.isTextual() || !binding.textValue().contains("{{")) {
                given.put(input.name(), binding);
                continue;
            }
            String bare = Templates.bareName(binding.textValue());
            if (bare != null) {
                JsonNode value = context.get(bare);
                if (value == null) {
                    continue;
                }
                if (value.isTextual() && !"string".equals(input.type())) {
                    value = InputTypes.fromText(input.name(), input.type(), value.textValue());
                } else if (!value.isTextual() && "string".equals(input.type())) {
                    value = TextNode.valueOf(Placeholders.text(value));
                }
                given.put(input.name(), value);
                continue;
            }
            given.put(input.name(), TextNode.valueOf(Templates.render(binding.textValue(), context::get)));
        }
        return given;
    }

    private static void put(Map<String, JsonNode> values, String name, String value) {
        if (value != null) {
            values.put(name, TextNode.valueOf(value));
        }
    }
}

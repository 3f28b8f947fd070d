package dev.customactions.executor.definition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.executor.event.ChannelEventReceived;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A live trigger: the event kinds and condition it fires on, the action it runs and the input bindings. */
public record LiveTrigger(
        String workspaceId,
        String id,
        String name,
        String actionId,
        List<String> eventKinds,
        Condition condition,
        Map<String, JsonNode> inputBindings) {

    /** The optional condition, with a {@code body_matches} pattern compiled once. */
    public record Condition(String type, String value, Pattern pattern) {

        public static Condition of(String type, String value) {
            if (type == null) {
                return null;
            }
            return new Condition(type, value, "body_matches".equals(type) ? Pattern.compile(value) : null);
        }
    }

    /** Whether this trigger fires on {@code event}. */
    public boolean matches(ChannelEventReceived event) {
        if (!eventKinds.contains(event.kind())) {
            return false;
        }
        if (condition == null) {
            return true;
        }
        String value = condition.value();
        return switch (condition.type()) {
            case "body_contains" ->
                event.body() != null && event.body().toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
            case "body_matches" ->
                event.body() != null
                        && condition.pattern().matcher(event.body()).find();
            case "quick_reply_equals" -> value.equals(event.quickReplyOptionId());
            case "attribute_id_equals" ->
                event.attribute() != null && value.equals(event.attribute().id());
            case "contact_type_equals" ->
                event.contact() != null && value.equals(event.contact().type());
            default -> false;
        };
    }
}

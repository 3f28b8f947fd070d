package dev.customactions.definitions.trigger;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Set;

/**
 * When a trigger fires, beyond its event kinds: {@code body_contains} (case-insensitive),
 * {@code body_matches} (a Java regular expression, searched), {@code quick_reply_equals},
 * {@code attribute_id_equals}, {@code contact_type_equals} (user or lead), each with a {@code value}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TriggerCondition(String type, String value) {

    public static final Set<String> TYPES =
            Set.of("body_contains", "body_matches", "quick_reply_equals", "attribute_id_equals", "contact_type_equals");
}

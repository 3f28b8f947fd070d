package dev.customactions.definitions.action;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Whether an action runs: a draft doesn't, a live one runs its live version. */
public enum ActionState {
    DRAFT,
    LIVE;

    /** The name on the wire and in the database: {@code draft}, {@code live}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Stored as its wire name. */
    @Converter(autoApply = true)
    public static class Column implements AttributeConverter<ActionState, String> {

        @Override
        public String convertToDatabaseColumn(ActionState state) {
            return state == null ? null : state.wireName();
        }

        @Override
        public ActionState convertToEntityAttribute(String wireName) {
            return wireName == null ? null : ActionState.valueOf(wireName.toUpperCase(Locale.ROOT));
        }
    }
}

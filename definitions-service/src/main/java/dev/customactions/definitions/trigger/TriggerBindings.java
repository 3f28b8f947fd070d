package dev.customactions.definitions.trigger;

import static dev.customactions.common.error.ErrorList.Error.invalid;
import static dev.customactions.common.error.ErrorList.Error.missing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.ActionDefinition;
import dev.customactions.action.ActionDefinition.DataInput;
import dev.customactions.action.InputType;
import dev.customactions.action.Placeholders;
import dev.customactions.common.error.ErrorList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trigger's input bindings against an action's inputs: checked when the trigger is saved, and when the action
 * is published (a new version must not leave an enabled trigger with bindings it refuses).
 */
public final class TriggerBindings {

    private static final TypeReference<Map<String, JsonNode>> MAP = new TypeReference<>() {};

    private TriggerBindings() {}

    /** {@code trigger}'s bindings, read with {@code mapper}. */
    public static Map<String, JsonNode> of(Trigger trigger, ObjectMapper mapper) {
        try {
            return mapper.readValue(trigger.inputBindings, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable trigger", e);
        }
    }

    /**
     * Adds to {@code errors} what is wrong with {@code bindings} for {@code definition}'s inputs. Each binding
     * names an input; a constant has the input's type exactly; a template names event or context values, and a
     * non-string input takes only one bare placeholder (converted strictly when the trigger fires). Required
     * inputs without a default must be bound.
     */
    public static void check(
            ActionDefinition definition, Map<String, JsonNode> bindings, List<ErrorList.Error> errors) {
        Map<String, DataInput> inputs = new LinkedHashMap<>();
        definition.dataInputs().forEach(input -> inputs.put(input.name(), input));
        bindings.forEach((name, value) -> {
            String field = "input_bindings." + name;
            DataInput input = inputs.get(name);
            if (input == null) {
                errors.add(invalid(field, "The action has no input '" + name + "'"));
                return;
            }
            if (value == null || value.isNull()) {
                errors.add(missing(field));
            } else if (value.isTextual() && value.textValue().contains("{{")) {
                checkTemplate(field, value.textValue(), !input.type().equals("string"), errors);
            } else if (!InputType.accepts(input.type(), value)) {
                errors.add(invalid(field, field + " must be a " + input.type()));
            }
        });
        inputs.values().stream()
                .filter(input -> Boolean.TRUE.equals(input.required()))
                .filter(input ->
                        input.defaultValue() == null || input.defaultValue().isNull())
                .filter(input -> !bindings.containsKey(input.name()))
                .forEach(input -> errors.add(missing("input_bindings." + input.name())));
    }

    private static void checkTemplate(String field, String template, boolean bareOnly, List<ErrorList.Error> errors) {
        if (bareOnly && Placeholders.bareName(template) == null) {
            errors.add(invalid(field, "A non-string input takes a constant of its type or one {{placeholder}} alone"));
            return;
        }
        for (String name : Placeholders.names(template)) {
            if (!Placeholders.EVENT_VALUES.contains(name) && !Placeholders.CONTEXT_VALUES.contains(name)) {
                errors.add(invalid(field, "{{" + name + "}} is not an event or context value"));
            }
        }
        if (Placeholders.hasStrayBraces(template)) {
            errors.add(invalid(field, "An unfinished {{placeholder}}"));
        }
    }
}

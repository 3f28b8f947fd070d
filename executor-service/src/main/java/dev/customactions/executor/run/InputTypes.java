package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.action.ActionDefinition.DataInput;
import dev.customactions.action.InputType;
import dev.customactions.common.text.StorableText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's inputs typed strictly by the action language ({@link InputType}: {@code 3.0} is not an
 * integer, {@code "true"} is not a boolean), each refusal a run failure naming the input.
 */
public final class InputTypes {

    private InputTypes() {}

    /**
     * The typed value of each declared input: the given one, else the default; a missing required
     * input fails with {@code input_missing}, a value of the wrong type with {@code input_invalid}.
     */
    public static Map<String, JsonNode> typed(List<DataInput> inputs, Map<String, JsonNode> given) {
        var typed = new LinkedHashMap<String, JsonNode>();
        for (DataInput input : inputs) {
            JsonNode value = given.get(input.name());
            if (value == null || value.isNull() || value.isMissingNode()) {
                value = input.defaultValue();
            }
            if (value == null || value.isNull()) {
                if (input.mandatory()) {
                    throw new RunFailure(
                            RunFailure.INPUT_MISSING, "The required input '" + input.name() + "' has no value");
                }
                continue;
            }
            if (!InputType.accepts(input.type(), value)) {
                throw new RunFailure(
                        RunFailure.INPUT_INVALID,
                        "The input '" + input.name() + "' must be a " + input.type() + ", not " + describe(value));
            }
            String unstorable = value.isTextual() ? StorableText.problem(value.textValue()) : null;
            if (unstorable != null) {
                throw new RunFailure(RunFailure.INPUT_INVALID, "The input '" + input.name() + "' " + unstorable);
            }
            typed.put(input.name(), value);
        }
        for (String name : given.keySet()) {
            if (inputs.stream().noneMatch(input -> input.name().equals(name))) {
                throw new RunFailure(RunFailure.INPUT_INVALID, "The action has no input '" + name + "'");
            }
        }
        return typed;
    }

    /**
     * {@code text} as a value of {@code type}, converted only from its exact literal; fails with
     * {@code input_invalid} naming the input otherwise.
     */
    public static JsonNode fromText(String input, String type, String text) {
        return InputType.of(type)
                .flatMap(known -> known.fromText(text))
                .orElseThrow(() -> new RunFailure(
                        RunFailure.INPUT_INVALID,
                        "The input '" + input + "' must be a " + type + ", not \"" + text + "\""));
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}

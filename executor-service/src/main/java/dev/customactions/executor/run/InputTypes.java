package dev.customactions.executor.run;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;

import dev.customactions.common.text.StorableText;
import dev.customactions.executor.definition.ActionSpec.DataInput;

/**
 * Strict input typing. A JSON value has its declared type or is refused: {@code 3.0} is not an
 * integer, {@code "true"} is not a boolean. Only a value read out of text (a trigger binding's
 * placeholder over an event, whose values are text) is converted, and only from its exact
 * literal: {@code "42"} to the integer 42, {@code "true"} to true.
 */
public final class InputTypes {

    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

    private InputTypes() {
    }

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
                if (input.isRequired()) {
                    throw new RunFailure(RunFailure.INPUT_MISSING, "The required input '" + input.name() + "' has no value");
                }
                continue;
            }
            if (!hasType(value, input.type())) {
                throw new RunFailure(RunFailure.INPUT_INVALID,
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

    /** Whether {@code value} has {@code type} exactly. */
    public static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() && value.canConvertToLong();
            case "decimal" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> false;
        };
    }

    /**
     * {@code text} as a value of {@code type}, converted only from its exact literal; fails with
     * {@code input_invalid} naming the input otherwise.
     */
    public static JsonNode fromText(String input, String type, String text) {
        JsonNode value = switch (type) {
            case "string" -> com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
            case "integer" -> INTEGER.matcher(text).matches() && text.length() < 19 ? LongNode.valueOf(Long.parseLong(text)) : null;
            case "decimal" -> DECIMAL.matcher(text).matches() ? DecimalNode.valueOf(new BigDecimal(text)) : null;
            case "boolean" -> "true".equals(text) || "false".equals(text) ? BooleanNode.valueOf(Boolean.parseBoolean(text)) : null;
            default -> null;
        };
        if (value == null) {
            throw new RunFailure(RunFailure.INPUT_INVALID, "The input '" + input + "' must be a " + type + ", not \"" + text + "\"");
        }
        return value;
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}

package dev.customactions.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The type of an action's input (and of an output read from a response), strictly: a JSON value
 * has its type or is refused ({@code 3.0} is not an integer, {@code "true"} is not a boolean, an
 * integer fits in 64 bits). Only a value read out of text (a trigger binding's placeholder over an
 * event, whose values are text) is converted, and only from its exact literal.
 */
public enum InputType {
    STRING,
    INTEGER,
    DECIMAL,
    BOOLEAN;

    private static final Pattern INTEGER_LITERAL = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern DECIMAL_LITERAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");
    private static final Pattern DECIMAL_WITH_EXPONENT =
            Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    /** The name on the wire: {@code string}, {@code integer}, {@code decimal}, {@code boolean}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code wireName}, if it is one. */
    public static Optional<InputType> of(String wireName) {
        return Arrays.stream(values())
                .filter(type -> type.wireName().equals(wireName))
                .findFirst();
    }

    /** The wire names, for messages: {@code string, integer, decimal, boolean}. */
    public static String wireNames() {
        return String.join(
                ", ", Arrays.stream(values()).map(InputType::wireName).toList());
    }

    /** Whether {@code value} is exactly of the type named {@code wireName} (false for an unknown type). */
    public static boolean accepts(String wireName, JsonNode value) {
        return of(wireName).map(type -> type.accepts(value)).orElse(false);
    }

    /** Whether {@code value} is of this type exactly. */
    public boolean accepts(JsonNode value) {
        return switch (this) {
            case STRING -> value.isTextual();
            case INTEGER -> value.isIntegralNumber() && value.canConvertToLong();
            case DECIMAL -> finiteNumber(value);
            case BOOLEAN -> value.isBoolean();
        };
    }

    /**
     * Whether {@code value} is a number JSON can write back: a literal beyond a double's range ({@code 1e400})
     * read as a double is infinity, which is no JSON number (it would be written as the string "Infinity");
     * the same value held exactly (a decimal read from text) is one.
     */
    private static boolean finiteNumber(JsonNode value) {
        return value.isNumber() && !((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue()));
    }

    /** {@code text} as a value of this type when it is the type's exact literal ({@code "42"}, {@code "true"}); else empty. */
    public Optional<JsonNode> fromText(String text) {
        return Optional.ofNullable(
                switch (this) {
                    case STRING -> TextNode.valueOf(text);
                    case INTEGER -> INTEGER_LITERAL.matcher(text).matches() ? longOf(text) : null;
                    case DECIMAL ->
                        DECIMAL_LITERAL.matcher(text).matches() ? DecimalNode.valueOf(new BigDecimal(text)) : null;
                    case BOOLEAN ->
                        "true".equals(text) || "false".equals(text)
                                ? BooleanNode.valueOf(Boolean.parseBoolean(text))
                                : null;
                });
    }

    /**
     * {@code value}, read from a third party's response for an output of this type, where it is one
     * without loss: a string from any scalar (its text, {@link Placeholders#text}); an integer from a
     * whole number or an integer literal that fits in 64 bits; a decimal from a number or a decimal
     * literal (an exponent allowed); a boolean from {@code true}/{@code false} or their literal.
     * Else empty: the run fails with {@code mapping_failed}.
     */
    public Optional<JsonNode> fromResponse(JsonNode value) {
        return Optional.ofNullable(
                switch (this) {
                    case STRING -> value.isValueNode() ? TextNode.valueOf(Placeholders.text(value)) : null;
                    case INTEGER -> {
                        if (value.isIntegralNumber() && value.canConvertToLong()) {
                            yield LongNode.valueOf(value.longValue());
                        }
                        if (value.isTextual()) {
                            yield INTEGER_LITERAL.matcher(value.textValue()).matches()
                                    ? longOf(value.textValue())
                                    : null;
                        }
                        yield finiteNumber(value) && isWhole(value.decimalValue()) && value.canConvertToLong()
                                ? LongNode.valueOf(value.longValue())
                                : null;
                    }
                    case DECIMAL -> {
                        if (finiteNumber(value)) {
                            yield DecimalNode.valueOf(value.decimalValue());
                        }
                        yield value.isTextual()
                                        && DECIMAL_WITH_EXPONENT
                                                .matcher(value.textValue())
                                                .matches()
                                ? DecimalNode.valueOf(new BigDecimal(value.textValue()))
                                : null;
                    }
                    case BOOLEAN -> {
                        if (value.isBoolean()) {
                            yield value;
                        }
                        yield value.isTextual() ? fromText(value.textValue()).orElse(null) : null;
                    }
                });
    }

    private static boolean isWhole(BigDecimal value) {
        return value.stripTrailingZeros().scale() <= 0;
    }

    private static JsonNode longOf(String literal) {
        try {
            return LongNode.valueOf(Long.parseLong(literal));
        } catch (NumberFormatException beyond64Bits) {
            return null;
        }
    }
}

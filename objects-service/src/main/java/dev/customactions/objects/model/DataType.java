package dev.customactions.objects.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.action.InputType;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The type of a custom attribute (Intercom's {@code data_type}) and its strict check of a JSON
 * value: {@code 3.0} is not an integer, {@code "true"} is not a boolean. A JSON null fits every
 * type: it clears the attribute.
 */
public enum DataType {

    /** A JSON string (optionally one of the attribute's options). */
    STRING,
    /** A JSON integer that fits in 64 bits. */
    INTEGER,
    /** Any JSON number: the platform's one name for it, as action inputs and outputs name it. */
    DECIMAL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** An ISO-8601 date-time with offset ({@code 2026-11-21T10:15:30Z}) or Unix seconds. */
    DATETIME,
    /** An ISO-8601 date ({@code 2026-11-21}). */
    DATE;

    /** The names of every type, as the API spells them. */
    public static final String NAMES =
            Arrays.stream(values()).map(DataType::apiName).collect(Collectors.joining(", "));

    /** Intercom's name for {@link #DECIMAL}, read as that (and shown as {@code decimal}). */
    static final String INTERCOM_FLOAT = "float";

    /** The type named {@code name} in the API, if any ({@code float}, Intercom's name, is {@link #DECIMAL}). */
    public static Optional<DataType> of(String name) {
        if (INTERCOM_FLOAT.equals(name)) {
            return Optional.of(DECIMAL);
        }
        return Arrays.stream(values())
                .filter(type -> type.apiName().equals(name))
                .findFirst();
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Why {@code value} does not fit this type (with {@code options} when the attribute has some),
     * or empty when it fits.
     */
    public Optional<String> problem(JsonNode value, List<String> options, int maxStringLength) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        boolean fits =
                switch (this) {
                    // The types actions know are checked as their inputs are, by one rule.
                    case STRING -> InputType.STRING.accepts(value);
                    case INTEGER -> InputType.INTEGER.accepts(value);
                    case DECIMAL -> InputType.DECIMAL.accepts(value);
                    case BOOLEAN -> InputType.BOOLEAN.accepts(value);
                    case DATETIME ->
                        (value.isIntegralNumber() && value.canConvertToLong())
                                || (value.isTextual() && isDateTime(value.asText()));
                    case DATE -> value.isTextual() && isDate(value.asText());
                };
        if (!fits) {
            return Optional.of("must be " + description());
        }
        if (this == STRING && value.asText().length() > maxStringLength) {
            return Optional.of("must be at most " + maxStringLength + " characters");
        }
        if (this == STRING && options != null && !options.isEmpty() && !options.contains(value.asText())) {
            return Optional.of("must be one of " + String.join(", ", options));
        }
        return Optional.empty();
    }

    private String description() {
        return switch (this) {
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case DECIMAL -> "a number";
            case BOOLEAN -> "true or false";
            case DATETIME -> "an ISO-8601 date-time with offset or Unix seconds";
            case DATE -> "an ISO-8601 date (yyyy-mm-dd)";
        };
    }

    private static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}

package dev.customactions.objects.model;

import static dev.customactions.common.error.ErrorList.Error.invalid;
import static dev.customactions.common.error.ErrorList.Error.missing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.action.ActionDefinition;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The field checks shared by data attributes and custom object types: names, data types,
 * descriptions, options, models and the refused fields of an update. Each check adds its problems to
 * a list, named by field, so that a request gets all of them at once.
 */
final class DataModelChecks {

    /** Names of attributes: letters, digits, {@code _} and {@code -}, starting with a letter. */
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,99}");
    /** Identifiers of custom object types, such as {@code Order}. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");

    static final Set<String> MODELS = ActionDefinition.ObjectMapping.MODELS;
    private static final int MAX_DESCRIPTION = 1000;
    private static final int MAX_OPTIONS = 200;

    private DataModelChecks() {}

    static boolean checkName(String name, String field, List<ErrorList.Error> errors) {
        if (name == null || name.isBlank()) {
            errors.add(missing(field));
            return false;
        }
        if (!NAME.matcher(name).matches()) {
            errors.add(invalid(
                    field, "name must start with a letter and hold only letters, digits, _ and - (at most 100)"));
            return false;
        }
        return true;
    }

    static DataType checkType(String dataType, String field, List<ErrorList.Error> errors) {
        if (dataType == null) {
            errors.add(missing(field));
            return null;
        }
        return DataType.of(dataType).orElseGet(() -> {
            errors.add(invalid(field, "data_type must be one of " + DataType.NAMES));
            return null;
        });
    }

    /**
     * The problems of an update body: a field outside {@code changeable} is refused (one of
     * {@code immutable} as unchangeable after creation, another as unknown); {@code description} is
     * a string and {@code archived} a boolean.
     */
    static void checkUpdate(
            JsonNode body, Set<String> changeable, Set<String> immutable, String what, List<ErrorList.Error> errors) {
        body.fieldNames().forEachRemaining(field -> {
            if (!changeable.contains(field)) {
                errors.add(
                        immutable.contains(field)
                                ? invalid(
                                        field,
                                        field + " can't change after creation; archive the " + what
                                                + " and create another")
                                : invalid(field, field + " is not a known field"));
            }
        });
        JsonNode description = body.get("description");
        if (description != null && !description.isNull() && !description.isTextual()) {
            errors.add(invalid("description", "description must be a string"));
        } else if (description != null) {
            checkDescription(description.textValue(), "description", errors);
        }
        JsonNode archived = body.get("archived");
        if (archived != null && !archived.isBoolean()) {
            errors.add(invalid("archived", "archived must be true or false"));
        }
    }

    static void checkDescription(String description, String field, List<ErrorList.Error> errors) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(invalid(field, "description must be at most " + MAX_DESCRIPTION + " characters"));
        }
    }

    /** Options as Intercom takes them ({@code [{"value": "a"}]}) or as plain strings; for string attributes only. */
    static List<String> options(List<JsonNode> options, DataType type, List<ErrorList.Error> errors) {
        if (options == null || options.isEmpty()) {
            return null;
        }
        if (type != null && type != DataType.STRING) {
            errors.add(invalid("options", "options are for string attributes"));
            return null;
        }
        if (options.size() > MAX_OPTIONS) {
            errors.add(invalid("options", "at most " + MAX_OPTIONS + " options"));
            return null;
        }
        var values = new LinkedHashSet<String>();
        for (int i = 0; i < options.size(); i++) {
            JsonNode option = options.get(i);
            JsonNode value = option != null && option.isObject() ? option.get("value") : option;
            if (value == null || !value.isTextual() || value.textValue().isBlank()) {
                errors.add(invalid("options[" + i + "]", "an option is a non-blank string or {\"value\": string}"));
            } else if (!values.add(value.textValue())) {
                errors.add(invalid("options[" + i + "]", "option " + value.textValue() + " is listed twice"));
            }
        }
        return List.copyOf(values);
    }

    /** Throws at the first problem of a {@code model} query parameter: missing, or not a model. */
    static void checkModel(String model, String field) {
        if (model == null || model.isBlank()) {
            throw ApiException.missing(field);
        }
        if (!MODELS.contains(model)) {
            throw ApiException.invalid(field, field + " must be contact or conversation");
        }
    }
}

package dev.customactions.definitions.action;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import dev.customactions.action.ActionDefinition;
import dev.customactions.action.ActionDefinition.ObjectMapping;
import dev.customactions.action.ActionDefinition.ResponseField;
import dev.customactions.action.InputType;
import dev.customactions.common.error.ErrorList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The checks of an action's outputs (names, JSONPaths, types) and of where they are stored (targets,
 * custom object identity, references, never a standard attribute), adding each problem, named by its
 * field, to the validator's list. What the data model holds is checked later, against the objects
 * service ({@code ActionService}).
 */
final class OutputChecks {

    /** Standard attributes of contacts and conversations: never a mapping's target. */
    static final Set<String> STANDARD_ATTRIBUTES = Set.of(
            "id",
            "type",
            "external_id",
            "email",
            "name",
            "role",
            "phone",
            "contact_id",
            "created_at",
            "updated_at",
            "last_activity_at",
            "signed_up_at",
            "last_seen_at",
            "owner_id",
            "custom_attributes",
            "state",
            "open");

    private final List<ErrorList.Error> errors;
    private final int maxOutputs;

    OutputChecks(List<ErrorList.Error> errors, int maxOutputs) {
        this.errors = errors;
        this.maxOutputs = maxOutputs;
    }

    void check(List<ResponseField> fields, List<ObjectMapping> mappings) {
        checkOutputs(fields);
        checkMappings(mappings, fields);
    }

    private void checkOutputs(List<ResponseField> fields) {
        if (fields.size() > maxOutputs) {
            invalid("response_fields", "An action has at most " + maxOutputs + " outputs");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            ResponseField output = fields.get(i);
            String at = "response_fields[" + i + "]";
            if (output == null) {
                missing(at);
                continue;
            }
            if (output.name() == null) {
                missing(at + ".name");
            } else if (!ActionValidator.NAME.matcher(output.name()).matches()) {
                invalid(at + ".name", "Output names are lower case letters, digits and _, starting with a letter");
            } else if (!names.add(output.name())) {
                invalid(at + ".name", "Output '" + output.name() + "' is declared twice");
            }
            if (output.path() == null || output.path().isBlank()) {
                missing(at + ".path");
            } else {
                try {
                    JsonPath.compile(output.path());
                } catch (InvalidPathException | IllegalArgumentException e) {
                    invalid(at + ".path", "Not a JSONPath: " + e.getMessage());
                }
            }
            if (output.type() == null) {
                missing(at + ".type");
            } else if (InputType.of(output.type()).isEmpty()) {
                invalid(at + ".type", "type must be one of " + InputType.wireNames());
            }
        }
    }

    private void checkMappings(List<ObjectMapping> mappings, List<ResponseField> fields) {
        Set<String> outputs = new HashSet<>();
        fields.stream().filter(Objects::nonNull).map(ResponseField::name).forEach(outputs::add);
        for (int i = 0; i < mappings.size(); i++) {
            ObjectMapping mapping = mappings.get(i);
            String at = "object_mappings[" + i + "]";
            if (mapping == null || mapping.target() == null) {
                missing(at + ".target");
                continue;
            }
            switch (mapping.target()) {
                case "contact", "conversation" -> {
                    if (mapping.objectType() != null || mapping.externalIdOutput() != null) {
                        invalid(at, "object_type and external_id_output are for custom_object mappings");
                    }
                }
                case "custom_object" -> {
                    if (mapping.objectType() == null || mapping.objectType().isBlank()) {
                        missing(at + ".object_type");
                    }
                    if (mapping.externalIdOutput() == null) {
                        missing(at + ".external_id_output");
                    } else if (!outputs.contains(mapping.externalIdOutput())) {
                        invalid(at + ".external_id_output", "No output named '" + mapping.externalIdOutput() + "'");
                    }
                    if (mapping.references() != null) {
                        for (String reference : mapping.references()) {
                            if (!ActionDefinition.ObjectMapping.isModel(reference)) {
                                invalid(at + ".references", "references are contact and/or conversation");
                            }
                        }
                    }
                }
                default -> invalid(at + ".target", "target must be contact, conversation or custom_object");
            }
            Map<String, String> attributes = mapping.attributes();
            if (attributes == null || attributes.isEmpty()) {
                missing(at + ".attributes");
                continue;
            }
            boolean record = ActionDefinition.ObjectMapping.isModel(mapping.target());
            attributes.forEach((attribute, output) -> {
                if (record && STANDARD_ATTRIBUTES.contains(attribute)) {
                    invalid(
                            at + ".attributes." + attribute,
                            "'" + attribute + "' is a standard attribute of the " + mapping.target()
                                    + "; actions write custom attributes only");
                } else if (!outputs.contains(output)) {
                    invalid(at + ".attributes." + attribute, "No output named '" + output + "'");
                }
            });
        }
    }

    private void missing(String field) {
        errors.add(ErrorList.Error.missing(field));
    }

    private void invalid(String field, String message) {
        errors.add(ErrorList.Error.invalid(field, message));
    }
}

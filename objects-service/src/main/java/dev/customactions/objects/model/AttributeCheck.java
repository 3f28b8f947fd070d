package dev.customactions.objects.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.error.ErrorList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks custom attribute values against the data model. Who writes matters: an admin (API) may
 * set every custom attribute; an end user (a channel event) only the messenger-writable ones; an
 * action (data from a third party) only the action-writable ones. An attribute only actions set
 * (an order's status) can't be forged by a customer; a protected one (an id used to look the user
 * up elsewhere, an email, a phone) is set by admins only, so neither a user nor a third party's
 * data can move an identity. Nobody sets a standard attribute this way.
 */
public final class AttributeCheck {

    /** Who is writing. */
    public enum Writer {
        ADMIN,
        ACTION,
        END_USER
    }

    /** One refused value: a reason code, the field (a JSON path) and a message. */
    public record Problem(String reason, String field, String message) {

        /** As an error of the API's error list. */
        public ErrorList.Error toError() {
            return ErrorList.Error.invalid(field, message);
        }
    }

    public static final String STANDARD_ATTRIBUTE = "standard_attribute";
    public static final String UNKNOWN_ATTRIBUTE = "unknown_attribute";
    public static final String ARCHIVED_ATTRIBUTE = "archived_attribute";
    public static final String PROTECTED_ATTRIBUTE = "protected_attribute";
    public static final String WRONG_TYPE = "wrong_type";

    private AttributeCheck() {}

    /**
     * The problems of setting {@code values} on a contact or conversation ({@code model}) of
     * {@code workspaceId}; fields are named {@code prefix + "." + name}.
     */
    public static List<Problem> ofModel(
            DataModel dataModel,
            String workspaceId,
            String model,
            Map<String, JsonNode> values,
            String prefix,
            Writer writer,
            int maxStringLength) {
        var problems = new ArrayList<Problem>();
        values.forEach((name, value) -> {
            String field = prefix + "." + name;
            if (StandardAttributes.ofModel(model, name)) {
                problems.add(new Problem(
                        STANDARD_ATTRIBUTE,
                        field,
                        name + " is a standard attribute of " + model + "s; only custom attributes can be written"));
                return;
            }
            var attribute = dataModel.attribute(workspaceId, model, name).orElse(null);
            if (attribute == null) {
                problems.add(
                        new Problem(UNKNOWN_ATTRIBUTE, field, name + " is not a custom attribute of " + model + "s"));
            } else if (attribute.archived()) {
                problems.add(new Problem(ARCHIVED_ATTRIBUTE, field, name + " is archived"));
            } else if (!mayWrite(writer, attribute)) {
                problems.add(new Problem(PROTECTED_ATTRIBUTE, field, protectedFrom(writer, name, attribute)));
            } else {
                attribute
                        .type()
                        .problem(value, attribute.options(), maxStringLength)
                        .ifPresent(problem -> problems.add(new Problem(WRONG_TYPE, field, name + " " + problem)));
            }
        });
        return problems;
    }

    private static boolean mayWrite(Writer writer, DataModel.Attribute attribute) {
        return switch (writer) {
            case ADMIN -> true;
            case END_USER -> attribute.messengerWritable();
            case ACTION -> attribute.actionWritable();
        };
    }

    /** "order_status is protected: it is not messenger-writable, so an end user can't set it (actions and admins only)". */
    private static String protectedFrom(Writer writer, String name, DataModel.Attribute attribute) {
        boolean endUser = writer == Writer.END_USER;
        boolean othersMay = endUser ? attribute.actionWritable() : attribute.messengerWritable();
        return name + " is protected: it is not " + (endUser ? "messenger" : "action") + "-writable, so "
                + (endUser ? "an end user" : "an action") + " can't set it ("
                + (othersMay ? (endUser ? "actions" : "end users") + " and admins" : "admins") + " only)";
    }

    /** The problems of setting {@code values} on an instance of {@code type}. */
    public static List<Problem> ofInstance(
            DataModel.ObjectType type, Map<String, JsonNode> values, String prefix, int maxStringLength) {
        var problems = new ArrayList<Problem>();
        values.forEach((name, value) -> {
            String field = prefix + "." + name;
            var attribute = type.attributes().get(name);
            if (attribute == null) {
                problems.add(new Problem(
                        StandardAttributes.ofInstance(name) ? STANDARD_ATTRIBUTE : UNKNOWN_ATTRIBUTE,
                        field,
                        name + " is not a custom attribute of " + type.identifier()));
            } else if (attribute.archived()) {
                problems.add(new Problem(ARCHIVED_ATTRIBUTE, field, name + " is archived"));
            } else {
                attribute
                        .type()
                        .problem(value, List.of(), maxStringLength)
                        .ifPresent(problem -> problems.add(new Problem(WRONG_TYPE, field, name + " " + problem)));
            }
        });
        return problems;
    }
}

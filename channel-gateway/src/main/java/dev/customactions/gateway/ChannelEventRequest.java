package dev.customactions.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorList;
import java.util.ArrayList;
import java.util.List;

/**
 * A custom-channel event request, checked field by field as Intercom does: a missing or mistyped
 * field is a 400 naming it, a well-formed but unacceptable value a 422. Every problem is reported,
 * not just the first.
 */
public record ChannelEventRequest(
        EventKind kind,
        String eventId,
        String externalConversationId,
        String contactType,
        String contactExternalId,
        String contactName,
        String contactEmail,
        String body,
        String quickReplyOptionId,
        String attributeId,
        JsonNode attributeValue) {

    static final int MAX_ID_LENGTH = 255;

    /** Reads and checks {@code json} as an event of {@code kind}; throws {@link ApiException} listing every problem. */
    public static ChannelEventRequest parse(EventKind kind, JsonNode json) {
        var check = new Checker();
        String eventId = check.id(json, "event_id", "event_id");
        String conversation = check.id(json, "external_conversation_id", "external_conversation_id");
        JsonNode contact = check.object(json, "contact", "contact");
        String type = null;
        String externalId = null;
        String name = null;
        String email = null;
        if (contact != null) {
            type = check.string(contact, "type", "contact.type", true);
            externalId = check.id(contact, "external_id", "contact.external_id");
            boolean user = "user".equals(type);
            name = check.string(contact, "name", "contact.name", user);
            email = check.string(contact, "email", "contact.email", user);
            if (type != null && !type.equals("user") && !type.equals("lead")) {
                check.unprocessable("contact.type", "contact.type must be 'user' or 'lead'");
            }
            if (email != null && !email.isEmpty() && !email.matches("[^@\\s]+@[^@\\s]+")) {
                check.unprocessable("contact.email", "contact.email is not an email address");
            }
        }
        String body = null;
        String quickReply = null;
        String attributeId = null;
        JsonNode attributeValue = null;
        switch (kind) {
            case NEW_MESSAGE -> {
                body = check.string(json, "body", "body", true);
                if (body != null && body.isBlank()) {
                    check.unprocessable("body", "body must not be empty");
                }
            }
            case QUICK_REPLY_SELECTED -> quickReply = check.id(json, "quick_reply_option_id", "quick_reply_option_id");
            case ATTRIBUTE_COLLECTED -> {
                JsonNode attribute = check.object(json, "attribute", "attribute");
                if (attribute != null) {
                    attributeId = check.id(attribute, "id", "attribute.id");
                    attributeValue = attribute.get("value");
                    if (attributeValue == null || attributeValue.isNull()) {
                        check.missing("attribute.value");
                    } else if (!attributeValue.isValueNode()) {
                        check.invalid("attribute.value", "attribute.value must be a string, number or boolean");
                    }
                }
            }
            default -> {
                // new_conversation has the common fields only
            }
        }
        check.throwIfAny();
        return new ChannelEventRequest(
                kind,
                eventId,
                conversation,
                type,
                externalId,
                name,
                email,
                body,
                quickReply,
                attributeId,
                attributeValue);
    }

    /** Collects problems: 400s first, 422s only when the request is otherwise well-formed. */
    private static final class Checker {
        private final List<ErrorList.Error> malformed = new ArrayList<>();
        private final List<ErrorList.Error> unprocessable = new ArrayList<>();

        String string(JsonNode parent, String name, String field, boolean required) {
            JsonNode value = parent.get(name);
            if (value == null || value.isNull()) {
                if (required) {
                    missing(field);
                }
                return null;
            }
            if (!value.isTextual()) {
                invalid(field, field + " must be a string");
                return null;
            }
            return value.textValue();
        }

        String id(JsonNode parent, String name, String field) {
            String value = string(parent, name, field, true);
            if (value != null && value.isBlank()) {
                unprocessable(field, field + " must not be empty");
            } else if (value != null && value.length() > MAX_ID_LENGTH) {
                unprocessable(field, field + " must be at most " + MAX_ID_LENGTH + " characters");
            }
            return value;
        }

        JsonNode object(JsonNode parent, String name, String field) {
            JsonNode value = parent.get(name);
            if (value == null || value.isNull()) {
                missing(field);
                return null;
            }
            if (!value.isObject()) {
                invalid(field, field + " must be an object");
                return null;
            }
            return value;
        }

        void missing(String field) {
            malformed.add(ErrorList.Error.missing(field));
        }

        void invalid(String field, String message) {
            malformed.add(ErrorList.Error.invalid(field, message));
        }

        void unprocessable(String field, String message) {
            unprocessable.add(ErrorList.Error.invalid(field, message));
        }

        void throwIfAny() {
            if (!malformed.isEmpty()) {
                throw new ApiException(400, malformed);
            }
            if (!unprocessable.isEmpty()) {
                throw new ApiException(422, unprocessable);
            }
        }
    }
}

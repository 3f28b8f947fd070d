package dev.customactions.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The request bodies of the four endpoints, as the OpenAPI document describes them. The gateway
 * itself reads bodies field by field ({@link dev.customactions.gateway.ChannelEventRequest}) to
 * name each faulty field exactly.
 */
final class EventBodies {

    private EventBodies() {}

    static final String SEED_NEW_CONVERSATION = """
            {"event_id": "evt_12345", "external_conversation_id": "conv_67890",
             "contact": {"type": "user", "external_id": "user_001", "name": "Jane Doe", "email": "jane.doe@example.com"}}""";
    static final String SEED_NEW_MESSAGE = """
            {"event_id": "evt_54321", "external_conversation_id": "conv_98765",
             "contact": {"type": "user", "external_id": "user_002", "name": "John Smith", "email": "john.smith@example.com"},
             "body": "Hello, I need help with my order."}""";
    static final String SEED_QUICK_REPLY = """
            {"event_id": "evt_67890", "external_conversation_id": "conv_13579",
             "contact": {"type": "user", "external_id": "user_003", "name": "Alice Example", "email": "alice@example.com"},
             "quick_reply_option_id": "1234"}""";
    static final String SEED_ATTRIBUTE = """
            {"event_id": "evt_24680", "external_conversation_id": "conv_11223",
             "contact": {"type": "lead", "external_id": "lead_004"},
             "attribute": {"id": "order_number", "value": "1001"}}""";
    static final String ACKNOWLEDGED = """
            {"external_conversation_id": "conv_67890", "conversation_id": "6dd5265d-a14b-3aa8-be0a-673db9e17056",
             "external_contact_id": "user_001", "contact_id": "4ef612e5-12c6-329e-b17d-e34b34539e6e"}""";

    @Schema(
            name = "Contact",
            description = "The end user: name and email are required for a user, optional for a lead.")
    record Contact(
            @Schema(
                    required = true,
                    enumeration = {"user", "lead"})
            String type,

            @JsonProperty("external_id")
            @Schema(required = true, description = "Your id of the contact", maxLength = 255)
            String externalId,

            @Schema(description = "Required for a user") String name,
            @Schema(description = "Required for a user") String email) {}

    @Schema(name = "NotifyNewConversation")
    record NewConversation(
            @JsonProperty("event_id")
            @Schema(
                    required = true,
                    description = "Your unique id of this event; a retry must reuse it",
                    maxLength = 255)
            String eventId,

            @JsonProperty("external_conversation_id") @Schema(required = true, maxLength = 255)
            String externalConversationId,

            @Schema(required = true) Contact contact) {}

    @Schema(name = "NotifyNewMessage")
    record NewMessage(
            @JsonProperty("event_id") @Schema(required = true, maxLength = 255)
            String eventId,

            @JsonProperty("external_conversation_id") @Schema(required = true, maxLength = 255)
            String externalConversationId,

            @Schema(required = true) Contact contact,

            @Schema(required = true, description = "The message text; not empty")
            String body) {}

    @Schema(name = "NotifyQuickReplySelected")
    record QuickReplySelected(
            @JsonProperty("event_id") @Schema(required = true, maxLength = 255)
            String eventId,

            @JsonProperty("external_conversation_id") @Schema(required = true, maxLength = 255)
            String externalConversationId,

            @Schema(required = true) Contact contact,

            @JsonProperty("quick_reply_option_id") @Schema(required = true)
            String quickReplyOptionId) {}

    @Schema(name = "CollectedAttribute")
    record Attribute(
            @Schema(required = true, description = "The attribute's name")
            String id,

            @Schema(required = true, description = "A string, number or boolean")
            Object value) {}

    @Schema(name = "NotifyAttributeCollected")
    record AttributeCollected(
            @JsonProperty("event_id") @Schema(required = true, maxLength = 255)
            String eventId,

            @JsonProperty("external_conversation_id") @Schema(required = true, maxLength = 255)
            String externalConversationId,

            @Schema(required = true) Contact contact,
            @Schema(required = true) Attribute attribute) {}
}

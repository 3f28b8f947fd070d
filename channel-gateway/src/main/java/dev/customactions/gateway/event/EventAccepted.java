package dev.customactions.gateway.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One accepted custom-channel event, as published on {@code channel.events} (key
 * {@code workspace_id:conversation_id}). The field of the other kinds is null. The gateway owns
 * this schema: fields may be added, never renamed or dropped.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EventAccepted(
        String workspaceId,
        String eventId,
        String kind,
        String conversationId,
        String externalConversationId,
        Contact contact,
        String body,
        String quickReplyOptionId,
        Attribute attribute,
        Instant receivedAt) {

    /** CloudEvents type of the record. */
    public static final String TYPE = "dev.customactions.channel.event.accepted";

    /** The contact of the conversation; {@code type} is {@code user} or {@code lead}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Contact(String contactId, String type, String externalId, String name, String email) {}

    /** An attribute the end user gave to an attribute collector. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attribute(String id, JsonNode value) {}

    /** The record key: one conversation's events stay in order. */
    public String key() {
        return workspaceId + ":" + conversationId;
    }
}

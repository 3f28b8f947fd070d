package dev.customactions.gateway;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The platform's ids of external things, derived from the workspace and the external id: the same
 * external id always maps to the same id within a workspace, and to another id in another
 * workspace, with no lookup and no shared state between gateway instances.
 */
public final class Ids {

    private Ids() {}

    public static String conversationId(String workspaceId, String externalConversationId) {
        return derive("conversation", workspaceId, externalConversationId);
    }

    public static String contactId(String workspaceId, String externalContactId) {
        return derive("contact", workspaceId, externalContactId);
    }

    /** The CloudEvents id of an event: consumers recognise a re-published event by it. */
    public static String cloudEventId(String workspaceId, String eventId) {
        return derive("event", workspaceId, eventId);
    }

    private static String derive(String kind, String workspaceId, String externalId) {
        // Length-prefixed parts, so that no two different triples share a name.
        String name = kind + ":" + workspaceId.length() + ":" + workspaceId + ":" + externalId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

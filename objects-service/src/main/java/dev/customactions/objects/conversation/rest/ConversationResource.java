package dev.customactions.objects.conversation.rest;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ApiException;
import dev.customactions.objects.conversation.Conversation;

/** Conversations of the caller's workspace. */
@Path("/conversations")
@Tag(name = "Conversations")
@RolesAllowed(Scopes.OBJECTS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {

    /** A conversation; times in Unix seconds. */
    public record ConversationView(String type, String id, String externalId, String contactId,
            Map<String, Object> customAttributes, long createdAt, long updatedAt, long lastActivityAt) {

        static ConversationView of(Conversation conversation) {
            return new ConversationView("conversation", conversation.id, conversation.externalId, conversation.contactId,
                    conversation.customAttributes, conversation.createdAt.getEpochSecond(),
                    conversation.updatedAt.getEpochSecond(), conversation.lastActivityAt.getEpochSecond());
        }
    }

    private final CurrentWorkspace workspace;

    ConversationResource(CurrentWorkspace workspace) {
        this.workspace = workspace;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a conversation by id")
    public ConversationView get(@PathParam("id") String id) {
        return Conversation.findInWorkspace(workspace.id(), id).map(ConversationView::of)
                .orElseThrow(() -> ApiException.notFound("Conversation"));
    }
}

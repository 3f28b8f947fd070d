package dev.customactions.objects.conversation.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.objects.attribute.CustomAttributeService;
import dev.customactions.objects.conversation.Conversation;
import dev.customactions.objects.instance.rest.CustomObjectInstanceResource;
import dev.customactions.objects.instance.rest.ReferencedInstances;
import dev.customactions.objects.rest.Page;
import dev.customactions.objects.rest.RecordEndpoints;
import dev.customactions.objects.rest.RecordRuns;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Conversations of the caller's workspace; admins set their custom attributes. */
@Path("/conversations")
@Tag(name = "Conversations")
@RolesAllowed(Scopes.OBJECTS_READ)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConversationResource {

    /**
     * A conversation; times in Unix seconds. {@code external_id}, {@code contact_id} and
     * {@code last_activity_at} are null for a conversation known so far only from an action's result.
     */
    public record ConversationView(
            String type,
            String id,
            String externalId,
            String contactId,
            Map<String, Object> customAttributes,
            ReferencedInstances customObjectInstances,
            long createdAt,
            long updatedAt,
            Long lastActivityAt) {

        static ConversationView of(Conversation conversation) {
            return new ConversationView(
                    "conversation",
                    conversation.id,
                    conversation.externalId,
                    conversation.contactId,
                    CustomObjectInstanceResource.withoutNulls(conversation.customAttributes),
                    ReferencedInstances.of(conversation.workspaceId, "conversation", conversation.id),
                    conversation.createdAt.getEpochSecond(),
                    conversation.updatedAt.getEpochSecond(),
                    conversation.lastActivityAt == null ? null : conversation.lastActivityAt.getEpochSecond());
        }
    }

    private final RecordEndpoints<Conversation, ConversationView> conversations;

    ConversationResource(CurrentWorkspace workspace, CustomAttributeService attributes, RecordRuns recordRuns) {
        var kind = new RecordEndpoints.Kind<>(
                "conversation",
                "Conversation",
                Conversation.class,
                Conversation.SEARCHED,
                (Conversation conversation) -> conversation.updatedAt,
                (Conversation conversation) -> conversation.id,
                Conversation::findInWorkspace,
                Conversation::findByExternalId,
                ConversationView::of);
        this.conversations = new RecordEndpoints<>(kind, workspace, attributes, recordRuns);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a conversation by id")
    public ConversationView get(@PathParam("id") String id) {
        return conversations.get(id);
    }

    @GET
    @Operation(
            summary = "Get a conversation by external id, or list conversations",
            description =
                    "external_id=...: that conversation. Otherwise a page of the workspace's conversations by last "
                            + "update (order=desc|asc), query= searching the external id; per_page up to 150, "
                            + "starting_after from pages.next.")
    public Object find(
            @QueryParam("external_id") String externalId,
            @QueryParam("query") String query,
            @QueryParam("order") String order,
            @QueryParam("per_page") Integer perPage,
            @QueryParam("starting_after") String startingAfter) {
        return conversations.find(externalId, query, order, perPage, startingAfter);
    }

    @GET
    @Path("/{id}/runs")
    @Operation(
            summary = "The runs that wrote a conversation",
            description = "Newest first, as long as the run is remembered (the delivery memory, 7 days by default).")
    public Page<RecordRuns.RunWrite> runs(
            @PathParam("id") String id,
            @QueryParam("per_page") Integer perPage,
            @QueryParam("starting_after") String startingAfter) {
        return conversations.runs(id, perPage, startingAfter);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Scopes.OBJECTS_WRITE)
    @Operation(
            summary = "Set a conversation's custom attributes",
            description =
                    "{custom_attributes: {name: value}}: "
                            + "each checked against the conversation data attributes; null removes one. Standard attributes can't be written.")
    public ConversationView update(@PathParam("id") String id, @NotNull ObjectNode body) {
        return conversations.update(id, body);
    }
}

package dev.customactions.gateway.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.gateway.ChannelEventService;
import dev.customactions.gateway.ChannelEventService.Acknowledged;
import dev.customactions.gateway.EventKind;

/** Intercom's custom-channel events API: same paths, bodies, answers and errors. */
@Path("/custom_channel_events")
@Tag(name = "Custom channel events")
@RolesAllowed(Scopes.CHANNEL_EVENTS)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CustomChannelEventsResource {

    private final ChannelEventService events;
    private final CurrentWorkspace workspace;

    CustomChannelEventsResource(ChannelEventService events, CurrentWorkspace workspace) {
        this.events = events;
        this.workspace = workspace;
    }

    @POST
    @Path("notify_new_conversation")
    @Operation(summary = "Notify a new conversation")
    public Acknowledged notifyNewConversation(@Parameter(hidden = true) @HeaderParam("Intercom-Version") String version,
            JsonNode body) {
        return events.accept(workspace.id(), EventKind.NEW_CONVERSATION, body);
    }

    @POST
    @Path("notify_new_message")
    @Operation(summary = "Notify a new message")
    public Acknowledged notifyNewMessage(@Parameter(hidden = true) @HeaderParam("Intercom-Version") String version,
            JsonNode body) {
        return events.accept(workspace.id(), EventKind.NEW_MESSAGE, body);
    }

    @POST
    @Path("notify_quick_reply_selected")
    @Operation(summary = "Notify a quick reply selected")
    public Acknowledged notifyQuickReplySelected(@Parameter(hidden = true) @HeaderParam("Intercom-Version") String version,
            JsonNode body) {
        return events.accept(workspace.id(), EventKind.QUICK_REPLY_SELECTED, body);
    }

    @POST
    @Path("notify_attribute_collected")
    @Operation(summary = "Notify an attribute collected")
    public Acknowledged notifyAttributeCollected(@Parameter(hidden = true) @HeaderParam("Intercom-Version") String version,
            JsonNode body) {
        return events.accept(workspace.id(), EventKind.ATTRIBUTE_COLLECTED, body);
    }
}

package dev.customactions.gateway.rest;

import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ErrorList;
import dev.customactions.gateway.ChannelEventService;
import dev.customactions.gateway.ChannelEventService.Acknowledged;
import dev.customactions.gateway.EventKind;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Intercom's custom-channel events API: same paths, bodies, answers and errors. */
@Path("/custom_channel_events")
@Tag(name = "Custom channel events", description = "Tell the platform what happens on your channel")
@RolesAllowed(Scopes.CHANNEL_EVENTS)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(
        responseCode = "200",
        description = "Accepted and stored: the platform's ids",
        content =
                @Content(
                        schema = @Schema(implementation = Acknowledged.class),
                        examples = @ExampleObject(name = "ids", value = EventBodies.ACKNOWLEDGED)))
@APIResponse(
        responseCode = "400",
        description = "Malformed JSON, or a field missing or of the wrong type (named in field)",
        content = @Content(schema = @Schema(implementation = ErrorList.class)))
@APIResponse(
        responseCode = "401",
        description = "No token, or an unknown or revoked one",
        content = @Content(schema = @Schema(implementation = ErrorList.class)))
@APIResponse(
        responseCode = "403",
        description = "The token lacks the channel_events scope",
        content = @Content(schema = @Schema(implementation = ErrorList.class)))
@APIResponse(
        responseCode = "409",
        description = "This event_id was already used for a different event",
        content = @Content(schema = @Schema(implementation = ErrorList.class)))
@APIResponse(
        responseCode = "413",
        description = "The body is larger than the limit (256 KB by default)",
        content = @Content(schema = @Schema(implementation = ErrorList.class)))
@APIResponse(
        responseCode = "415",
        description = "The body is not application/json",
        content = @Content(schema = @Schema(implementation = ErrorList.class)))
@APIResponse(
        responseCode = "422",
        description = "A well-formed but invalid value: unknown contact type, empty body text",
        content = @Content(schema = @Schema(implementation = ErrorList.class)))
@APIResponse(
        responseCode = "503",
        description = "The event could not be stored now; retry with the same event_id after Retry-After",
        content = @Content(schema = @Schema(implementation = ErrorList.class)))
public class CustomChannelEventsResource {

    private final ChannelEventService events;
    private final CurrentWorkspace workspace;

    CustomChannelEventsResource(ChannelEventService events, CurrentWorkspace workspace) {
        this.events = events;
        this.workspace = workspace;
    }

    @POST
    @Path("notify_new_conversation")
    @Operation(
            summary = "Notify a new conversation",
            description = "A conversation started on your channel. Answered only once the event is stored durably.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EventBodies.NewConversation.class),
                            examples =
                                    @ExampleObject(
                                            name = "new conversation",
                                            value = EventBodies.SEED_NEW_CONVERSATION)))
    public Uni<Acknowledged> notifyNewConversation(
            @Parameter(description = "Accepted and ignored") @HeaderParam("Intercom-Version") String version,
            byte[] body) {
        return events.accept(workspace.id(), EventKind.NEW_CONVERSATION, body);
    }

    @POST
    @Path("notify_new_message")
    @Operation(summary = "Notify a new message", description = "The contact sent a message in a conversation.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EventBodies.NewMessage.class),
                            examples = @ExampleObject(name = "new message", value = EventBodies.SEED_NEW_MESSAGE)))
    public Uni<Acknowledged> notifyNewMessage(
            @Parameter(description = "Accepted and ignored") @HeaderParam("Intercom-Version") String version,
            byte[] body) {
        return events.accept(workspace.id(), EventKind.NEW_MESSAGE, body);
    }

    @POST
    @Path("notify_quick_reply_selected")
    @Operation(summary = "Notify a quick reply selected", description = "The contact chose a quick reply option.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EventBodies.QuickReplySelected.class),
                            examples = @ExampleObject(name = "quick reply", value = EventBodies.SEED_QUICK_REPLY)))
    public Uni<Acknowledged> notifyQuickReplySelected(
            @Parameter(description = "Accepted and ignored") @HeaderParam("Intercom-Version") String version,
            byte[] body) {
        return events.accept(workspace.id(), EventKind.QUICK_REPLY_SELECTED, body);
    }

    @POST
    @Path("notify_attribute_collected")
    @Operation(summary = "Notify an attribute collected", description = "The contact answered an attribute collector.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = EventBodies.AttributeCollected.class),
                            examples =
                                    @ExampleObject(name = "attribute collected", value = EventBodies.SEED_ATTRIBUTE)))
    public Uni<Acknowledged> notifyAttributeCollected(
            @Parameter(description = "Accepted and ignored") @HeaderParam("Intercom-Version") String version,
            byte[] body) {
        return events.accept(workspace.id(), EventKind.ATTRIBUTE_COLLECTED, body);
    }
}

package dev.customactions.definitions.trigger.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.rest.ListResponse;
import dev.customactions.definitions.trigger.Trigger;
import dev.customactions.definitions.trigger.TriggerCondition;
import dev.customactions.definitions.trigger.TriggerRequest;
import dev.customactions.definitions.trigger.TriggerService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Triggers of the caller's workspace: which channel events run which live action. */
@Path("/triggers")
@Tag(name = "Triggers")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TriggerResource {

    /** A trigger as the API shows it. */
    public record TriggerView(
            String type,
            UUID id,
            String name,
            UUID actionId,
            List<String> eventKinds,
            TriggerCondition condition,
            Map<String, JsonNode> inputBindings,
            boolean enabled,
            int version,
            Instant createdAt,
            Instant updatedAt) {}

    private final TriggerService triggers;
    private final CurrentWorkspace workspace;

    TriggerResource(TriggerService triggers, CurrentWorkspace workspace) {
        this.triggers = triggers;
        this.workspace = workspace;
    }

    @POST
    @Operation(
            summary = "Create a trigger",
            description =
                    "event_kinds, an optional condition (body_contains, body_matches, "
                            + "quick_reply_equals, attribute_id_equals, contact_type_equals), the action, input_bindings (input name to a "
                            + "constant or a template over event.*, contact.*, conversation.*), enabled (only on a live action).")
    public Response create(@NotNull TriggerRequest request) {
        return Response.status(Response.Status.CREATED)
                .entity(view(triggers.create(workspaceId(), request)))
                .build();
    }

    @GET
    @Operation(summary = "List triggers")
    public ListResponse<TriggerView> list() {
        return ListResponse.of(
                triggers.list(workspaceId()).stream().map(this::view).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a trigger")
    public TriggerView get(@PathParam("id") UUID id) {
        return view(triggers.get(workspaceId(), id));
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Change a trigger")
    public TriggerView update(@PathParam("id") UUID id, @NotNull TriggerRequest request) {
        return view(triggers.update(workspaceId(), id, request));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a trigger")
    public Response delete(@PathParam("id") UUID id) {
        triggers.delete(workspaceId(), id);
        return Response.noContent().build();
    }

    private TriggerView view(Trigger trigger) {
        return new TriggerView(
                "trigger",
                trigger.id,
                trigger.name,
                trigger.actionId,
                trigger.eventKindList(),
                triggers.condition(trigger),
                triggers.bindings(trigger),
                trigger.enabled,
                trigger.version,
                trigger.createdAt,
                trigger.updatedAt);
    }

    private UUID workspaceId() {
        return UUID.fromString(workspace.id());
    }
}

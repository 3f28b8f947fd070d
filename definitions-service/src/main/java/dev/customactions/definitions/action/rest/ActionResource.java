package dev.customactions.definitions.action.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.action.ActionDefinition;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.rest.ListResponse;
import dev.customactions.definitions.action.Action;
import dev.customactions.definitions.action.ActionInvocations;
import dev.customactions.definitions.action.ActionRequest;
import dev.customactions.definitions.action.ActionService;
import dev.customactions.definitions.action.ActionState;
import dev.customactions.definitions.action.InvocationRequest;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Actions of the caller's workspace and their lifecycle: draft, publish (live), versions, restore. */
@Path("/actions")
@Tag(name = "Actions")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ActionResource {

    /** An action: its state, live version and the draft being edited. */
    public record ActionView(
            String type,
            UUID id,
            String name,
            ActionState state,
            Integer liveVersion,
            boolean availableToAgents,
            @JsonUnwrapped ActionDefinition draft,
            Instant createdAt,
            Instant updatedAt) {}

    /** A published version. */
    public record VersionView(
            String type,
            int version,
            String name,
            @JsonUnwrapped ActionDefinition definition,
            Instant publishedAt) {}

    /** An on-demand run that Kafka took: the executor runs it and publishes its result on action.results. */
    public record InvocationView(
            String type, String invocationId, String actionId, Integer actionVersion, String status) {}

    private final ActionService actions;
    private final ActionInvocations invocations;
    private final CurrentWorkspace workspace;

    ActionResource(ActionService actions, ActionInvocations invocations, CurrentWorkspace workspace) {
        this.actions = actions;
        this.invocations = invocations;
        this.workspace = workspace;
    }

    @POST
    @Operation(summary = "Create an action", description = "Created as a draft; checked field by field.")
    public Response create(@NotNull ActionRequest request) {
        return Response.status(Response.Status.CREATED)
                .entity(view(actions.create(workspaceId(), request)))
                .build();
    }

    @GET
    @Operation(summary = "List actions")
    public ListResponse<ActionView> list() {
        return ListResponse.of(
                actions.list(workspaceId()).stream().map(this::view).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an action")
    public ActionView get(@PathParam("id") UUID id) {
        return view(actions.get(workspaceId(), id));
    }

    @PUT
    @Path("/{id}")
    @Operation(
            summary = "Change an action's draft",
            description = "A live action keeps running its live version until published again.")
    public ActionView update(@PathParam("id") UUID id, @NotNull ActionRequest request) {
        return view(actions.update(workspaceId(), id, request));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an action")
    public Response delete(@PathParam("id") UUID id) {
        actions.delete(workspaceId(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/publish")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Publish the draft",
            description = "Makes the draft the next immutable version and sets it live.")
    public VersionView publish(@PathParam("id") UUID id) {
        var version = actions.publish(workspaceId(), id);
        return new VersionView(
                "action_version", version.version(), version.name(), version.definition(), version.publishedAt());
    }

    /** Body of {@code PUT /actions/{id}/agent_access}. */
    public record AgentAccess(@NotNull Boolean available) {}

    @PUT
    @Path("/{id}/agent_access")
    @Operation(
            summary = "Make a live action available to AI agents, or not",
            description = "{available: true|false}. Its live version becomes a tool of the platform's MCP server; "
                    + "it must be live and its live version must have a description (agents choose tools by it).")
    public ActionView agentAccess(@PathParam("id") UUID id, @Valid @NotNull AgentAccess request) {
        return view(actions.agentAccess(workspaceId(), id, request.available()));
    }

    @POST
    @Path("/{id}/draft")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Set back to draft", description = "Takes the action out of service; its versions are kept.")
    public ActionView withdraw(@PathParam("id") UUID id) {
        return view(actions.withdraw(workspaceId(), id));
    }

    @GET
    @Path("/{id}/versions")
    @Operation(summary = "Version history", description = "Newest first.")
    public ListResponse<VersionView> versions(@PathParam("id") UUID id) {
        return ListResponse.of(actions.versions(workspaceId(), id).stream()
                .map(v -> new VersionView("action_version", v.version(), v.name(), v.definition(), v.publishedAt()))
                .toList());
    }

    @POST
    @Path("/{id}/versions/{version}/restore")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Restore a version as the draft", description = "Publish afterwards to make it live.")
    public ActionView restore(@PathParam("id") UUID id, @PathParam("version") int version) {
        return view(actions.restore(workspaceId(), id, version));
    }

    @POST
    @Path("/{id}/test")
    @Blocking
    @Operation(summary = "Test the draft for real", description = """
            Runs the current draft now through the executor with the given inputs (each of its input's type \
            exactly: 3.0 is not an integer, "true" is not a boolean) and answers with what happened: the request \
            sent (credentials masked), the status, response headers and body (cut at 64 KiB, redacted outputs \
            masked), the outputs, the writes a live run would make, or the error with its type. Nothing is stored. \
            WARNING: the call is real. Testing a post, put, patch or delete action changes data in the other \
            system. To check paths and mappings without calling, paste a sample in mock_response.""")
    public CompletionStage<JsonNode> test(@PathParam("id") UUID id, InvocationRequest request) {
        return invocations.test(
                workspaceId(), id, request == null ? new InvocationRequest(null, null, null, null, null) : request);
    }

    @POST
    @Path("/{id}/invocations")
    @Blocking
    @Operation(summary = "Run the live version now", description = """
            Asks the executor to run the live version with these inputs, for the given conversation and contact; \
            answers 202 once the request is on Kafka. The outcome is published on action.results (with this \
            invocation_id) and appears in the executor's run log.""")
    public CompletionStage<Response> invoke(@PathParam("id") UUID id, InvocationRequest request) {
        return invocations
                .invoke(
                        workspaceId(),
                        id,
                        request == null ? new InvocationRequest(null, null, null, null, null) : request)
                .thenApply(invocation -> Response.accepted(new InvocationView(
                                "action_invocation",
                                invocation.invocationId(),
                                invocation.actionId(),
                                invocation.actionVersion(),
                                "queued"))
                        .build());
    }

    private ActionView view(Action action) {
        return new ActionView(
                "action",
                action.id,
                action.name,
                action.state,
                action.liveVersion,
                action.availableToAgents,
                actions.draft(action),
                action.createdAt,
                action.updatedAt);
    }

    private UUID workspaceId() {
        return UUID.fromString(workspace.id());
    }
}

package dev.customactions.definitions.connection.rest;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.rest.ListResponse;
import dev.customactions.definitions.action.Action;
import dev.customactions.definitions.action.ActionState;
import dev.customactions.definitions.connection.Connection;
import dev.customactions.definitions.connection.ConnectionRequest;
import dev.customactions.definitions.connection.ConnectionService;
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
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Authentication connections of the caller's workspace. Secret values are never returned: {@code "****"}. */
@Path("/connections")
@Tag(name = "Connections")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConnectionResource {

    /** A connection as the API shows it: common fields, then its settings and masked secrets. */
    @JsonPropertyOrder({
        "type",
        "id",
        "name",
        "description",
        "auth_type",
        "allowed_hosts",
        "version",
        "created_at",
        "updated_at",
        "used_by"
    })
    public record ConnectionView(
            String type,
            UUID id,
            String name,
            String description,
            String authType,
            List<String> allowedHosts,
            int version,
            Instant createdAt,
            Instant updatedAt,
            List<Use> usedBy,
            @JsonIgnore Map<String, String> fields) {

        @JsonAnyGetter
        public Map<String, String> typeFields() {
            return fields;
        }
    }

    /** An action that authenticates with the connection: in its draft, its live version, or both. */
    public record Use(UUID id, String name, ActionState state, boolean inDraft, boolean inLiveVersion) {

        static Use of(Action.ConnectionUse use) {
            return new Use(use.actionId(), use.name(), use.state(), use.draft(), use.live());
        }
    }

    private final ConnectionService connections;
    private final CurrentWorkspace workspace;

    ConnectionResource(ConnectionService connections, CurrentWorkspace workspace) {
        this.connections = connections;
        this.workspace = workspace;
    }

    @POST
    @Operation(
            summary = "Create a connection",
            description = "auth_type bearer (token), api_key (api_key_name, "
                    + "api_key_in header|query, api_key), basic (username, password) or oauth2_client_credentials (token_url, "
                    + "client_id, client_secret, scope); allowed_hosts: the hosts it may be sent to.")
    public Response create(@NotNull ConnectionRequest request) {
        var created = connections.create(workspaceId(), request);
        return Response.status(Response.Status.CREATED)
                .entity(view(created, List.of()))
                .build();
    }

    @GET
    @Operation(summary = "List connections", description = "used_by: the actions that authenticate with each one.")
    public ListResponse<ConnectionView> list() {
        Map<UUID, List<Use>> uses = connections.uses(workspaceId(), null).stream()
                .collect(Collectors.groupingBy(
                        Action.ConnectionUse::connectionId, Collectors.mapping(Use::of, Collectors.toList())));
        return ListResponse.of(connections.list(workspaceId()).stream()
                .map(c -> view(c, uses.getOrDefault(c.id, List.of())))
                .toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a connection")
    public ConnectionView get(@PathParam("id") UUID id) {
        return view(connections.get(workspaceId(), id));
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Change a connection", description = "A secret left out or sent as **** keeps its value.")
    public ConnectionView update(@PathParam("id") UUID id, @NotNull ConnectionRequest request) {
        return view(connections.update(workspaceId(), id, request));
    }

    @DELETE
    @Path("/{id}")
    @Operation(
            summary = "Delete a connection",
            description = "Refused (409, one error per action, field actions[i]) while an action uses it.")
    public Response delete(@PathParam("id") UUID id) {
        connections.delete(workspaceId(), id);
        return Response.noContent().build();
    }

    private ConnectionView view(Connection connection) {
        return view(
                connection,
                connections.uses(workspaceId(), connection.id).stream()
                        .map(Use::of)
                        .toList());
    }

    private ConnectionView view(Connection connection, List<Use> usedBy) {
        return new ConnectionView(
                "connection",
                connection.id,
                connection.name,
                connection.description,
                connection.type,
                connection.allowedHostList(),
                connection.version,
                connection.createdAt,
                connection.updatedAt,
                usedBy,
                connections.maskedFields(connection));
    }

    private UUID workspaceId() {
        return UUID.fromString(workspace.id());
    }
}

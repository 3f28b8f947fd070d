package dev.customactions.definitions.workspace.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.definitions.token.rest.TokenResource.TokenView;
import dev.customactions.definitions.workspace.Workspace;
import dev.customactions.definitions.workspace.WorkspaceService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Workspaces: create one (with its first admin token), read the caller's own. */
@Path("/workspaces")
@Tag(name = "Workspaces")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WorkspaceResource {

    /** Body of {@code POST /workspaces}. */
    public record CreateWorkspace(@NotBlank @Size(max = 200) String name) {}

    /** A workspace; {@code admin_token} only in the answer to its creation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WorkspaceView(String type, UUID id, String name, Instant createdAt, TokenView adminToken) {

        static WorkspaceView of(Workspace workspace, TokenView adminToken) {
            return new WorkspaceView("workspace", workspace.id, workspace.name, workspace.createdAt, adminToken);
        }
    }

    private final WorkspaceService workspaces;
    private final CurrentWorkspace current;

    WorkspaceResource(WorkspaceService workspaces, CurrentWorkspace current) {
        this.workspaces = workspaces;
        this.current = current;
    }

    @POST
    @Operation(
            summary = "Create a workspace",
            description = "The answer holds the secret of its first admin token, shown once.")
    public Response create(@Valid @NotNull CreateWorkspace request) {
        var created = workspaces.create(request.name());
        var token =
                TokenView.of(created.adminToken().token(), created.adminToken().secret());
        return Response.status(Response.Status.CREATED)
                .entity(WorkspaceView.of(created.workspace(), token))
                .build();
    }

    @GET
    @Path("/current")
    @Operation(summary = "The caller's workspace")
    public WorkspaceView current() {
        return WorkspaceView.of(workspaces.get(UUID.fromString(current.id())), null);
    }
}

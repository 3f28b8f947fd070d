package dev.customactions.definitions.action.importing;

import dev.customactions.common.auth.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Drafts read from what admins already have: a cURL command. Nothing is saved: the admin reviews, then saves. */
@Path("/action_imports")
@Tag(name = "Actions")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ImportResource {

    /** Body of {@code POST /action_imports/curl}. */
    public record CurlRequest(@NotNull @Size(max = 100_000) String command) {}

    /** A command read as a draft's parts. */
    public record CurlImport(String type, CurlCommand.Parsed draft) {}

    @POST
    @Path("/curl")
    @Operation(
            summary = "Read a cURL command as a draft action's parts",
            description = "{command}: method, URL, query rows, headers and JSON body; credentials become a suggested "
                    + "connection (never kept in the action); what an action can't carry is listed in unsupported.")
    public CurlImport curl(@Valid @NotNull CurlRequest request) {
        return new CurlImport("action_import", CurlCommand.parse(request.command()));
    }
}

package dev.customactions.definitions.token.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.rest.ListResponse;
import dev.customactions.definitions.token.ApiToken;
import dev.customactions.definitions.token.TokenService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** API tokens of the caller's workspace: issue (secret shown once), list (never the secret), revoke. */
@Path("/tokens")
@Tag(name = "Tokens")
@RolesAllowed(Scopes.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

    /** Body of {@code POST /tokens}. */
    public record CreateToken(
            @NotBlank @Size(max = 200) String name,
            @NotNull @NotEmpty Set<@NotNull String> scopes) {}

    /** A token as the API shows it; {@code token} (the secret) only in the answer to its creation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenView(
            String type, UUID id, String name, Set<String> scopes, Instant createdAt, Instant revokedAt, String token) {

        public static TokenView of(ApiToken token, String secret) {
            return new TokenView(
                    "token", token.id, token.name, token.scopeSet(), token.createdAt, token.revokedAt, secret);
        }
    }

    private final TokenService tokens;
    private final CurrentWorkspace workspace;

    private final SecurityIdentity identity;

    TokenResource(TokenService tokens, CurrentWorkspace workspace, SecurityIdentity identity) {
        this.tokens = tokens;
        this.workspace = workspace;
        this.identity = identity;
    }

    /** What the caller's own token may do: its workspace and its scopes (admin's implied ones included). */
    public record Caller(String type, String workspaceId, Set<String> scopes) {}

    @GET
    @Path("/current")
    @Authenticated
    @Operation(
            summary = "The caller's token: its workspace and scopes",
            description = "Any valid token may ask; the console reads it to show what the token may see.")
    public Caller current() {
        return new Caller("token_scopes", workspace.id(), new TreeSet<>(identity.getRoles()));
    }

    @POST
    @Operation(summary = "Issue a token", description = "The secret is in the answer and never again.")
    public Response create(@Valid @NotNull CreateToken request) {
        for (String scope : request.scopes()) {
            if (!Scopes.ALL.contains(scope)) {
                throw ApiException.invalid(
                        "scopes", "Unknown scope '" + scope + "'; scopes are " + new TreeSet<>(Scopes.ALL));
            }
        }
        if (request.scopes().contains(Scopes.OPERATOR) && !identity.hasRole(Scopes.OPERATOR)) {
            throw new ApiException(
                    403, ErrorCodes.FORBIDDEN, "Only a platform operator's token grants the operator scope", "scopes");
        }
        var issued = tokens.issue(workspaceId(), request.name(), request.scopes());
        return Response.status(Response.Status.CREATED)
                .entity(TokenView.of(issued.token(), issued.secret()))
                .build();
    }

    @GET
    @Operation(
            summary = "List the workspace's tokens",
            description = "Revoked tokens are listed with revoked_at; secrets never.")
    public ListResponse<TokenView> list() {
        List<TokenView> views = tokens.list(workspaceId()).stream()
                .map(token -> TokenView.of(token, null))
                .toList();
        return ListResponse.of(views);
    }

    @DELETE
    @Path("/{id}")
    @Operation(
            summary = "Revoke a token",
            description = "Every service refuses it within seconds. A token with the operator scope is revoked"
                    + " only by an operator's token (403 otherwise).")
    public TokenView revoke(@PathParam("id") UUID id) {
        return TokenView.of(tokens.revoke(workspaceId(), id, identity.hasRole(Scopes.OPERATOR)), null);
    }

    private UUID workspaceId() {
        return UUID.fromString(workspace.id());
    }
}

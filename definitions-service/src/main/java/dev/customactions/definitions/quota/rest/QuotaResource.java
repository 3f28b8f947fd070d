package dev.customactions.definitions.quota.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.rest.CursorPage;
import dev.customactions.definitions.quota.QuotaService;
import dev.customactions.definitions.quota.QuotaService.Quota;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Each workspace's request rate limit on the gateway's and the objects service's public APIs (Intercom's
 * {@code X-RateLimit-*} headers and 429), spread over 10-second windows. A platform operator (scope
 * {@code operator}) sees every workspace's and gives one a limit of its own or puts it back on the configured
 * one; a workspace admin reads only its own workspace's. A change reaches every replica within the time Kafka
 * takes to deliver one record.
 */
@Path("/quotas")
@Tag(name = "Quotas")
@RolesAllowed({Scopes.ADMIN, Scopes.OPERATOR})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class QuotaResource {

    private static final CursorPage.Size PAGE_SIZE = new CursorPage.Size(25, 100);

    /** Body of {@code PUT /quotas/{workspace_id}}. */
    public record SetQuota(
            @NotNull
            @Min(6)
            @Max(100_000_000)
            @Schema(description = "Requests a minute across replicas; a sixth is admitted in each 10 s window")
            Integer requestsPerMinute) {}

    /** A workspace's limit; {@code updated_at} and {@code updated_by} (a token id) only for a limit of its own. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QuotaView(
            String type,
            UUID workspaceId,
            String workspaceName,

            @Schema(description = "The limit in force: its own when overridden, else the configured one")
            int requestsPerMinute,

            @Schema(description = "The configured limit, in force when the workspace has none of its own")
            int configuredRequestsPerMinute,

            boolean overridden,
            Instant updatedAt,
            String updatedBy) {

        static QuotaView of(Quota quota) {
            return new QuotaView(
                    "quota",
                    quota.workspace().id,
                    quota.workspace().name,
                    quota.requestsPerMinute(),
                    quota.configured(),
                    quota.own() != null,
                    quota.own() == null ? null : quota.own().updatedAt,
                    quota.own() == null ? null : quota.own().updatedBy);
        }
    }

    /** A page of workspaces' limits, by workspace name; {@code total_count} counts every match. */
    public record QuotaPage(String type, List<QuotaView> data, int totalCount, CursorPage.Pages pages) {}

    private final QuotaService quotas;
    private final CurrentWorkspace workspace;
    private final SecurityIdentity identity;

    QuotaResource(QuotaService quotas, CurrentWorkspace workspace, SecurityIdentity identity) {
        this.quotas = quotas;
        this.workspace = workspace;
        this.identity = identity;
    }

    @GET
    @Operation(
            summary = "List workspaces' request rate limits",
            description = "By workspace name. An operator sees every workspace; a workspace admin its own.")
    public QuotaPage list(
            @QueryParam("name") @Parameter(description = "Part of the workspace's name, any case") String name,
            @QueryParam("per_page") Integer perPage,
            @QueryParam("starting_after") @Parameter(description = "A workspace id, from pages.next")
                    String startingAfter) {
        List<Quota> all = operator()
                ? quotas.list(name == null || name.isBlank() ? null : name.strip())
                : List.of(quotas.get(UUID.fromString(workspace.id())));
        var page = CursorPage.of(
                all, quota -> quota.workspace().id.toString(), perPage, PAGE_SIZE, startingAfter, "workspace");
        return new QuotaPage(
                "list", page.items().stream().map(QuotaView::of).toList(), page.totalCount(), page.pages());
    }

    @GET
    @Path("/{workspace_id}")
    @Operation(summary = "One workspace's request rate limit")
    public QuotaView get(@PathParam("workspace_id") UUID workspaceId) {
        return QuotaView.of(quotas.get(visible(workspaceId)));
    }

    @PUT
    @Path("/{workspace_id}")
    @RolesAllowed(Scopes.OPERATOR)
    @Operation(
            summary = "Give a workspace a request rate limit of its own",
            description = "Operators only. Every replica of the gateway and the objects service follows it.")
    public QuotaView set(@PathParam("workspace_id") UUID workspaceId, @Valid @NotNull SetQuota request) {
        return QuotaView.of(quotas.set(
                workspaceId,
                request.requestsPerMinute(),
                identity.getPrincipal().getName()));
    }

    @DELETE
    @Path("/{workspace_id}")
    @RolesAllowed(Scopes.OPERATOR)
    @Operation(summary = "Put a workspace back on the configured limit", description = "Operators only.")
    public QuotaView reset(@PathParam("workspace_id") UUID workspaceId) {
        return QuotaView.of(quotas.reset(workspaceId));
    }

    private boolean operator() {
        return identity.hasRole(Scopes.OPERATOR);
    }

    /** The workspace {@code workspaceId} when the caller may see it; 404 otherwise, as for one that is not. */
    private UUID visible(UUID workspaceId) {
        if (!operator() && !workspaceId.toString().equals(workspace.id())) {
            throw ApiException.notFound("Workspace");
        }
        return workspaceId;
    }
}

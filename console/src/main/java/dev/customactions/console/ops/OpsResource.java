package dev.customactions.console.ops;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/ops}: what the operator's page shows, read from the services' own readiness and
 * metrics by {@link OpsScraper}. For admin tokens only (checked by {@link AdminCheck}). The per-action figures
 * are the caller's workspace's actions only; the platform's figures (services, events, lag, dead letters) are
 * everyone's.
 */
@Path("/api/ops")
public class OpsResource {

    private final AdminCheck admins;
    private final OpsScraper scraper;
    private final OpsConfig config;

    OpsResource(AdminCheck admins, OpsScraper scraper, OpsConfig config) {
        this.admins = admins;
        this.scraper = scraper;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> ops(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return admins.check(authorization)
                .thenApply(decision -> decision.allowed()
                        ? Response.ok(ownActions(
                                        scraper.state().view(Instant.now(), config.scrapeInterval()),
                                        decision.actionIds()))
                                .header("Cache-Control", "no-store")
                                .build()
                        : Response.status(decision.status())
                                .entity(decision.errors())
                                .type(MediaType.APPLICATION_JSON)
                                .build());
    }

    /** The view with only the actions whose ids are in {@code actionIds}. */
    static OpsView ownActions(OpsView view, Set<String> actionIds) {
        return new OpsView(
                view.type(),
                view.generatedAt(),
                view.scrapeIntervalSeconds(),
                view.windowMinutes(),
                view.services(),
                view.summary(),
                view.series(),
                view.consumerLag(),
                view.deadLetters(),
                view.actions().stream()
                        .filter(action -> actionIds.contains(action.actionId()))
                        .toList());
    }
}

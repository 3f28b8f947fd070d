package dev.customactions.console.ops;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/ops}: what the operations page shows, read from the services' own readiness and
 * metrics by {@link OpsScraper}. For admin tokens only (checked by {@link AdminCheck}). The per-action figures
 * are the caller's workspace's actions only; the platform's figures (services, Kafka and PostgreSQL, events,
 * lag, dead letters) only for a platform operator's token (scope {@code operator}).
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
        return admins.check(authorization).thenApply(decision -> {
            if (!decision.allowed()) {
                return Response.status(decision.status())
                        .entity(decision.errors())
                        .type(MediaType.APPLICATION_JSON)
                        .build();
            }
            OpsView view = scraper.state().view(Instant.now(), config.scrapeInterval());
            return Response.ok(ownActions(view, decision.actionIds(), decision.operator()))
                    .header("Cache-Control", "no-store")
                    .build();
        });
    }

    /**
     * The view as the caller may see it: only the actions whose ids are in {@code actionIds}; for a
     * workspace admin (not an {@code operator}), only the figures of those actions, the platform's left out.
     */
    static OpsView ownActions(OpsView view, Set<String> actionIds, boolean operator) {
        List<OpsView.ActionView> actions = view.actions().stream()
                .filter(action -> actionIds.contains(action.actionId()))
                .toList();
        if (operator) {
            return new OpsView(
                    view.type(),
                    view.scope(),
                    view.generatedAt(),
                    view.scrapeIntervalSeconds(),
                    view.windowMinutes(),
                    view.services(),
                    view.dependencies(),
                    view.summary(),
                    view.series(),
                    view.consumerLag(),
                    view.deadLetters(),
                    actions);
        }
        long runs = actions.stream().mapToLong(OpsView.ActionView::runs).sum();
        long failures = actions.stream().mapToLong(OpsView.ActionView::failures).sum();
        var summary = new OpsView.Summary(
                view.summary().windowMinutes(),
                null,
                null,
                null,
                null,
                null,
                runs,
                failures,
                runs > 0 ? (runs - failures) / (double) runs : null,
                actions.stream().mapToLong(OpsView.ActionView::testRuns).sum(),
                actions.stream().mapToLong(OpsView.ActionView::testFailures).sum(),
                null,
                null,
                0,
                Map.of());
        return new OpsView(
                view.type(),
                "workspace",
                view.generatedAt(),
                view.scrapeIntervalSeconds(),
                view.windowMinutes(),
                null,
                null,
                summary,
                null,
                null,
                null,
                actions);
    }
}

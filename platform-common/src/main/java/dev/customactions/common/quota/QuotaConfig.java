package dev.customactions.common.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/** The request rate each workspace may use on a service's public API ({@link Quotas}). */
@ConfigMapping(prefix = "customactions.quota")
public interface QuotaConfig {

    /** Whether this service limits the rate of requests per workspace (the gateway and the objects service do). */
    @WithDefault("false")
    boolean enabled();

    /** Requests a workspace may make per minute, across the service's replicas (Intercom's default for an app). */
    @WithDefault("10000")
    int requestsPerMinute();

    /**
     * Replicas of the service: each admits its share of the limit ({@code requests-per-minute / replicas}), so
     * that the limit holds across them while a load balancer spreads the requests evenly.
     */
    @WithDefault("1")
    int replicas();

    /** Per workspace id, a limit of its own (requests per minute) instead of {@link #requestsPerMinute()}. */
    Map<String, Integer> workspaces();

    /** The configured requests per minute of {@code workspaceId} (its own, else the default); an operator's wins. */
    default int configured(String workspaceId) {
        return workspaces().getOrDefault(workspaceId, requestsPerMinute());
    }
}

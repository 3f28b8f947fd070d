package dev.customactions.gateway.rest;

import dev.customactions.common.error.ErrorList;
import dev.customactions.gateway.EventKind;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts every answer of the events API: {@code gateway.events.accepted} by kind,
 * {@code gateway.events.rejected} by kind, status and error code (4xx), and
 * {@code gateway.events.failed} by kind and status (5xx: the event was not stored).
 */
public class EventMetricsFilter {

    private static final String PREFIX = "/custom_channel_events/";

    private final MeterRegistry registry;

    EventMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @ServerResponseFilter
    public void count(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(PREFIX)) {
            return;
        }
        String kind = EventKind.metricTag(path.substring(PREFIX.length()));
        int status = response.getStatus();
        if (status < 300) {
            registry.counter("gateway.events.accepted", "kind", kind).increment();
        } else if (status < 500) {
            String code = response.getEntity() instanceof ErrorList errors
                            && !errors.errors().isEmpty()
                    ? errors.errors().get(0).code()
                    : "none";
            registry.counter("gateway.events.rejected", "kind", kind, "status", String.valueOf(status), "code", code)
                    .increment();
        } else {
            registry.counter("gateway.events.failed", "kind", kind, "status", String.valueOf(status))
                    .increment();
        }
    }
}

package dev.customactions.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.error.ErrorList;
import dev.customactions.gateway.EventKind;
import dev.customactions.gateway.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses an events request whose declared length is over the limit before its body is read,
 * with the error list (413). A body without a declared length is measured once read.
 */
@ApplicationScoped
public class BodyLimit {

    private static final String EVENTS_PATH = "/custom_channel_events/*";

    private final GatewayConfig config;
    private final MeterRegistry registry;
    private final String tooLarge;

    BodyLimit(GatewayConfig config, MeterRegistry registry, ObjectMapper mapper) throws JsonProcessingException {
        this.config = config;
        this.registry = registry;
        this.tooLarge = mapper.writeValueAsString(ErrorList.of(
                ErrorCodes.REQUEST_TOO_LARGE, "The body is larger than " + config.maxBodyBytes() + " bytes", null));
    }

    void install(@Observes Router router) {
        router.route(EVENTS_PATH).order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                String kind = EventKind.metricTag(context.request().path().substring(EVENTS_PATH.length() - 1));
                registry.counter(
                                "gateway.events.rejected",
                                "kind",
                                kind,
                                "status",
                                "413",
                                "code",
                                ErrorCodes.REQUEST_TOO_LARGE)
                        .increment();
                context.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(tooLarge);
                return;
            }
            context.next();
        });
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > config.maxBodyBytes();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

package dev.customactions.common.quota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.auth.BearerTokenMechanism;
import dev.customactions.common.auth.TokenRegistry;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.error.ErrorList;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Limits the rate of each workspace's requests to the service's public API, and answers as Intercom's API does:
 * the limit per minute is spread over 10-second windows (a sixth in each, so a burst cannot take the whole
 * minute), every answer within it carries {@code X-RateLimit-Limit} (the window's), {@code X-RateLimit-Remaining}
 * and {@code X-RateLimit-Reset} (the epoch second the window ends); beyond it a 429 with {@code Retry-After} and
 * the error list ({@link ErrorCodes#RATE_LIMIT_EXCEEDED}), before anything reads the request, so nothing of it is
 * kept. A workspace's limit is the one an operator set ({@link TokenRegistry#requestsPerMinute}), else the
 * configured one; each replica admits its share of it ({@link QuotaConfig#replicas()}). A request without a known
 * token is left to the authentication that refuses it; the health and metrics endpoints ({@code /q/}) are not
 * counted.
 */
@ApplicationScoped
public class Quotas {

    /** Seconds of one window. */
    static final int WINDOW_SECONDS = 10;

    private static final int WINDOWS_PER_MINUTE = 60 / WINDOW_SECONDS;

    private record Window(long number, AtomicInteger used) {}

    private final QuotaConfig config;
    private final TokenRegistry tokens;
    private final ObjectMapper mapper;
    private final Counter refused;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    Quotas(QuotaConfig config, TokenRegistry tokens, ObjectMapper mapper, MeterRegistry registry) {
        this.config = config;
        this.tokens = tokens;
        this.mapper = mapper;
        this.refused = Counter.builder("customactions.quota.refused")
                .description("Requests refused because their workspace was over its rate limit")
                .register(registry);
    }

    void install(@Observes Router router) {
        if (config.enabled()) {
            router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
        }
    }

    /** The requests per minute {@code workspaceId} may make across the replicas. */
    public int requestsPerMinute(String workspaceId) {
        return tokens.requestsPerMinute(workspaceId).orElseGet(() -> config.configured(workspaceId));
    }

    /** The requests {@code workspaceId} may make in one window on this replica. */
    int limit(String workspaceId) {
        return Math.max(1, requestsPerMinute(workspaceId) / WINDOWS_PER_MINUTE / Math.max(1, config.replicas()));
    }

    private void check(RoutingContext context) {
        String workspaceId = workspace(context);
        if (workspaceId == null || context.request().path().startsWith("/q/")) {
            context.next();
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        long number = now / WINDOW_SECONDS;
        Window window = windows.compute(
                workspaceId,
                (id, current) -> current == null || current.number() != number
                        ? new Window(number, new AtomicInteger())
                        : current);
        int limit = limit(workspaceId);
        int used = window.used().incrementAndGet();
        long reset = (number + 1) * WINDOW_SECONDS;
        var response = context.response();
        response.putHeader("X-RateLimit-Limit", Integer.toString(limit))
                .putHeader("X-RateLimit-Remaining", Integer.toString(Math.max(0, limit - used)))
                .putHeader("X-RateLimit-Reset", Long.toString(reset));
        if (used <= limit) {
            context.next();
            return;
        }
        refused.increment();
        long retryAfter = Math.max(1, reset - now);
        String body;
        try {
            body = mapper.writeValueAsString(ErrorList.of(
                    ErrorCodes.RATE_LIMIT_EXCEEDED,
                    "The workspace made more than " + limit + " requests in " + WINDOW_SECONDS + " s; retry after "
                            + retryAfter + " s",
                    null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(429)
                .putHeader("Retry-After", Long.toString(retryAfter))
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }

    /** The workspace of the request's bearer token, or null when it has none the service knows. */
    private String workspace(RoutingContext context) {
        return BearerTokenMechanism.token(context.request().getHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(tokens::find)
                .map(TokenRegistry.Grant::workspaceId)
                .orElse(null);
    }
}

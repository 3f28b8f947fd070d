package dev.customactions.console.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.customactions.console.ConsoleConfig;

/**
 * Whether the caller of {@code /api/ops} holds an admin token: the definitions service is the judge
 * ({@code GET /workspaces/current} answers 200 to an admin token only). A yes is kept for
 * {@code customactions.console.ops.auth-cache-ttl}, keyed by the token's SHA-256 (the token itself
 * is neither kept nor logged); a no is never kept.
 */
@Singleton
public class AdminCheck {

    /** The answer: allowed (null status), or the status and error list to answer instead. */
    public record Decision(int status, ErrorList errors) {

        static final Decision ALLOWED = new Decision(200, null);

        public boolean allowed() {
            return errors == null;
        }
    }

    private static final int MAX_CACHED = 1_000;

    private final Function<String, CompletionStage<Integer>> definitions;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Instant> allowedUntil = new ConcurrentHashMap<>();

    @Inject
    AdminCheck(ConsoleConfig console, OpsConfig config) {
        this(workspacesCurrent(URI.create(trimmed(console.services().get("definitions")) + "/workspaces/current"),
                config.scrapeTimeout().plusSeconds(2)), Clock.systemUTC(), config.authCacheTtl());
    }

    /**
     * @param definitions asks the definitions service about an {@code Authorization} header's value: its HTTP status
     *                    (the stage fails when the service can't be reached)
     */
    AdminCheck(Function<String, CompletionStage<Integer>> definitions, Clock clock, Duration ttl) {
        this.definitions = definitions;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The decision for a request carrying {@code authorization} (the header's value, or null). */
    public CompletionStage<Decision> check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            return CompletableFuture.completedFuture(new Decision(401,
                    ErrorList.of("unauthorized", "An admin token is required: Authorization: Bearer <token>")));
        }
        String key = sha256(authorization.substring(7).trim());
        Instant now = clock.instant();
        Instant until = allowedUntil.get(key);
        if (until != null && now.isBefore(until)) {
            return CompletableFuture.completedFuture(Decision.ALLOWED);
        }
        return definitions.apply("Bearer " + authorization.substring(7).trim()).handle((status, failure) -> {
            if (failure != null) {
                return new Decision(503, ErrorList.of("service_unavailable",
                        "The definitions service, which checks tokens, can't be reached"));
            }
            return switch (status) {
                case 200 -> {
                    remember(key, clock.instant().plus(ttl));
                    yield Decision.ALLOWED;
                }
                case 401 -> new Decision(401, ErrorList.of("unauthorized", "Access Token Invalid"));
                case 403 -> new Decision(403, ErrorList.of("forbidden", "The ops page needs an admin token"));
                default -> new Decision(502, ErrorList.of("server_error",
                        "The definitions service answered HTTP " + status + " to the token check"));
            };
        });
    }

    private void remember(String key, Instant until) {
        if (allowedUntil.size() >= MAX_CACHED) {
            Instant now = clock.instant();
            allowedUntil.values().removeIf(expiry -> !now.isBefore(expiry));
            if (allowedUntil.size() >= MAX_CACHED) {
                allowedUntil.clear();
            }
        }
        allowedUntil.put(key, until);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static Function<String, CompletionStage<Integer>> workspacesCurrent(URI uri, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return authorization -> http.sendAsync(HttpRequest.newBuilder(uri).timeout(timeout)
                        .header("Authorization", authorization).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private static String trimmed(String base) {
        String value = base == null ? "http://localhost:8082" : base;
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}

package dev.customactions.console.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.console.ConsoleConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Whether the caller of {@code /api/ops} holds an admin token, and which actions are its workspace's:
 * the definitions service is the judge ({@code GET /actions} answers 200 to an admin token only, with
 * the list of the token's workspace's actions). A yes is kept, with the action ids, for
 * {@code customactions.console.ops.auth-cache-ttl}, keyed by the token's SHA-256 (the token itself
 * is neither kept nor logged); a no is never kept.
 */
@Singleton
public class AdminCheck {

    /**
     * The answer: allowed (status 200, no errors), with the ids of the caller's workspace's actions; or the
     * status and error list to answer instead (and no action ids).
     */
    public record Decision(int status, ErrorList errors, Set<String> actionIds, boolean operator) {

        public Decision {
            actionIds = actionIds == null ? Set.of() : Set.copyOf(actionIds);
        }

        static Decision allowed(Set<String> actionIds, boolean operator) {
            return new Decision(200, null, actionIds, operator);
        }

        static Decision refused(int status, ErrorList errors) {
            return new Decision(status, errors, Set.of(), false);
        }

        public boolean allowed() {
            return errors == null;
        }
    }

    /** What the definitions service answered to {@code GET /actions}: its HTTP status and body. */
    record Answer(int status, String body) {}

    /** A remembered yes: until when, the workspace's action ids, and whether the token is an operator's. */
    private record Allowed(Instant until, Set<String> actionIds, boolean operator) {}

    private static final int MAX_CACHED = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, CompletionStage<Answer>> definitions;
    private final Function<String, CompletionStage<Answer>> scopes;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Allowed> cache = new ConcurrentHashMap<>();

    @Inject
    AdminCheck(ConsoleConfig console, OpsConfig config) {
        this(
                get(
                        URI.create(trimmed(console.services().get("definitions")) + "/actions"),
                        config.scrapeTimeout().plusSeconds(2)),
                get(
                        URI.create(trimmed(console.services().get("definitions")) + "/tokens/current"),
                        config.scrapeTimeout().plusSeconds(2)),
                Clock.systemUTC(),
                config.authCacheTtl());
    }

    /**
     * @param definitions asks the definitions service's {@code GET /actions} with an {@code Authorization} header's
     *                    value: its HTTP status and body (the stage fails when the service can't be reached)
     * @param scopes      asks its {@code GET /tokens/current} the same way: the token's scopes
     */
    AdminCheck(
            Function<String, CompletionStage<Answer>> definitions,
            Function<String, CompletionStage<Answer>> scopes,
            Clock clock,
            Duration ttl) {
        this.definitions = definitions;
        this.scopes = scopes;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The decision for a request carrying {@code authorization} (the header's value, or null). */
    public CompletionStage<Decision> check(String authorization) {
        if (authorization == null
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            return CompletableFuture.completedFuture(Decision.refused(
                    401, ErrorList.of("unauthorized", "An admin token is required: Authorization: Bearer <token>")));
        }
        String key = sha256(authorization.substring(7).trim());
        Instant now = clock.instant();
        Allowed cached = cache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return CompletableFuture.completedFuture(Decision.allowed(cached.actionIds(), cached.operator()));
        }
        String bearer = "Bearer " + authorization.substring(7).trim();
        // Whether the token is an operator's: a failed or unexpected answer counts as no (the workspace's view).
        CompletableFuture<Boolean> operator = scopes.apply(bearer)
                .handle((answer, failure) -> failure == null && answer.status() == 200 && operator(answer.body()))
                .toCompletableFuture();
        return definitions.apply(bearer).thenCombine(operator, Map::entry).handle((both, failure) -> {
            Answer answer = both == null ? null : both.getKey();
            if (failure != null) {
                return Decision.refused(
                        503,
                        ErrorList.of(
                                "service_unavailable",
                                "The definitions service, which checks tokens, can't be reached"));
            }
            return switch (answer.status()) {
                case 200 -> {
                    Set<String> ids = actionIds(answer.body());
                    if (ids == null) {
                        yield Decision.refused(
                                502,
                                ErrorList.of(
                                        "server_error",
                                        "The definitions service answered the token check with an unexpected body"));
                    }
                    remember(key, new Allowed(clock.instant().plus(ttl), ids, both.getValue()));
                    yield Decision.allowed(ids, both.getValue());
                }
                case 401 -> Decision.refused(401, ErrorList.of("unauthorized", "Access Token Invalid"));
                case 403 -> Decision.refused(403, ErrorList.of("forbidden", "The ops page needs an admin token"));
                default ->
                    Decision.refused(
                            502,
                            ErrorList.of(
                                    "server_error",
                                    "The definitions service answered HTTP " + answer.status()
                                            + " to the token check"));
            };
        });
    }

    /**
     * The action ids in a {@code {"type":"list","data":[{"id":...},...]}} body, or null when the body is not
     * such a list.
     */
    static Set<String> actionIds(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (IOException e) {
            return null;
        }
        if (!data.isArray()) {
            return null;
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode action : data) {
            JsonNode id = action.path("id");
            if (!id.isTextual() || id.asText().isBlank()) {
                return null;
            }
            ids.add(id.asText());
        }
        return Set.copyOf(ids);
    }

    /** Whether a {@code GET /tokens/current} body lists the operator scope. */
    static boolean operator(String body) {
        if (body == null) {
            return false;
        }
        try {
            for (JsonNode scope : JSON.readTree(body).path("scopes")) {
                if ("operator".equals(scope.asText())) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private void remember(String key, Allowed allowed) {
        if (cache.size() >= MAX_CACHED) {
            Instant now = clock.instant();
            cache.values().removeIf(entry -> !now.isBefore(entry.until()));
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
        }
        cache.put(key, allowed);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static Function<String, CompletionStage<Answer>> get(URI uri, Duration timeout) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return authorization -> http.sendAsync(
                        HttpRequest.newBuilder(uri)
                                .timeout(timeout)
                                .header("Authorization", authorization)
                                .header("Accept", "application/json")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response ->
                        new Answer(response.statusCode(), response.statusCode() == 200 ? response.body() : null));
    }

    private static String trimmed(String base) {
        String value = base == null ? "http://localhost:8082" : base;
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}

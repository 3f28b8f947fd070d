package dev.customactions.executor.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.AllowedHosts;
import dev.customactions.common.secret.SecretBox;
import dev.customactions.executor.definition.ConnectionSpec;
import dev.customactions.executor.run.RunFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a connection into the credentials of a request: bearer token, API key (header or query
 * parameter), basic auth, or an OAuth2 client-credentials access token. Secrets are opened from
 * their sealed form only here. OAuth2 tokens are cached per connection version until shortly
 * before they expire; concurrent runs share one fetch, and a 401 invalidates the token once.
 */
@ApplicationScoped
public class ConnectionAuth {

    /** A token is refreshed when it has less than this left. */
    static final long REFRESH_MARGIN_SECONDS = 60;

    private record Token(String value, Instant expiresAt) {}

    private final SecretBox box;
    private final ObjectMapper mapper;
    private final OutboundHttp http;
    private final Map<String, CompletableFuture<Token>> tokens = new ConcurrentHashMap<>();
    private final Counter tokenFetches;

    ConnectionAuth(SecretBox box, ObjectMapper mapper, OutboundHttp http, MeterRegistry registry) {
        this.box = box;
        this.mapper = mapper;
        this.http = http;
        this.tokenFetches = Counter.builder("executor.oauth.token.fetches")
                .description("OAuth2 access tokens fetched from token endpoints")
                .register(registry);
    }

    /** The credentials of {@code connection} for a call to {@code host}; fails unless the connection may go there. */
    public Uni<Credentials> credentials(ConnectionSpec connection, String host) {
        if (connection == null) {
            return Uni.createFrom().item(Credentials.NONE);
        }
        if (!connection.allows(host)) {
            return Uni.createFrom()
                    .failure(new RunFailure(
                            RunFailure.BLOCKED_DESTINATION, AllowedHosts.refusal(connection.allowedHosts(), host)));
        }
        Map<String, String> secrets = secrets(connection);
        Map<String, String> settings = connection.settings();
        return switch (connection.authType()) {
            case "bearer" ->
                Uni.createFrom().item(header("Authorization", "Bearer " + secrets.get("token"), secrets.get("token")));
            case "basic" -> {
                String pair = settings.get("username") + ":" + secrets.get("password");
                String value = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
                yield Uni.createFrom()
                        .item(new Credentials(
                                List.of(Map.entry("Authorization", value)),
                                List.of(),
                                List.of(secrets.get("password"), value.substring(6)),
                                null));
            }
            case "api_key" ->
                Uni.createFrom()
                        .item(
                                "query".equals(settings.get("api_key_in"))
                                        ? new Credentials(
                                                List.of(),
                                                List.of(Map.entry(
                                                        settings.get("api_key_name"), secrets.get("api_key"))),
                                                List.of(secrets.get("api_key")),
                                                null)
                                        : header(
                                                settings.get("api_key_name"),
                                                secrets.get("api_key"),
                                                secrets.get("api_key")));
            case "oauth2_client_credentials" ->
                token(connection, settings, secrets)
                        .map(token -> new Credentials(
                                List.of(Map.entry("Authorization", "Bearer " + token.value())),
                                List.of(),
                                List.of(token.value(), secrets.get("client_secret")),
                                token.value()));
            default ->
                Uni.createFrom()
                        .failure(new RunFailure(
                                RunFailure.AUTH_FAILED, "Unknown connection type '" + connection.authType() + "'"));
        };
    }

    /** Forgets {@code token} of {@code connection} after a 401, so the next call fetches a new one. */
    public void invalidate(ConnectionSpec connection, String token) {
        tokens.computeIfPresent(
                cacheKey(connection),
                (key, cached) -> cached.isDone()
                                && !cached.isCompletedExceptionally()
                                && cached.join().value().equals(token)
                        ? null
                        : cached);
    }

    private Uni<Token> token(ConnectionSpec connection, Map<String, String> settings, Map<String, String> secrets) {
        String key = cacheKey(connection);
        var fetching = new CompletableFuture<Token>();
        CompletableFuture<Token> token =
                tokens.compute(key, (k, cached) -> cached != null && usable(cached) ? cached : fetching);
        if (token == fetching) {
            fetch(settings, secrets).subscribe().with(fetching::complete, failure -> {
                tokens.remove(key, fetching);
                fetching.completeExceptionally(failure);
            });
        }
        return Uni.createFrom().completionStage(token);
    }

    /** A token still being fetched, or fetched and not about to expire. */
    private static boolean usable(CompletableFuture<Token> cached) {
        if (!cached.isDone()) {
            return true;
        }
        return !cached.isCompletedExceptionally()
                && cached.join().expiresAt().isAfter(Instant.now().plusSeconds(REFRESH_MARGIN_SECONDS));
    }

    private Uni<Token> fetch(Map<String, String> settings, Map<String, String> secrets) {
        URI tokenUrl = URI.create(settings.get("token_url"));
        String pair = settings.get("client_id") + ":" + secrets.get("client_secret");
        var form = new StringBuilder("grant_type=client_credentials");
        if (settings.get("scope") != null && !settings.get("scope").isBlank()) {
            form.append("&scope=").append(URLEncoder.encode(settings.get("scope"), StandardCharsets.UTF_8));
        }
        var headers = new ArrayList<Map.Entry<String, String>>();
        headers.add(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
        headers.add(Map.entry("Accept", "application/json"));
        headers.add(Map.entry(
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
        var request = new OutboundRequest(
                "post",
                tokenUrl,
                headers,
                form.toString().getBytes(StandardCharsets.UTF_8),
                10_000,
                List.of("Authorization"),
                host -> host.equalsIgnoreCase(tokenUrl.getHost()));
        return Uni.createFrom()
                .deferred(() -> {
                    tokenFetches.increment();
                    return http.call(request);
                })
                .map(response -> {
                    if (response.status() / 100 != 2) {
                        throw new RunFailure(
                                RunFailure.AUTH_FAILED,
                                "The token endpoint answered " + response.status() + " to the client credentials");
                    }
                    JsonNode body;
                    try {
                        body = ThirdPartyJson.read(response.body());
                    } catch (IOException e) {
                        throw new RunFailure(RunFailure.AUTH_FAILED, "The token endpoint's answer is not JSON");
                    }
                    JsonNode accessToken = body == null ? null : body.get("access_token");
                    if (accessToken == null
                            || !accessToken.isTextual()
                            || accessToken.textValue().isEmpty()) {
                        throw new RunFailure(RunFailure.AUTH_FAILED, "The token endpoint's answer has no access_token");
                    }
                    long expiresIn = body.path("expires_in").canConvertToLong()
                            ? body.path("expires_in").asLong(3600)
                            : 3600;
                    return new Token(accessToken.textValue(), Instant.now().plusSeconds(Math.max(expiresIn, 1)));
                })
                .onFailure(failure ->
                        !(failure instanceof RunFailure runFailure && RunFailure.AUTH_FAILED.equals(runFailure.type())))
                .transform(failure -> new RunFailure(
                        RunFailure.AUTH_FAILED, "Fetching an OAuth2 token failed: " + failure.getMessage()));
    }

    private Map<String, String> secrets(ConnectionSpec connection) {
        if (connection.sealedSecrets() == null) {
            return Map.of();
        }
        try {
            return mapper.readValue(
                    box.open(connection.sealedSecrets(), connection.sealingContext()), new TypeReference<>() {});
        } catch (IOException | IllegalStateException e) {
            throw new RunFailure(RunFailure.AUTH_FAILED, "The connection's secrets can't be opened: " + e.getMessage());
        }
    }

    private static Credentials header(String name, String value, String secret) {
        return new Credentials(List.of(Map.entry(name, value)), List.of(), List.of(secret), null);
    }

    private static String cacheKey(ConnectionSpec connection) {
        return connection.id() + ":" + connection.version();
    }
}

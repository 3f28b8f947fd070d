package dev.customactions.definitions.agent;

import dev.customactions.common.auth.BearerTokenMechanism;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.auth.TokenRegistry;
import dev.customactions.common.error.ErrorCodes;
import io.modelcontextprotocol.common.McpTransportContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /mcp}: the workspace's MCP server (Streamable HTTP) for the caller's bearer token, which must carry
 * the {@code agent} scope (admin implies it). Refused as the MCP authorization rules say (RFC 6750): no or an
 * unknown token is a 401 with {@code WWW-Authenticate}, a token without the scope a 403 naming it. A browser's
 * request from another origin than the server's own or a configured one is refused (DNS rebinding).
 */
@ApplicationScoped
public class McpEndpoint {

    /** The endpoint's path, on the definitions service and behind the console's origin. */
    public static final String PATH = "/mcp";

    /** The largest JSON-RPC message taken. */
    static final long MAX_MESSAGE_BYTES = 1024 * 1024;

    private final AgentServers servers;
    private final TokenRegistry tokens;
    private final List<String> allowedOrigins;

    McpEndpoint(
            AgentServers servers,
            TokenRegistry tokens,
            @ConfigProperty(name = "customactions.mcp.allowed-origins") Optional<List<String>> allowedOrigins) {
        this.servers = servers;
        this.tokens = tokens;
        this.allowedOrigins = allowedOrigins.orElse(List.of());
    }

    void routes(@Observes Router router) {
        router.route(PATH)
                .order(-10)
                .method(HttpMethod.POST)
                .handler(BodyHandler.create().setBodyLimit(MAX_MESSAGE_BYTES).setHandleFileUploads(false));
        router.route(PATH).order(-9).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        if (!originAllowed(rc)) {
            refuse(
                    rc,
                    403,
                    null,
                    ErrorCodes.FORBIDDEN,
                    "Origin " + rc.request().getHeader(HttpHeaders.ORIGIN)
                            + " may not call this MCP server (customactions.mcp.allowed-origins)");
            return;
        }
        String secret = BearerTokenMechanism.token(rc.request().getHeader(HttpHeaders.AUTHORIZATION))
                .orElse(null);
        if (secret == null) {
            refuse(
                    rc,
                    401,
                    "Bearer realm=\"mcp\"",
                    ErrorCodes.UNAUTHORIZED,
                    "A bearer token with the agent scope is required (Authorization: Bearer <token>)");
            return;
        }
        if (!tokens.awaitLoaded(Duration.ofSeconds(5))) {
            refuse(rc, 503, null, ErrorCodes.SERVICE_UNAVAILABLE, "Tokens are not loaded yet; retry shortly");
            return;
        }
        var grant = tokens.find(secret);
        if (grant.isEmpty()) {
            refuse(
                    rc,
                    401,
                    "Bearer realm=\"mcp\", error=\"invalid_token\"",
                    ErrorCodes.UNAUTHORIZED,
                    "The token is unknown or revoked");
            return;
        }
        if (!Scopes.roles(grant.get().scopes()).contains(Scopes.AGENT)) {
            refuse(
                    rc,
                    403,
                    "Bearer realm=\"mcp\", error=\"insufficient_scope\", scope=\"" + Scopes.AGENT + "\"",
                    ErrorCodes.FORBIDDEN,
                    "The token lacks the agent scope");
            return;
        }
        // The workspace is the server's own (one per workspace); the call needs only the token.
        var context = McpTransportContext.create(
                Map.of(AgentServers.TOKEN_ID, grant.get().tokenId()));
        StreamableHttpTransport transport = servers.transport(grant.get().workspaceId());
        HttpMethod method = rc.request().method();
        if (HttpMethod.POST.equals(method)) {
            transport.post(
                    rc, rc.body().buffer() == null ? Buffer.buffer() : rc.body().buffer(), context);
        } else if (HttpMethod.GET.equals(method)) {
            transport.get(rc);
        } else if (HttpMethod.DELETE.equals(method)) {
            transport.delete(rc, context);
        } else {
            rc.response().putHeader(HttpHeaders.ALLOW, "GET, POST, DELETE");
            refuse(rc, 405, null, ErrorCodes.METHOD_NOT_ALLOWED, "/mcp answers GET, POST and DELETE");
        }
    }

    /** No Origin (not a browser), the server's own, or one configured. */
    private boolean originAllowed(RoutingContext rc) {
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allowedOrigins.contains(origin)) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String host = rc.request().getHeader(HttpHeaders.HOST);
            return uri.getAuthority() != null && uri.getAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(RoutingContext rc, int status, String challenge, String code, String message) {
        if (challenge != null) {
            rc.response().putHeader("WWW-Authenticate", challenge);
        }
        var errors = new JsonArray().add(new JsonObject().put("code", code).put("message", message));
        rc.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject()
                        .put("type", "error.list")
                        .put("errors", errors)
                        .encode());
    }
}

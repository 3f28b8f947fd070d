package dev.customactions.definitions.agent;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The MCP Streamable HTTP transport (protocol 2025-06-18 and 2025-11-25) on Vert.x, for one workspace's
 * server: {@code POST} carries a JSON-RPC message (an {@code initialize} is answered in JSON with a new
 * {@code Mcp-Session-Id}; any other request is answered as an SSE stream that ends with its response),
 * {@code GET} opens the session's stream of server notifications ({@code notifications/tools/list_changed}),
 * {@code DELETE} ends the session. Sessions idle longer than {@link #IDLE} are closed. The SDK's own
 * transports are servlet ones; this follows the same contract ({@link McpStreamableServerSession}).
 */
final class StreamableHttpTransport implements McpStreamableServerTransportProvider {

    /** A session with no request and no open stream for this long is closed. */
    static final Duration IDLE = Duration.ofMinutes(30);

    private static final String TEXT_EVENT_STREAM = "text/event-stream";
    private static final String APPLICATION_JSON = "application/json";

    private record Session(McpStreamableServerSession session, Instant lastSeen) {}

    private final McpJsonMapper json;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile McpStreamableServerSession.Factory factory;
    private volatile boolean closing;

    StreamableHttpTransport(McpJsonMapper json) {
        this.json = json;
    }

    @Override
    public List<String> protocolVersions() {
        return List.of(ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
        this.factory = sessionFactory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Flux.fromIterable(sessions.values())
                .flatMap(s -> s.session().sendNotification(method, params).onErrorResume(e -> {
                    Log.debugf("MCP session %s missed %s: %s", s.session().getId(), method, e.getMessage());
                    return Mono.empty();
                }))
                .then();
    }

    @Override
    public Mono<Void> closeGracefully() {
        closing = true;
        return Flux.fromIterable(sessions.values())
                .flatMap(s -> s.session().closeGracefully().onErrorResume(e -> Mono.empty()))
                .then(Mono.fromRunnable(sessions::clear));
    }

    /** Closes the sessions idle for longer than {@link #IDLE}; true when none is left. */
    boolean expireIdle(Instant now) {
        sessions.values().removeIf(s -> {
            boolean idle =
                    !s.session().hasOpenStream() && s.lastSeen().plus(IDLE).isBefore(now);
            if (idle) {
                s.session().close();
            }
            return idle;
        });
        return sessions.isEmpty();
    }

    /** {@code POST}: one JSON-RPC message, already read as {@code body}. */
    void post(RoutingContext rc, Buffer body, McpTransportContext context) {
        HttpServerResponse response = rc.response();
        if (closing) {
            error(response, 503, McpSchema.ErrorCodes.INTERNAL_ERROR, "The server is shutting down");
            return;
        }
        String accept = String.valueOf(rc.request().getHeader(HttpHeaders.ACCEPT));
        if (!accept.contains(TEXT_EVENT_STREAM) || !accept.contains(APPLICATION_JSON)) {
            error(
                    response,
                    406,
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Accept must list application/json and text/event-stream");
            return;
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, body.toString());
        } catch (IOException | IllegalArgumentException e) {
            error(response, 400, McpSchema.ErrorCodes.PARSE_ERROR, "Not a JSON-RPC message: " + e.getMessage());
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest request
                && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
            initialize(response, request, context);
            return;
        }
        Session session = session(rc);
        if (session == null) {
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest request) {
            var stream = new SseStream(rc, session.session().getId());
            session.session()
                    .responseStream(stream)
                    .handle(request)
                    .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                    .subscribe(null, failure -> {
                        Log.debugf("MCP request %s failed: %s", request.method(), failure.getMessage());
                        stream.close();
                    });
        } else {
            Mono<Void> accepted = message instanceof McpSchema.JSONRPCResponse answer
                    ? session.session().accept(answer)
                    : session.session().accept((McpSchema.JSONRPCNotification) message);
            accepted.contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                    .subscribe(
                            null,
                            failure -> error(response, 500, McpSchema.ErrorCodes.INTERNAL_ERROR, failure.getMessage()),
                            () -> response.setStatusCode(202).end());
        }
    }

    /** {@code GET}: the session's stream of what the server sends unasked. */
    void get(RoutingContext rc) {
        if (!String.valueOf(rc.request().getHeader(HttpHeaders.ACCEPT)).contains(TEXT_EVENT_STREAM)) {
            error(rc.response(), 406, McpSchema.ErrorCodes.INVALID_REQUEST, "Accept must list text/event-stream");
            return;
        }
        Session session = session(rc);
        if (session == null) {
            return;
        }
        var stream = new SseStream(rc, session.session().getId());
        var listening = session.session().listeningStream(stream);
        stream.open();
        rc.response().closeHandler(closed -> listening.close());
    }

    /** {@code DELETE}: ends the session. */
    void delete(RoutingContext rc, McpTransportContext context) {
        Session session = session(rc);
        if (session == null) {
            return;
        }
        sessions.remove(session.session().getId());
        session.session()
                .delete()
                .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                .subscribe(null, failure -> rc.response().setStatusCode(200).end(), () -> rc.response()
                        .setStatusCode(200)
                        .end());
    }

    private void initialize(
            HttpServerResponse response, McpSchema.JSONRPCRequest request, McpTransportContext context) {
        McpSchema.InitializeRequest initialize;
        try {
            initialize = json.convertValue(request.params(), new TypeRef<McpSchema.InitializeRequest>() {});
        } catch (IllegalArgumentException e) {
            error(response, 400, McpSchema.ErrorCodes.INVALID_PARAMS, "initialize: " + e.getMessage());
            return;
        }
        var init = factory.startSession(initialize);
        String sessionId = init.session().getId();
        sessions.put(sessionId, new Session(init.session(), Instant.now()));
        init.initResult()
                .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                .subscribe(
                        result -> {
                            try {
                                response.setStatusCode(200)
                                        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                                        .putHeader(HttpHeaders.MCP_SESSION_ID, sessionId)
                                        .end(json.writeValueAsString(
                                                McpSchema.JSONRPCResponse.result(request.id(), result)));
                            } catch (IOException e) {
                                error(response, 500, McpSchema.ErrorCodes.INTERNAL_ERROR, e.getMessage());
                            }
                        },
                        failure -> {
                            sessions.remove(sessionId);
                            error(
                                    response,
                                    400,
                                    failure instanceof McpError mcp && mcp.getJsonRpcError() != null
                                            ? mcp.getJsonRpcError().code()
                                            : McpSchema.ErrorCodes.INVALID_REQUEST,
                                    failure.getMessage());
                        });
    }

    /** The request's session, its last use noted; null after answering 400 (no id) or 404 (unknown, ended). */
    private Session session(RoutingContext rc) {
        String id = rc.request().getHeader(HttpHeaders.MCP_SESSION_ID);
        if (id == null || id.isBlank()) {
            error(
                    rc.response(),
                    400,
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Mcp-Session-Id is required: initialize first");
            return null;
        }
        Session session = sessions.computeIfPresent(id, (key, s) -> new Session(s.session(), Instant.now()));
        if (session == null) {
            error(
                    rc.response(),
                    404,
                    McpSchema.ErrorCodes.INVALID_REQUEST,
                    "No session " + id + " (ended or expired): initialize again");
        }
        return session;
    }

    private void error(HttpServerResponse response, int status, int code, String message) {
        if (response.ended()) {
            return;
        }
        // A JSON-RPC error without an id: the message it answers could not be read, or was not a request.
        String body = new JsonObject()
                .put("jsonrpc", McpSchema.JSONRPC_VERSION)
                .putNull("id")
                .put("error", new JsonObject().put("code", code).put("message", message))
                .encode();
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .end(body);
    }

    /** One HTTP response as a stream of SSE {@code message} events, written on the request's Vert.x context. */
    private final class SseStream implements McpStreamableServerTransport {

        private final HttpServerResponse response;
        private final Context vertx;
        private final String sessionId;
        private boolean open;

        SseStream(RoutingContext rc, String sessionId) {
            this.response = rc.response();
            this.vertx = Vertx.currentContext();
            this.sessionId = sessionId;
        }

        /** Sends the headers (on the request's context). */
        void open() {
            if (!open && !response.ended()) {
                open = true;
                response.setStatusCode(200)
                        .setChunked(true)
                        .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_EVENT_STREAM)
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                        .putHeader(HttpHeaders.MCP_SESSION_ID, sessionId);
                response.write(": stream open\n\n");
            }
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return sendMessage(message, null);
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
            return Mono.fromCallable(() -> json.writeValueAsString(message))
                    .flatMap(text -> Mono.<Void>create(sink -> vertx.runOnContext(ignored -> {
                        if (response.ended() || response.closed()) {
                            sink.success();
                            return;
                        }
                        open();
                        String event = (messageId == null ? "" : "id: " + messageId + "\n") + "event: message\ndata: "
                                + text + "\n\n";
                        response.write(event).onComplete(done -> sink.success());
                    })));
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return json.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(this::close);
        }

        @Override
        public void close() {
            vertx.runOnContext(ignored -> {
                if (!response.ended() && !response.closed()) {
                    open();
                    response.end();
                }
            });
        }
    }
}

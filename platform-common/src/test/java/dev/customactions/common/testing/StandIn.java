package dev.customactions.common.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTPS server standing in for third-party APIs, the only test double the platform's tests
 * use. Its certificate ({@code tls/standin.p12} on this test jar's classpath) names 127.0.0.1,
 * localhost, shop.test and friends; the executor's tests and the system tests tell the executor to
 * trust it. Each test registers answers on paths of its own and reads back the calls it received.
 */
public final class StandIn implements AutoCloseable {

    /** One call received: its HTTP version, when it arrived (System.nanoTime) and when it was answered. */
    // Never compared; answeredAt is a cell the answering thread fills in once the answer is written.
    @SuppressWarnings("ArrayRecordComponent")
    public record Call(
            String version,
            String method,
            String path,
            String query,
            MultiMap headers,
            String body,
            long receivedAt,
            long[] answeredAt) {

        public String header(String name) {
            return headers.get(name);
        }
    }

    /** How to answer a call. */
    @FunctionalInterface
    public interface Reply {
        void answer(Vertx vertx, HttpServerRequest request, Runnable answered);
    }

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, Reply> routes = new ConcurrentHashMap<>();
    private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();
    private final HttpServer server;
    private volatile Reply otherwise = json(404, "{\"error\":\"no such path\"}");

    private StandIn(boolean http2) throws Exception {
        server = vertx.createHttpServer(new HttpServerOptions()
                        .setSsl(true)
                        .setUseAlpn(http2)
                        .setKeyCertOptions(new PfxOptions().setValue(keystore()).setPassword("changeit"))
                        .setHost("127.0.0.1")
                        .setPort(0))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    long[] answeredAt = new long[1];
                    var call = new Call(
                            request.version().name(),
                            request.method().name(),
                            request.path(),
                            request.query(),
                            MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                            body.toString(),
                            System.nanoTime(),
                            answeredAt);
                    calls.computeIfAbsent(request.path(), path -> new CopyOnWriteArrayList<>())
                            .add(call);
                    Reply reply = routes.getOrDefault(request.path(), otherwise);
                    reply.answer(vertx, request, () -> answeredAt[0] = System.nanoTime());
                }))
                .listen()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private static Buffer keystore() throws IOException {
        try (var in = StandIn.class.getResourceAsStream("/tls/standin.p12")) {
            if (in == null) {
                throw new IllegalStateException("tls/standin.p12 is not on the classpath");
            }
            return Buffer.buffer(in.readAllBytes());
        }
    }

    /** A stand-in speaking HTTP/2 to clients that offer it (ALPN) and HTTP/1.1 to the others, as most APIs do. */
    public static StandIn start() {
        return start(true);
    }

    /** A stand-in speaking HTTP/1.1 only. */
    public static StandIn startHttp1() {
        return start(false);
    }

    private static StandIn start(boolean http2) {
        try {
            return new StandIn(http2);
        } catch (Exception e) {
            throw new IllegalStateException("The HTTPS stand-in did not start", e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code https://<host>:<port><path>}; {@code host} is one of the names in src/test/resources/hosts. */
    public String url(String host, String path) {
        return "https://" + host + ":" + port() + path;
    }

    public StandIn on(String path, Reply reply) {
        routes.put(path, reply);
        return this;
    }

    /** How to answer paths without an answer of their own. */
    public StandIn otherwise(Reply reply) {
        otherwise = reply;
        return this;
    }

    /** Answers {@code {"order": {"id": <last path segment without .json>, "fulfillment_status": <same>}}}. */
    public static Reply echoOrder() {
        return (vertx, request, answered) -> {
            String last = request.path()
                    .substring(request.path().lastIndexOf('/') + 1)
                    .replace(".json", "");
            json(200, "{\"order\": {\"id\": \"" + last + "\", \"fulfillment_status\": \"" + last + "\"}}")
                    .answer(vertx, request, answered);
        };
    }

    /** Calls received on every path. */
    public int callCount() {
        return calls.values().stream().mapToInt(List::size).sum();
    }

    public List<Call> calls(String path) {
        return List.copyOf(calls.getOrDefault(path, List.of()));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    public static Reply json(int status, String body, String... headers) {
        return (vertx, request, answered) -> {
            var response = request.response().setStatusCode(status).putHeader("Content-Type", "application/json");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                response.putHeader(headers[i], headers[i + 1]);
            }
            answered.run();
            response.end(body);
        };
    }

    public static Reply raw(int status, String contentType, String body, String... headers) {
        return (vertx, request, answered) -> {
            var response = request.response().setStatusCode(status).putHeader("Content-Type", contentType);
            for (int i = 0; i + 1 < headers.length; i += 2) {
                response.putHeader(headers[i], headers[i + 1]);
            }
            answered.run();
            response.end(body);
        };
    }

    /** A JSON body of {@code bytes} bytes, streamed in chunks without a Content-Length. */
    public static Reply large(int bytes) {
        return (vertx, request, answered) -> {
            var response = request.response().setChunked(true).putHeader("Content-Type", "application/json");
            String chunk = "x".repeat(64 * 1024);
            response.write("{\"padding\":\"");
            int written = 0;
            while (written < bytes) {
                response.write(chunk);
                written += chunk.length();
            }
            answered.run();
            response.end("\"}");
        };
    }

    public static Reply delayed(Duration delay, Reply reply) {
        return (vertx, request, answered) ->
                vertx.setTimer(delay.toMillis(), id -> reply.answer(vertx, request, answered));
    }

    /** Never answers. */
    public static Reply hang() {
        return (vertx, request, answered) -> {};
    }

    /** The n-th call gets the n-th reply; later calls get the last. */
    public static Reply sequence(Reply... replies) {
        var count = new AtomicInteger();
        return (vertx, request, answered) ->
                replies[Math.min(count.getAndIncrement(), replies.length - 1)].answer(vertx, request, answered);
    }
}

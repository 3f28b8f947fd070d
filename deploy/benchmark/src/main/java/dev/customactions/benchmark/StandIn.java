package dev.customactions.benchmark;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The third party: HTTPS on 127.0.0.1 (certificate for 127.0.0.1), answering
 * {@code GET /orders/<id>.json} with a small order JSON whose id is {@code <id>}, after
 * {@link #delayMs} (at once when 0). HTTP/1.1, or HTTP/2 as well (ALPN) when asked to.
 */
public final class StandIn implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final int port;
    private final boolean quotedIds;
    /** How long each answer waits, in milliseconds; 0 answers at once. */
    public volatile int delayMs;
    /** Requests answered. */
    public final AtomicLong calls = new AtomicLong();
    /** TLS connections opened to the stand-in. */
    public final AtomicLong connections = new AtomicLong();

    /**
     * @param keyStore the stand-in's PKCS#12 key store ({@code tls/standin.p12})
     * @param quotedIds whether the order's {@code id} is a JSON string ({@code "1001"}) or a number
     *        ({@code 1001}); the name is {@code "#<id>"} either way
     */
    public StandIn(Path keyStore, boolean quotedIds) throws Exception {
        this(keyStore, quotedIds, false);
    }

    /**
     * @param http2 whether HTTP/2 is offered (ALPN) besides HTTP/1.1, as most APIs do, or HTTP/1.1 only
     */
    public StandIn(Path keyStore, boolean quotedIds, boolean http2) throws Exception {
        this.quotedIds = quotedIds;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var options = new HttpServerOptions()
                .setSsl(true)
                .setUseAlpn(http2)
                .setHost("127.0.0.1")
                .setPort(port)
                .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword("changeit"));
        // Two servers on the same port: Vert.x spreads the connections over two event loops.
        for (int i = 0; i < 2; i++) {
            vertx.createHttpServer(options)
                    .connectionHandler(connection -> connections.incrementAndGet())
                    .requestHandler(request -> {
                        calls.incrementAndGet();
                        String path = request.path();
                        String body =
                                order(path.substring(path.lastIndexOf('/') + 1).replace(".json", ""));
                        Runnable answer = () -> request.response()
                                .putHeader("Content-Type", "application/json")
                                .end(body);
                        int delay = delayMs;
                        if (delay > 0) {
                            vertx.setTimer(delay, timer -> answer.run());
                        } else {
                            answer.run();
                        }
                    })
                    .listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private String order(String id) {
        return "{\"order\":{\"id\":" + (quotedIds ? "\"" + id + "\"" : id) + ",\"name\":\"#" + id
                + "\",\"fulfillment_status\":\"shipped\",\"total_price\":\"52.50\"}}";
    }

    /** The executor's settings that let it call the stand-in: 127.0.0.1 allowed, its certificate trusted. */
    public static Map<String, String> executorEnv(Path trustStore) {
        return Map.of(
                "CUSTOMACTIONS_EXECUTOR_ALLOWED_DESTINATIONS",
                "127.0.0.1/32",
                "CUSTOMACTIONS_EXECUTOR_TRUST_STORE",
                trustStore.toString(),
                "CUSTOMACTIONS_EXECUTOR_TRUST_STORE_PASSWORD",
                "changeit");
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}

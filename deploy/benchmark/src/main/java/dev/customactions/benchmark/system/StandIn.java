package dev.customactions.benchmark.system;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;

/**
 * The third party: HTTPS on 127.0.0.1 (certificate for 127.0.0.1), answering
 * {@code GET /orders/<id>.json} at once with a small order JSON whose id is {@code <id>}.
 */
final class StandIn implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final int port;
    final AtomicLong calls = new AtomicLong();

    StandIn(Path keyStore) throws Exception {
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var options = new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(port)
                .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword("changeit"));
        // Two servers on the same port: Vert.x spreads the connections over two event loops.
        for (int i = 0; i < 2; i++) {
            vertx.createHttpServer(options).requestHandler(request -> {
                calls.incrementAndGet();
                String path = request.path();
                String id = path.substring(path.lastIndexOf('/') + 1).replace(".json", "");
                request.response().putHeader("Content-Type", "application/json")
                        .end("{\"order\":{\"id\":\"" + id + "\",\"name\":\"#" + id
                                + "\",\"fulfillment_status\":\"shipped\",\"total_price\":\"52.50\"}}");
            }).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}

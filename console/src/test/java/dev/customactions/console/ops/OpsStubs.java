package dev.customactions.console.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for the four services, each on its own local port: {@code /q/metrics} and
 * {@code /q/health/ready} answer what the test last put with {@code PUT /stub/metrics} and
 * {@code PUT /stub/health?status=N}; {@code GET /actions} answers 200 to {@code Bearer admin} and
 * {@code Bearer operator} with the list of {@link #WORKSPACE_ACTIONS}, 403 to {@code Bearer reader} and 401
 * otherwise; {@code GET /tokens/current} lists the operator scope for {@code Bearer operator} only. Controlled over
 * HTTP, so the test and the stubs share no object (they may live in different class loaders; the constants
 * are the same values in each).
 */
public class OpsStubs implements QuarkusTestResourceLifecycleManager {

    static final List<String> SERVICES = List.of("definitions", "gateway", "executor", "objects");

    /** The ids of the actions of {@code Bearer admin}'s workspace. */
    static final List<String> WORKSPACE_ACTIONS =
            List.of("0b6f5a2e-1c7d-4e0a-9f3b-2d8c4a6e1f01", "0b6f5a2e-1c7d-4e0a-9f3b-2d8c4a6e1f02");

    private final Map<String, HttpServer> servers = new HashMap<>();

    private static final class Stub {
        volatile String metrics = "";
        volatile int healthStatus = 200;
        volatile String health = "{\"status\":\"UP\",\"checks\":[]}";
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (String service : SERVICES) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                Stub stub = new Stub();
                server.createContext("/", exchange -> handle(stub, exchange));
                server.start();
                servers.put(service, server);
                config.put(
                        "customactions.console.services." + service,
                        "http://localhost:" + server.getAddress().getPort());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        config.put("quarkus.scheduler.enabled", "false");
        config.put("quarkus.http.test-port", "0");
        return config;
    }

    private static void handle(Stub stub, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if ("PUT".equals(method) && path.equals("/stub/metrics")) {
            stub.metrics = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            answer(exchange, 204, null, null);
        } else if ("PUT".equals(method) && path.equals("/stub/health")) {
            String query = exchange.getRequestURI().getQuery();
            stub.healthStatus = Integer.parseInt(query.substring(query.indexOf('=') + 1));
            stub.health = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            answer(exchange, 204, null, null);
        } else if (path.equals("/q/metrics")) {
            answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", stub.metrics);
        } else if (path.equals("/q/health/ready")) {
            answer(exchange, stub.healthStatus, "application/json", stub.health);
        } else if ("GET".equals(method) && path.equals("/actions")) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if ("Bearer admin".equals(authorization) || "Bearer operator".equals(authorization)) {
                StringBuilder list = new StringBuilder("{\"type\":\"list\",\"data\":[");
                for (int i = 0; i < WORKSPACE_ACTIONS.size(); i++) {
                    list.append(i == 0 ? "" : ",")
                            .append("{\"type\":\"action\",\"id\":\"")
                            .append(WORKSPACE_ACTIONS.get(i))
                            .append("\",\"name\":\"Action ")
                            .append(i + 1)
                            .append("\",\"state\":\"live\"}");
                }
                answer(exchange, 200, "application/json", list.append("]}").toString());
            } else if ("Bearer reader".equals(authorization)) {
                answer(exchange, 403, "application/json", "{\"type\":\"error.list\",\"errors\":[]}");
            } else {
                answer(exchange, 401, "application/json", "{\"type\":\"error.list\",\"errors\":[]}");
            }
        } else if ("GET".equals(method) && path.equals("/tokens/current")) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String scopes = "Bearer operator".equals(authorization)
                    ? "[\"admin\",\"channel_events\",\"objects_read\",\"objects_write\",\"operator\"]"
                    : "[\"admin\",\"channel_events\",\"objects_read\",\"objects_write\"]";
            answer(exchange, 200, "application/json", "{\"type\":\"token_scopes\",\"scopes\":" + scopes + "}");
        } else {
            answer(exchange, 404, null, null);
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        servers.values().forEach(server -> server.stop(0));
    }
}

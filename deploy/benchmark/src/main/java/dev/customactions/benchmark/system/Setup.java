package dev.customactions.benchmark.system;

import dev.customactions.benchmark.ResultsReader;
import dev.customactions.localstack.Launcher;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's workspaces, set up through the platform's public APIs: each with its admin token, a
 * conversation attribute, an {@code Order} type, a live action GETting an order from the stand-in and a
 * trigger on every new message; and the probe that checks an event goes through end to end.
 */
final class Setup {

    private static final String DEFINITIONS = Launcher.url("definitions-service");
    private static final String EXECUTOR = Launcher.url("executor-service");
    private static final String OBJECTS = Launcher.url("objects-service");
    /** How long a new workspace's token may take to be accepted by every service. */
    private static final int TOKEN_ACCEPTED_WITHIN_SECONDS = 60;
    /** How long the probe events may take to come through end to end. */
    private static final int PROBE_WITHIN_SECONDS = 120;

    /** A workspace of the benchmark: its admin token and its id. */
    record Workspace(String admin, String id) {}

    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String bootstrapToken;
    private final int standInPort;

    /**
     * @param bootstrapToken the admin token of the platform's first workspace, which may create others
     * @param standInPort the port of the HTTPS stand-in the actions GET their orders from
     */
    Setup(String bootstrapToken, int standInPort) {
        this.bootstrapToken = bootstrapToken;
        this.standInPort = standInPort;
    }

    /** The URL the action GETs an order from, the stand-in's {@code port} given as text. */
    static String orderUrl(String port) {
        return "https://127.0.0.1:" + port + "/orders/{{order_id}}.json";
    }

    /** A new workspace named {@code name}, set up as every workspace of the benchmark (see {@link #setUp}). */
    Workspace newWorkspace(String name) throws Exception {
        String admin = newWorkspaceAdmin(name);
        String id = new JsonObject(call("GET", DEFINITIONS + "/workspaces/current", admin, null, 200)).getString("id");
        setUp(admin);
        return new Workspace(admin, id);
    }

    private String newWorkspaceAdmin(String name) throws Exception {
        var created = new JsonObject(call(
                "POST",
                DEFINITIONS + "/workspaces",
                bootstrapToken,
                new JsonObject().put("name", name).encode(),
                201));
        String token = created.getJsonObject("admin_token").getString("token");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TOKEN_ACCEPTED_WITHIN_SECONDS);
        for (String url : List.of(
                DEFINITIONS + "/workspaces/current", EXECUTOR + "/runs", OBJECTS + "/data_attributes?model=contact")) {
            while (status("GET", url, token) != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The new workspace's token is not accepted at " + url);
                }
                Thread.sleep(200);
            }
        }
        return token;
    }

    /** The data model, the action (published) and the trigger. */
    private void setUp(String admin) throws Exception {
        call(
                "POST",
                OBJECTS + "/data_attributes",
                admin,
                new JsonObject()
                        .put("name", "order_status")
                        .put("model", "conversation")
                        .put("data_type", "string")
                        .put("description", "Status of the last order asked about")
                        .put("messenger_writable", true)
                        .encode(),
                201);
        call(
                "POST",
                OBJECTS + "/custom_object_types",
                admin,
                new JsonObject()
                        .put("identifier", "Order")
                        .put("name", "Order")
                        .put(
                                "attributes",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "status")
                                                .put("data_type", "string"))
                                        .add(new JsonObject()
                                                .put("name", "total_price")
                                                .put("data_type", "decimal")))
                        .encode(),
                201);
        String action = """
                {"name": "Get order", "description": "Fetch an order by its number", "http_method": "get",
                 "url": "%s",
                 "data_inputs": [{"name": "order_id", "type": "string", "required": true}],
                 "response_fields": [
                   {"name": "fulfillment_status", "path": "$.order.fulfillment_status", "type": "string"},
                   {"name": "order_number", "path": "$.order.id", "type": "string"},
                   {"name": "total_price", "path": "$.order.total_price", "type": "decimal"}],
                 "object_mappings": [
                   {"target": "conversation", "attributes": {"order_status": "fulfillment_status"}},
                   {"target": "custom_object", "object_type": "Order", "external_id_output": "order_number",
                    "attributes": {"status": "fulfillment_status", "total_price": "total_price"},
                    "references": ["conversation"]}],
                 "timeout_ms": 10000}""".formatted(orderUrl(String.valueOf(standInPort)));
        String actionId = new JsonObject(call("POST", DEFINITIONS + "/actions", admin, action, 201)).getString("id");
        call("POST", DEFINITIONS + "/actions/" + actionId + "/publish", admin, null, 200);
        call(
                "POST",
                DEFINITIONS + "/triggers",
                admin,
                new JsonObject()
                        .put("name", "Every message")
                        .put("action_id", actionId)
                        .put("event_kinds", new JsonArray().add("new_message"))
                        .put("input_bindings", new JsonObject().put("order_id", "{{event.body}}"))
                        .put("enabled", true)
                        .encode(),
                201);
    }

    /** Sends probe events until one comes back as a successful result whose write is in PostgreSQL. */
    void probe(HttpClient client, Workspace workspace, ResultsReader<Step> reader, Connection objects)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROBE_WITHIN_SECONDS);
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            String eventId = "evt_probe_" + attempt;
            int answer = client.request(Load.notifyNewMessage(workspace.admin()))
                    .compose(request -> request.send(Buffer.buffer(Load.event(eventId, "probe", 1001))))
                    .map(response -> response.statusCode())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            JsonObject result = answer == 200 ? reader.awaitProbe(eventId, TimeUnit.SECONDS.toNanos(3)) : null;
            if (result != null) {
                for (int i = 0; i < 100; i++) {
                    try (var statement = objects.prepareStatement(
                            "SELECT outcome FROM applied_run WHERE workspace_id = ? AND run_id = ?")) {
                        statement.setString(1, workspace.id());
                        statement.setString(2, result.getString("run_id"));
                        try (ResultSet row = statement.executeQuery()) {
                            if (row.next()) {
                                System.out.println("==> End to end works: " + result.encode() + " -> applied_run "
                                        + row.getString(1));
                                return;
                            }
                        }
                    }
                    Thread.sleep(100);
                }
                throw new IllegalStateException("The probe's result was not applied: " + result.encode());
            }
            if (answer != 200) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("No result for the probe events within " + PROBE_WITHIN_SECONDS + " s");
    }

    private String call(String method, String url, String token, String body, int expected) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private int status(String method, String url, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

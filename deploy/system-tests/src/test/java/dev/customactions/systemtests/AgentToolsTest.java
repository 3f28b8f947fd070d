package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.DEFINITIONS;
import static dev.customactions.systemtests.Platform.EXECUTOR;
import static dev.customactions.systemtests.Platform.GATEWAY;
import static dev.customactions.systemtests.Platform.OBJECTS;
import static dev.customactions.systemtests.Story.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.testing.StandIn;
import dev.customactions.localstack.Launcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Live actions as tools of the platform's MCP server, used by a real MCP client: the official TypeScript
 * SDK's (driven through {@code console/web/e2e/mcp-client.mjs} by the machine's Node.js), against the
 * launched platform and a local HTTPS stand-in for the shop.
 */
@ExtendWith(Platform.class)
class AgentToolsTest {

    static final String ORDER = """
            {"order": {"id": 1001, "fulfillment_status": "shipped", "total_price": "52.50"}}""";

    @Test
    void anAgentListsAndCallsTheLiveActionsItMay() throws Exception {
        String admin = Platform.newWorkspaceAdmin("Agents " + UUID.randomUUID());
        check(
                Http.post(
                        OBJECTS + "/data_attributes",
                        admin,
                        Map.of(
                                "name", "last_order_status",
                                "model", "conversation",
                                "data_type", "string",
                                "messenger_writable", false,
                                "action_writable", true)),
                201);
        try (var shop = StandIn.start();
                var client = McpClient.start()) {
            shop.on("/admin/api/orders/1001.json", StandIn.json(200, ORDER));
            shop.on("/admin/api/orders/500.json", StandIn.json(500, "{\"errors\": \"Internal Server Error\"}"));
            var definition = Map.of(
                    "name",
                    "Get order",
                    "description",
                    "Fetch an order of the shop by its number",
                    "http_method",
                    "get",
                    "url",
                    shop.url("127.0.0.1", "/admin/api/orders/{{order_id}}.json"),
                    "data_inputs",
                    List.of(Map.of(
                            "name",
                            "order_id",
                            "type",
                            "integer",
                            "required",
                            true,
                            "description",
                            "The order number")),
                    "response_fields",
                    List.of(
                            Map.of("name", "status", "path", "$.order.fulfillment_status", "type", "string"),
                            Map.of("name", "total", "path", "$.order.total_price", "type", "decimal")),
                    "object_mappings",
                    List.of(Map.of("target", "conversation", "attributes", Map.of("last_order_status", "status"))),
                    "timeout_ms",
                    5000);
            String action = check(Http.post(DEFINITIONS + "/actions", admin, definition), 201)
                    .at("/id")
                    .asText();
            // At the console's origin, as the tokens page tells agents; another workspace's agent comes directly.
            String mcp = Launcher.url("console") + "/mcp";
            String agent = agentToken(admin);

            // Refused without a token, or with one of another scope: no tool list.
            JsonNode anonymous = client.send(Map.of("op", "connect", "id", "anonymous", "url", mcp, "token", "none"));
            assertTrue(anonymous.has("error"), anonymous.toString());
            String reader = check(
                            Http.post(
                                    DEFINITIONS + "/tokens",
                                    admin,
                                    Map.of("name", "reader", "scopes", List.of("objects_read"))),
                            201)
                    .at("/token")
                    .asText();
            JsonNode wrongScope = client.send(Map.of("op", "connect", "id", "reader", "url", mcp, "token", reader));
            assertTrue(wrongScope.has("error"), wrongScope.toString());

            JsonNode connected = client.send(Map.of("op", "connect", "id", "agent", "url", mcp, "token", agent));
            assertFalse(connected.has("error"), connected.toString());
            assertEquals("2025-11-25", connected.get("protocol_version").asText());
            assertEquals(
                    0,
                    client.send(Map.of("op", "list", "id", "agent"))
                            .get("tools")
                            .size(),
                    "a draft is no tool");

            // Published and made available to agents: the client hears the list changed.
            check(Http.post(DEFINITIONS + "/actions/" + action + "/publish", admin, null), 200);
            check(
                    Http.send(
                            "PUT",
                            DEFINITIONS + "/actions/" + action + "/agent_access",
                            admin,
                            Map.of("available", true)),
                    200);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> client.send(Map.of("op", "changes", "id", "agent"))
                                    .get("count")
                                    .asInt()
                            > 0);
            JsonNode tools = client.send(Map.of("op", "list", "id", "agent")).get("tools");
            assertEquals(1, tools.size(), tools.toString());
            JsonNode tool = tools.get(0);
            assertEquals("get_order", tool.get("name").asText());
            assertEquals(
                    "Fetch an order of the shop by its number",
                    tool.get("description").asText());
            // The 64-bit bounds as JavaScript reads them (doubles); the Java client's test sees them exact.
            assertEquals(Http.JSON.readTree("""
                            {"type": "object", "properties": {"order_id": {"type": "integer",
                             "minimum": -9223372036854776000, "maximum": 9223372036854776000,
                             "description": "The order number"}},
                             "required": ["order_id"], "additionalProperties": false}"""), tool.get("inputSchema"));
            assertEquals(Http.JSON.readTree("""
                            {"type": "object", "properties": {"status": {"type": ["string", "null"]},
                             "total": {"type": ["number", "null"]}}}"""), tool.get("outputSchema"));

            // A call for a conversation: the outputs come back and are written to it, as a triggered run's are.
            String conversation = check(
                            Http.post(
                                    GATEWAY + "/custom_channel_events/notify_new_conversation",
                                    admin,
                                    Map.of(
                                            "event_id",
                                            "evt_" + UUID.randomUUID(),
                                            "external_conversation_id",
                                            "conv_agent",
                                            "contact",
                                            Map.of(
                                                    "type",
                                                    "user",
                                                    "external_id",
                                                    "user_agent",
                                                    "name",
                                                    "Ada",
                                                    "email",
                                                    "ada@example.com"))),
                            200)
                    .at("/conversation_id")
                    .asText();
            JsonNode called = client.send(Map.of(
                    "op", "call",
                    "id", "agent",
                    "name", "get_order",
                    "arguments", Map.of("order_id", 1001),
                    "meta", Map.of("conversation_id", conversation)));
            assertFalse(called.path("isError").asBoolean(false), called.toString());
            assertEquals(
                    Http.JSON.readTree("{\"status\": \"shipped\", \"total\": 52.50}"), called.get("structuredContent"));
            String runId = called.at("/_meta/run_id").asText();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "shipped"
                    .equals(Http.get(OBJECTS + "/conversations/" + conversation, admin)
                            .at("/custom_attributes/last_order_status")
                            .asText()));
            Http.Answer run = check(Http.get(EXECUTOR + "/runs/" + runId, admin), 200);
            assertEquals("agent", run.at("/mode").asText());
            String caller = run.at("/about/requested_by").asText();
            assertTrue(
                    check(Http.get(DEFINITIONS + "/tokens", admin), 200)
                            .at("/data")
                            .findValuesAsText("id")
                            .contains(caller),
                    "the run names the calling token: " + run);

            // A failing call is a tool error with the run's error type; a wrongly typed one runs nothing.
            JsonNode failed = client.send(
                    Map.of("op", "call", "id", "agent", "name", "get_order", "arguments", Map.of("order_id", 500)));
            assertTrue(failed.path("isError").asBoolean(), failed.toString());
            assertTrue(failed.at("/content/0/text").asText().contains("http_error"), failed.toString());
            JsonNode wrong = client.send(
                    Map.of("op", "call", "id", "agent", "name", "get_order", "arguments", Map.of("order_id", "1001")));
            assertTrue(wrong.path("isError").asBoolean(), wrong.toString());
            assertTrue(wrong.at("/content/0/text").asText().contains("inputs.order_id"), wrong.toString());

            // Another workspace's agent sees none of these tools and can't call them.
            String stranger = Platform.newWorkspaceAdmin("Strangers " + UUID.randomUUID());
            assertFalse(client.send(Map.of(
                            "op",
                            "connect",
                            "id",
                            "stranger",
                            "url",
                            DEFINITIONS + "/mcp",
                            "token",
                            agentToken(stranger)))
                    .has("error"));
            assertEquals(
                    0,
                    client.send(Map.of("op", "list", "id", "stranger"))
                            .get("tools")
                            .size());
            JsonNode foreign = client.send(
                    Map.of("op", "call", "id", "stranger", "name", "get_order", "arguments", Map.of("order_id", 1001)));
            assertTrue(foreign.has("error") || foreign.path("isError").asBoolean(), foreign.toString());

            // Moved back to draft: the tool is gone, and the client hears it.
            int heard = client.send(Map.of("op", "changes", "id", "agent"))
                    .get("count")
                    .asInt();
            check(Http.post(DEFINITIONS + "/actions/" + action + "/draft", admin, null), 200);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> client.send(Map.of("op", "changes", "id", "agent"))
                                    .get("count")
                                    .asInt()
                            > heard);
            assertEquals(
                    0,
                    client.send(Map.of("op", "list", "id", "agent"))
                            .get("tools")
                            .size());
        }
    }

    /** A new token of {@code admin}'s workspace with the agent scope, once the definitions service accepts it. */
    static String agentToken(String admin) {
        String token = check(
                        Http.post(
                                DEFINITIONS + "/tokens",
                                admin,
                                Map.of("name", "agent " + UUID.randomUUID(), "scopes", List.of("agent"))),
                        201)
                .at("/token")
                .asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> Http.get(DEFINITIONS + "/mcp", token).status() != 401);
        return token;
    }

    /** The TypeScript SDK's client in a Node process, one JSON command and answer per line. */
    static final class McpClient implements AutoCloseable {

        private final Process node;
        private final Writer commands;
        private final BufferedReader answers;

        private McpClient(Process node) {
            this.node = node;
            this.commands = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
            this.answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        }

        static McpClient start() throws IOException {
            return new McpClient(Platform.node("e2e/mcp-client.mjs"));
        }

        synchronized JsonNode send(Map<String, Object> command) throws IOException {
            commands.write(Http.JSON.writeValueAsString(command) + "\n");
            commands.flush();
            String line = answers.readLine();
            if (line == null) {
                throw new IOException("The MCP client ended");
            }
            return Http.JSON.readTree(line);
        }

        @Override
        public void close() throws IOException {
            commands.close();
            try {
                if (!node.waitFor(10, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            } catch (InterruptedException e) {
                node.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

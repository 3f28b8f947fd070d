package dev.customactions.definitions.agent;

import static dev.customactions.definitions.Admins.newAcceptedAdmin;
import static dev.customactions.definitions.Seeds.getOrder;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TopicTail;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MCP server with the official Java SDK's client: refused without a token or the agent scope (as the
 * MCP authorization rules say), the workspace's agent tools listed with their schemas, the list's changes
 * announced, a wrongly typed call refused naming the input, and a call answered with the run's outputs.
 * The executor's side of a call is played here by answering the invocation on {@code action.test-results};
 * the whole way, with the TypeScript SDK's client, is in the system tests.
 */
@QuarkusTest
class McpServerTest {

    @TestHTTPResource("/mcp")
    URI endpoint;

    @Inject
    ObjectMapper mapper;

    String admin;
    String action;

    @BeforeEach
    void action() {
        admin = newAcceptedAdmin("Agents " + UUID.randomUUID());
        action = send("POST", "/actions", getOrder("Get order"))
                .statusCode(201)
                .extract()
                .path("id");
    }

    io.restassured.response.ValidatableResponse send(String method, String path, Object body) {
        var request = given().auth().oauth2(admin).contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        return request.request(method, path).then();
    }

    String token(String... scopes) {
        String token = send("POST", "/tokens", Map.of("name", "agent " + UUID.randomUUID(), "scopes", scopes))
                .statusCode(201)
                .extract()
                .path("token");
        // Accepted once its grant travelled through auth.tokens: then /mcp stops answering 401.
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> given().auth().oauth2(token).get("/mcp").statusCode() != 401);
        return token;
    }

    McpSyncClient client(String token, List<List<McpSchema.Tool>> changes) {
        var transport = HttpClientStreamableHttpTransport.builder(
                        endpoint.resolve("/").toString())
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .toolsChangeConsumer(changes::add)
                .build();
        client.initialize();
        return client;
    }

    @Test
    void noTokenOrAWrongScopeGetsNoToolList() {
        String initialize = """
                {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18",
                 "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}""";
        given().contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body(initialize)
                .post("/mcp")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("errors[0].code", equalTo("unauthorized"));
        given().auth()
                .oauth2("cat_not_a_token")
                .contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body(initialize)
                .post("/mcp")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"));
        given().auth()
                .oauth2(token("objects_read"))
                .contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body(initialize)
                .post("/mcp")
                .then()
                .statusCode(403)
                .header("WWW-Authenticate", containsString("scope=\"agent\""));
        given().auth()
                .oauth2(admin)
                .header("Origin", "https://evil.example")
                .contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body(initialize)
                .post("/mcp")
                .then()
                .statusCode(403)
                .body("errors[0].message", containsString("Origin"));
    }

    @Test
    void toolsAreTheActionsAvailableToAgentsAndCallsRunThem() throws Exception {
        var changes = new CopyOnWriteArrayList<List<McpSchema.Tool>>();
        try (McpSyncClient client = client(token("agent"), changes);
                var invocations = TopicTail.of(bootstrapServers(), Topics.ACTION_INVOCATIONS);
                var producer = producer()) {
            assertTrue(client.listTools().tools().isEmpty(), "a draft is no tool");
            send("POST", "/actions/" + action + "/publish", null).statusCode(200);
            assertTrue(client.listTools().tools().isEmpty(), "a live action is no tool until an admin says so");

            send("PUT", "/actions/" + action + "/agent_access", Map.of("available", true))
                    .statusCode(200);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> changes.stream()
                    .anyMatch(tools -> !tools.isEmpty()));
            McpSchema.Tool tool = client.listTools().tools().get(0);
            assertEquals("get_order", tool.name());
            assertEquals("Fetch a Shopify order", tool.description());
            assertEquals(mapper.readTree("""
                            {"type": "object", "properties": {"order_id": {"type": "integer",
                             "minimum": -9223372036854775808, "maximum": 9223372036854775807}},
                             "required": ["order_id"], "additionalProperties": false}"""), mapper.valueToTree(tool.inputSchema()));
            assertEquals(mapper.readTree("""
                            {"type": "object", "properties": {
                             "fulfillment_status": {"type": ["string", "null"]},
                             "order_id": {"type": ["integer", "null"], "minimum": -9223372036854775808,
                                          "maximum": 9223372036854775807}}}"""), mapper.valueToTree(tool.outputSchema()));

            var wrong = client.callTool(McpSchema.CallToolRequest.builder("get_order")
                    .arguments(Map.of("order_id", "12"))
                    .build());
            assertTrue(wrong.isError());
            assertTrue(text(wrong).contains("inputs.order_id must be a integer"), text(wrong));

            // The executor's part: answer the agent's invocation as it would.
            var executor = java.util.concurrent.CompletableFuture.runAsync(() -> {
                var record = invocations.awaitRecord(
                        Duration.ofSeconds(30), r -> r.value().contains("\"agent\""));
                try {
                    JsonNode invocation = mapper.readTree(record.value());
                    ObjectNode result = mapper.createObjectNode()
                            .put("run_id", "run-1")
                            .put(
                                    "invocation_id",
                                    invocation.get("invocation_id").asText())
                            .put("mode", "agent")
                            .put("status", "success")
                            .put("found", true)
                            .put("http_status", 200);
                    result.putObject("outputs")
                            .put("fulfillment_status", "fulfilled")
                            .put("order_id", invocation.at("/inputs/order_id").asLong());
                    assertEquals(action, invocation.get("action_id").asText());
                    assertEquals("conv-7", invocation.get("conversation_id").asText());
                    assertFalse(invocation.get("requested_by").asText().isEmpty());
                    producer.send(new ProducerRecord<>(Topics.ACTION_TEST_RESULTS, "k", result.toString()))
                            .get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            var answer = client.callTool(McpSchema.CallToolRequest.builder("get_order")
                    .arguments(Map.of("order_id", 1001))
                    .meta(Map.of("conversation_id", "conv-7"))
                    .build());
            executor.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(answer.isError() != null && answer.isError(), text(answer));
            assertEquals(Map.of("fulfillment_status", "fulfilled", "order_id", 1001), answer.structuredContent());

            int before = changes.size();
            send("POST", "/actions/" + action + "/draft", null).statusCode(200);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> changes.size() > before
                            && changes.get(changes.size() - 1).isEmpty());
        }
        // Another workspace's agent sees none of these tools.
        admin = newAcceptedAdmin("Strangers " + UUID.randomUUID());
        try (McpSyncClient stranger = client(token("agent"), new CopyOnWriteArrayList<>())) {
            assertTrue(stranger.listTools().tools().isEmpty());
        }
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .map(content -> ((McpSchema.TextContent) content).text())
                .reduce("", String::concat);
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }
}

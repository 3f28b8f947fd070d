package dev.customactions.definitions.action;

import static dev.customactions.definitions.Admins.newAcceptedAdmin;
import static dev.customactions.definitions.Seeds.getOrder;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.ActionDefinition;
import dev.customactions.action.ActionDefinition.DataInput;
import dev.customactions.action.ActionDefinition.KeyValue;
import dev.customactions.action.ActionDefinition.ObjectMapping;
import dev.customactions.action.ActionDefinition.ResponseField;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.definitions.event.ActionInvocationRequested;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Test runs and on-demand runs as far as this service takes them: inputs checked strictly, each
 * mistake named; the invocation published in its contract's shape. The executor's answer to a
 * test run is covered end to end by the system test in deploy/.
 */
@QuarkusTest
class ActionInvocationTest {

    static final Path CONTRACT = Path.of("src/test/resources/contracts/action-invocation.json");

    @Inject
    ObjectMapper mapper;

    String admin;
    String action;

    @BeforeEach
    void action() {
        admin = newAcceptedAdmin("Invocations " + UUID.randomUUID());
        var body = getOrder("Get order");
        body.put(
                "data_inputs",
                List.of(
                        Map.of("name", "order_id", "type", "integer", "required", true),
                        Map.of("name", "gift", "type", "boolean", "required", false)));
        action = send("POST", "/actions", body).statusCode(201).extract().path("id");
    }

    ValidatableResponse send(String method, String path, Object body) {
        var request = given().auth().oauth2(admin).contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        return request.request(method, path).then();
    }

    static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    @Test
    void inputsAreCheckedStrictlyBeforeAnythingRuns() {
        send("POST", "/actions/" + action + "/test", Map.of("inputs", Map.of("order_id", 3.0)))
                .statusCode(400)
                .body("errors[0].field", equalTo("inputs.order_id"))
                .body(
                        "errors[0].message",
                        equalTo("inputs.order_id must be a integer (strictly: 3.0 is not an integer, "
                                + "\"true\" is not a boolean)"));
        send("POST", "/actions/" + action + "/test", Map.of("inputs", Map.of("order_id", 1, "gift", "true")))
                .statusCode(400)
                .body("errors[0].field", equalTo("inputs.gift"));
        send("POST", "/actions/" + action + "/test", Map.of())
                .statusCode(400)
                .body("errors[0].code", equalTo("parameter_not_found"))
                .body("errors[0].field", equalTo("inputs.order_id"));
        send(
                        "POST",
                        "/actions/" + action + "/test",
                        Map.of(
                                "inputs",
                                Map.of("order_id", 1, "size", 9),
                                "context",
                                Map.of("contact.shoe", "x", "contact.email", 5)))
                .statusCode(400)
                .body(
                        "errors.field",
                        containsInAnyOrder("inputs.size", "context.contact.shoe", "context.contact.email"));
        send("POST", "/actions/" + UUID.randomUUID() + "/test", Map.of()).statusCode(404);
        String stranger = newAcceptedAdmin("Stranger " + UUID.randomUUID());
        given().auth()
                .oauth2(stranger)
                .contentType(ContentType.JSON)
                .body(Map.of("inputs", Map.of("order_id", 1)))
                .post("/actions/" + action + "/test")
                .then()
                .statusCode(404);
    }

    @Test
    void onlyALiveActionRunsOnDemandAndTheRequestGoesToTheExecutor() throws Exception {
        send("POST", "/actions/" + action + "/invocations", Map.of("inputs", Map.of("order_id", 1)))
                .statusCode(409)
                .body("errors[0].field", equalTo("state"));
        send("POST", "/actions/" + action + "/publish", null).statusCode(200);
        send(
                        "POST",
                        "/actions/" + action + "/invocations",
                        Map.of("inputs", Map.of("order_id", 1), "mock_response", Map.of()))
                .statusCode(400)
                .body("errors[0].field", equalTo("mock_response"));
        try (var invocations = TopicTail.of(bootstrapServers(), Topics.ACTION_INVOCATIONS)) {
            String invocationId = send(
                            "POST",
                            "/actions/" + action + "/invocations",
                            Map.of(
                                    "inputs",
                                    Map.of("order_id", 1001),
                                    "conversation_id",
                                    "conv-1",
                                    "context",
                                    Map.of("contact.email", "jane@example.com")))
                    .statusCode(202)
                    .body("type", equalTo("action_invocation"))
                    .body("status", equalTo("queued"))
                    .body("action_version", equalTo(1))
                    .extract()
                    .path("invocation_id");
            var record = invocations.awaitRecord(
                    Duration.ofSeconds(20), r -> invocationId.equals(TopicTail.header(r, "ce_id")));
            JsonNode invocation = mapper.readTree(record.value());
            assertEquals("live", invocation.get("mode").asText());
            assertEquals(action, invocation.get("action_id").asText());
            assertEquals(1001, invocation.at("/inputs/order_id").asInt());
            assertEquals(
                    "jane@example.com", invocation.at("/context/contact.email").asText());
            assertEquals(true, invocation.get("definition").isNull(), "a live run uses the version the executor knows");
            assertEquals(invocation.get("workspace_id").asText() + ":conv-1", record.key());
            assertEquals(ActionInvocationRequested.TYPE, TopicTail.header(record, "ce_type"));
        }
    }

    @Test
    void theInvocationRecordKeepsItsContract() throws Exception {
        var definition = new ActionDefinition(
                "Fetch a Shopify order",
                "get",
                "https://shop.example.com/admin/orders/{{order_id}}.json",
                List.of(),
                List.of(new KeyValue("X-Customer", "{{contact.email}}")),
                null,
                List.of(new DataInput("order_id", "integer", true, null, "The order number")),
                List.of(new ResponseField("fulfillment_status", "$.order.fulfillment_status", "string", false)),
                List.of(new ObjectMapping(
                        "conversation", null, null, Map.of("order_status", "fulfillment_status"), null)),
                null,
                10_000,
                null,
                null);
        var invocation = new ActionInvocationRequested(
                "5b0e7f3a-9c2d-4e1f-8a6b-3d4c5e6f7a80",
                "0b6f8c52-5d1e-4a8b-9c3f-2e7d1a4b6c80",
                "test",
                "3c9e1f7a-2b4d-4e6f-8a1c-5d7e9f0b2c4a",
                "Get Shopify order",
                null,
                definition,
                Map.of("order_id", mapper.readTree("1001")),
                Map.of("contact.email", mapper.readTree("\"jane@example.com\"")),
                null,
                null,
                mapper.readTree("{\"order\": {\"id\": 1001, \"fulfillment_status\": \"shipped\"}}"),
                Instant.parse("2026-11-21T10:15:30.123Z"),
                null);
        assertEquals(
                mapper.readTree(Files.readString(CONTRACT)), mapper.readTree(mapper.writeValueAsString(invocation)));
    }
}

package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.DEFINITIONS;
import static dev.customactions.systemtests.Platform.EXECUTOR;
import static dev.customactions.systemtests.Platform.GATEWAY;
import static dev.customactions.systemtests.Platform.OBJECTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TopicTail;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's story (intercom-custom-actions-setup) on the whole platform, through its public HTTP
 * APIs and topics only: an admin defines the data model, a connection and "Get order", tests it,
 * publishes it and binds it to the order number a customer gives; the customer's events then bring
 * the order's status onto the conversation and an Order instance beside it. Then the shop's
 * failures: each gives its failure result and stores nothing.
 */
@ExtendWith(Platform.class)
class SeedStoryTest {

    static final String ORDER = """
            {"order": {"id": 1001, "name": "#1001", "fulfillment_status": "shipped", "total_price": "52.50",
                       "customer": {"email": "jane@example.com"}}}""";

    static StandIn shop;

    @BeforeAll
    static void shop() {
        shop = StandIn.start();
        shop.on("/admin/api/orders/1001.json", StandIn.json(200, ORDER));
        shop.on("/admin/api/orders/404.json", StandIn.json(404, "{\"errors\": \"Not Found\"}"));
        shop.on("/admin/api/orders/500.json", StandIn.json(500, "{\"errors\": \"Internal Server Error\"}"));
        shop.on("/admin/api/orders/slow.json", StandIn.delayed(Duration.ofSeconds(5), StandIn.json(200, ORDER)));
        shop.on("/admin/api/orders/html.json", StandIn.raw(200, "text/html", "<html><body>Maintenance</body></html>"));
        shop.on("/admin/api/orders/big.json", StandIn.large(3 << 20));
    }

    @AfterAll
    static void closeShop() {
        shop.close();
    }

    static Http.Answer expect(int status, Http.Answer answer) {
        assertEquals(status, answer.status(), answer.toString());
        return answer;
    }

    static Map<String, Object> getOrder(String url, String connectionId, Map<String, Object> conversationAttributes) {
        return Map.of(
                "name",
                "Get order",
                "description",
                "Fetch a Shopify order by its number",
                "http_method",
                "get",
                "url",
                url,
                "data_inputs",
                List.of(Map.of("name", "order_id", "type", "string", "required", true)),
                "response_fields",
                List.of(
                        Map.of("name", "fulfillment_status", "path", "$.order.fulfillment_status", "type", "string"),
                        Map.of("name", "order_number", "path", "$.order.id", "type", "string"),
                        Map.of("name", "total_price", "path", "$.order.total_price", "type", "decimal")),
                "object_mappings",
                List.of(
                        Map.of("target", "conversation", "attributes", conversationAttributes),
                        Map.of(
                                "target",
                                "custom_object",
                                "object_type",
                                "Order",
                                "external_id_output",
                                "order_number",
                                "attributes",
                                Map.of("status", "fulfillment_status", "total_price", "total_price"),
                                "references",
                                List.of("contact", "conversation"))),
                "connection_id",
                connectionId,
                "timeout_ms",
                2000);
    }

    @Test
    void anOrderNumberGivenInTheConversationBringsTheOrderIntoTheWorkspace() throws Exception {
        String admin = Platform.newWorkspaceAdmin("Seed story " + UUID.randomUUID());

        // The data model (objects service).
        expect(
                201,
                Http.post(
                        OBJECTS + "/data_attributes",
                        admin,
                        Map.of(
                                "name",
                                "shopify_order_fulfillment_status",
                                "model",
                                "conversation",
                                "data_type",
                                "string",
                                "description",
                                "Status of the order asked about",
                                "messenger_writable",
                                true)));
        // A protected attribute (the user's id in the shop): set by admins only, never by an action.
        expect(
                201,
                Http.post(
                        OBJECTS + "/data_attributes",
                        admin,
                        Map.of(
                                "name",
                                "user_shopify_id",
                                "model",
                                "contact",
                                "data_type",
                                "string",
                                "description",
                                "The user's id in the shop",
                                "messenger_writable",
                                false)));
        expect(
                201,
                Http.post(
                        OBJECTS + "/data_attributes",
                        admin,
                        Map.of(
                                "name",
                                "order_number",
                                "model",
                                "conversation",
                                "data_type",
                                "string",
                                "description",
                                "The order number the customer gave",
                                "messenger_writable",
                                true)));
        expect(
                201,
                Http.post(
                        OBJECTS + "/custom_object_types",
                        admin,
                        Map.of(
                                "identifier",
                                "Order",
                                "name",
                                "Order",
                                "attributes",
                                List.of(
                                        Map.of("name", "status", "data_type", "string"),
                                        Map.of("name", "total_price", "data_type", "float")))));

        // The connection and the action (definitions service); mappings are checked against the data model.
        String connection = expect(
                        201,
                        Http.post(
                                DEFINITIONS + "/connections",
                                admin,
                                Map.of(
                                        "name",
                                        "Shopify",
                                        "auth_type",
                                        "bearer",
                                        "allowed_hosts",
                                        List.of("127.0.0.1"),
                                        "token",
                                        "shpat_system_test_secret")))
                .at("/id")
                .asText();
        String url = shop.url("127.0.0.1", "/admin/api/orders/{{order_id}}.json");
        Http.Answer unknownTarget = expect(
                400,
                Http.post(
                        DEFINITIONS + "/actions",
                        admin,
                        getOrder(url, connection, Map.of("shopify_order_status", "fulfillment_status"))));
        assertEquals(
                "object_mappings[0].attributes.shopify_order_status",
                unknownTarget.at("/errors/0/field").asText());
        Map<String, Object> identity = new HashMap<>(
                getOrder(url, connection, Map.of("shopify_order_fulfillment_status", "fulfillment_status")));
        identity.put(
                "object_mappings",
                List.of(Map.of("target", "contact", "attributes", Map.of("user_shopify_id", "order_number"))));
        Http.Answer protectedTarget = expect(400, Http.post(DEFINITIONS + "/actions", admin, identity));
        assertEquals(
                "object_mappings[0].attributes.user_shopify_id",
                protectedTarget.at("/errors/0/field").asText());
        String action = expect(
                        201,
                        Http.post(
                                DEFINITIONS + "/actions",
                                admin,
                                getOrder(
                                        url,
                                        connection,
                                        Map.of("shopify_order_fulfillment_status", "fulfillment_status"))))
                .at("/id")
                .asText();

        // Test it for real: the answer shows the request (credentials masked), response, outputs and writes.
        Http.Answer tested = expect(
                200,
                Http.post(
                        DEFINITIONS + "/actions/" + action + "/test",
                        admin,
                        Map.of("inputs", Map.of("order_id", "1001"))));
        assertEquals("success", tested.at("/status").asText(), tested.toString());
        assertEquals("test", tested.at("/mode").asText());
        assertEquals("shipped", tested.at("/outputs/fulfillment_status").asText());
        assertEquals("****", tested.at("/request/headers/Authorization").asText());
        assertEquals(200, tested.at("/response/status").asInt());
        assertEquals("Order", tested.at("/writes/1/type").asText());
        assertFalse(tested.toString().contains("shpat_system_test_secret"));
        Http.Answer typo = expect(
                400,
                Http.post(
                        DEFINITIONS + "/actions/" + action + "/test",
                        admin,
                        Map.of("inputs", Map.of("order_id", 1001))));
        assertEquals("inputs.order_id", typo.at("/errors/0/field").asText());

        // Publish and bind to the order number the customer gives.
        expect(200, Http.post(DEFINITIONS + "/actions/" + action + "/publish", admin, null));
        String trigger = expect(
                        201,
                        Http.post(
                                DEFINITIONS + "/triggers",
                                admin,
                                Map.of(
                                        "name",
                                        "Order number given",
                                        "action_id",
                                        action,
                                        "event_kinds",
                                        List.of("attribute_collected"),
                                        "condition",
                                        Map.of("type", "attribute_id_equals", "value", "order_number"),
                                        "input_bindings",
                                        Map.of("order_id", "{{event.attribute.value}}"),
                                        "enabled",
                                        true)))
                .at("/id")
                .asText();
        Platform.awaitPublished("trigger", trigger);

        try (var results = TopicTail.of(Platform.launcher().kafkaBootstrapServers(), "action.results")) {
            // The customer's conversation (gateway), with Intercom's shapes.
            Map<String, Object> contact =
                    Map.of("type", "user", "external_id", "user_001", "name", "Jane Doe", "email", "jane@example.com");
            Http.Answer started = expect(
                    200,
                    Http.post(
                            GATEWAY + "/custom_channel_events/notify_new_conversation",
                            admin,
                            Map.of(
                                    "event_id",
                                    "evt_" + UUID.randomUUID(),
                                    "external_conversation_id",
                                    "conv_1001",
                                    "contact",
                                    contact)));
            String conversation = started.at("/conversation_id").asText();
            String event = "evt_" + UUID.randomUUID();
            expect(
                    200,
                    Http.post(
                            GATEWAY + "/custom_channel_events/notify_attribute_collected",
                            admin,
                            Map.of(
                                    "event_id",
                                    event,
                                    "external_conversation_id",
                                    "conv_1001",
                                    "contact",
                                    contact,
                                    "attribute",
                                    Map.of("id", "order_number", "value", "1001"))));

            var record =
                    results.awaitRecord(Duration.ofSeconds(60), r -> r.value().contains(event));
            JsonNode result = Http.JSON.readTree(record.value());
            assertEquals("success", result.get("status").asText(), result.toString());
            assertEquals(trigger, result.get("trigger_id").asText());
            assertEquals(conversation, result.get("conversation_id").asText());
            assertEquals(1, result.get("action_version").asInt());

            // What the action brought is readable through the objects API.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "shipped"
                    .equals(Http.get(OBJECTS + "/conversations/" + conversation, admin)
                            .at("/custom_attributes/shopify_order_fulfillment_status")
                            .asText()));
            Http.Answer order =
                    expect(200, Http.get(OBJECTS + "/custom_object_instances/Order?external_id=1001", admin));
            assertEquals("shipped", order.at("/custom_attributes/status").asText());
            assertEquals(52.5, order.at("/custom_attributes/total_price").asDouble());
            assertTrue(order.at("/references").toString().contains(conversation), order.toString());
            assertTrue(
                    order.at("/references")
                            .toString()
                            .contains(started.at("/contact_id").asText()),
                    order.toString());
            Http.Answer run = expect(
                    200, Http.get(EXECUTOR + "/runs/" + result.get("run_id").asText(), admin));
            assertEquals("****", run.at("/detail/request/headers/Authorization").asText());
            assertFalse(run.toString().contains("shpat_system_test_secret"));

            // The shop's failures: each its failure result, nothing stored.
            Map<String, String> expected = Map.of(
                    "404",
                    "http_error",
                    "500",
                    "http_error",
                    "slow",
                    "timeout",
                    "html",
                    "response_not_json",
                    "big",
                    "response_too_large");
            for (var failure : expected.entrySet()) {
                String failing = "evt_" + UUID.randomUUID();
                expect(
                        200,
                        Http.post(
                                GATEWAY + "/custom_channel_events/notify_attribute_collected",
                                admin,
                                Map.of(
                                        "event_id",
                                        failing,
                                        "external_conversation_id",
                                        "conv_1001",
                                        "contact",
                                        contact,
                                        "attribute",
                                        Map.of("id", "order_number", "value", failure.getKey()))));
                var failed = results.awaitRecord(
                        Duration.ofSeconds(60), r -> r.value().contains(failing));
                JsonNode outcome = Http.JSON.readTree(failed.value());
                assertEquals("failure", outcome.get("status").asText(), outcome.toString());
                assertEquals(failure.getValue(), outcome.at("/error/type").asText(), outcome.toString());
                assertEquals(0, outcome.get("writes").size());
            }
            assertEquals(
                    "shipped",
                    Http.get(OBJECTS + "/conversations/" + conversation, admin)
                            .at("/custom_attributes/shopify_order_fulfillment_status")
                            .asText());
            for (String id : expected.keySet()) {
                expect(404, Http.get(OBJECTS + "/custom_object_instances/Order?external_id=" + id, admin));
            }
            Http.Answer failures =
                    expect(200, Http.get(EXECUTOR + "/actions/" + action + "/runs?status=failure", admin));
            assertEquals(expected.size(), failures.at("/data").size(), failures.toString());
        }
    }
}

package dev.customactions.executor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The seed's story through the executor: a live trigger on an attribute_collected event runs "Get
 * order" against the HTTPS stand-in with the connection's credentials, and the result carries the
 * outputs and the writes; the run log shows what happened with every secret masked.
 */
@QuarkusTest
class ActionRunsTest extends WithStandIn {

    static final String ORDER = """
            {"order": {"id": 1001, "name": "#1001", "fulfillment_status": "shipped", "total_price": "52.50",
                       "customer": {"email": "john.smith@example.com"}, "access_code": "ac_very_private"}}""";

    ObjectNode getOrder(Fixtures f, String path, String connectionId) {
        ObjectNode definition = f.json("""
                {"http_method": "get", "url": "", "query": [{"key": "fields", "value": "id,fulfillment_status"}],
                 "headers": [{"key": "X-Customer-Email", "value": "{{contact.email}}"}],
                 "data_inputs": [{"name": "order_id", "type": "string", "required": true}],
                 "response_fields": [
                   {"name": "fulfillment_status", "path": "$.order.fulfillment_status", "type": "string"},
                   {"name": "order_number", "path": "$.order.id", "type": "string"},
                   {"name": "total_price", "path": "$.order.total_price", "type": "decimal"},
                   {"name": "access_code", "path": "$.order.access_code", "type": "string", "redacted": true}],
                 "object_mappings": [
                   {"target": "conversation", "attributes": {"shopify_order_fulfillment_status": "fulfillment_status"}},
                   {"target": "custom_object", "object_type": "Order", "external_id_output": "order_number",
                    "attributes": {"status": "fulfillment_status", "total_price": "total_price"},
                    "references": ["contact", "conversation"]}],
                 "timeout_ms": 5000}""");
        definition.put("url", standIn.url("shop.test", path + "/{{order_id}}.json"));
        definition.put("connection_id", connectionId);
        return definition;
    }

    @Test
    void aMatchingEventRunsTheLiveActionAndPublishesOutputsAndWrites() throws Exception {
        try (var f = fixtures()) {
            String ws = Fixtures.newId();
            String path = "/admin/api/" + Fixtures.newId() + "/orders";
            standIn.on(path + "/1001.json", StandIn.json(200, ORDER));
            String connection =
                    f.connection(ws, "bearer", List.of("shop.test"), Map.of(), Map.of("token", "shpat_secret_token_1"));
            String action = f.action(ws, getOrder(f, path, connection));
            String trigger = f.trigger(
                    ws,
                    action,
                    List.of("attribute_collected"),
                    f.json("{\"type\": \"attribute_id_equals\", \"value\": \"order_number\"}"),
                    f.json("{\"order_id\": \"{{event.attribute.value}}\"}"));

            String conversation = Fixtures.newId();
            ObjectNode other = f.event(ws, conversation, "attribute_collected");
            other.putObject("attribute").put("id", "shoe_size").put("value", "42");
            f.publishEvent(other);
            ObjectNode event = f.event(ws, conversation, "attribute_collected");
            event.putObject("attribute").put("id", "order_number").put("value", "1001");
            f.publishEvent(event);

            JsonNode result = f.result(r -> event.get("event_id")
                    .asText()
                    .equals(r.path("source_event_id").asText()));
            assertEquals("success", result.get("status").asText(), result.toString());
            assertEquals("live", result.get("mode").asText());
            assertEquals(action, result.get("action_id").asText());
            assertEquals(1, result.get("action_version").asInt());
            assertEquals(trigger, result.get("trigger_id").asText());
            assertEquals(conversation, result.get("conversation_id").asText());
            assertEquals(200, result.get("http_status").asInt());
            assertEquals(
                    f.json("{\"fulfillment_status\": \"shipped\", \"order_number\": \"1001\", \"total_price\": 52.50, "
                            + "\"access_code\": \"****\"}"),
                    result.get("outputs"));
            assertEquals(
                    f.json("""
                    {"w": [{"target": "conversation", "id": "%s", "attributes": {"shopify_order_fulfillment_status": "shipped"}},
                     {"target": "custom_object", "type": "Order", "external_id": "1001",
                      "attributes": {"status": "shipped", "total_price": 52.50},
                      "references": [{"target": "contact", "id": "contact-of-%s"}, {"target": "conversation", "id": "%s"}]}]}""".formatted(conversation, conversation, conversation))
                            .get("w"),
                    result.get("writes"));
            assertTrue(result.get("error").isNull());
            assertFalse(result.has("request"), "a live result does not carry the request");

            var calls = standIn.calls(path + "/1001.json");
            assertEquals(1, calls.size(), "the event of another attribute ran nothing; this one ran once");
            assertEquals("Bearer shpat_secret_token_1", calls.get(0).header("Authorization"));
            assertEquals("john.smith@example.com", calls.get(0).header("X-Customer-Email"));
            assertEquals("fields=id%2Cfulfillment_status", calls.get(0).query());
            assertEquals("application/json", calls.get(0).header("Accept"));
            assertNull(calls.get(0).header("Idempotency-Key"), "a GET carries no idempotency key");

            var token = TestTokens.grant(Fixtures.bootstrapServers(), ws, "admin");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> given().auth()
                                    .oauth2(token.secret())
                                    .get("/runs/" + result.get("run_id").asText())
                                    .statusCode()
                            == 200);
            String run = given().auth()
                    .oauth2(token.secret())
                    .get("/runs/" + result.get("run_id").asText())
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("success"))
                    .body("detail.request.method", equalTo("GET"))
                    .body("detail.request.headers.Authorization", equalTo("****"))
                    .body("detail.response.status", equalTo(200))
                    .body("outputs.access_code", equalTo("****"))
                    .body("about.trigger_name", equalTo("On order number"))
                    .body("about.connection_name", equalTo("Shop"))
                    .body("about.conversation_external_id", equalTo("conv_98765"))
                    .body("about.contact_external_id", equalTo("user_002"))
                    .extract()
                    .asString();
            assertFalse(run.contains("shpat_secret_token_1"), "the token appears nowhere in the run log: " + run);
            assertFalse(run.contains("ac_very_private"), "a redacted output appears nowhere in the run log: " + run);
            assertTrue(run.contains("\\\"access_code\\\":\\\"****\\\""), "the logged response body masks it: " + run);

            given().auth()
                    .oauth2(token.secret())
                    .get("/actions/" + action + "/runs?status=success")
                    .then()
                    .statusCode(200)
                    .body("data.size()", equalTo(1))
                    .body("data[0].run_id", equalTo(result.get("run_id").asText()))
                    .body("data[0].about.trigger_name", equalTo("On order number"))
                    .body("data[0].about.conversation_external_id", equalTo("conv_98765"));
            given().auth()
                    .oauth2(token.secret())
                    .get("/runs?status=failure")
                    .then()
                    .statusCode(200)
                    .body("data.size()", equalTo(0));
            given().auth()
                    .oauth2(token.secret())
                    .get("/runs?status=maybe")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("status"));
            given().auth()
                    .oauth2(token.secret())
                    .get("/runs?from=yesterday")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("from"));

            var stranger = TestTokens.grant(Fixtures.bootstrapServers(), Fixtures.newId(), "admin");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> given().auth()
                                    .oauth2(stranger.secret())
                                    .get("/runs")
                                    .statusCode()
                            == 200);
            given().auth()
                    .oauth2(stranger.secret())
                    .get("/runs/" + result.get("run_id").asText())
                    .then()
                    .statusCode(404);
            given().auth()
                    .oauth2(stranger.secret())
                    .get("/runs")
                    .then()
                    .statusCode(200)
                    .body("data.size()", equalTo(0));
        }
    }

    @Test
    void anAgentsCallIsALiveRunAnsweredToItsCallerAndAFailedRunIsRunAgain() throws Exception {
        try (var f = fixtures()) {
            String ws = Fixtures.newId();
            String path = "/admin/api/" + Fixtures.newId() + "/orders";
            String connection =
                    f.connection(ws, "bearer", List.of("shop.test"), Map.of(), Map.of("token", "shpat_secret_token_2"));
            String action = f.action(ws, getOrder(f, path, connection));
            String conversation = Fixtures.newId();
            // The order isn't there yet: the stand-in answers 404, the run fails.
            String invocation = f.invokeLive(
                    ws, action, "agent", f.json("{\"order_id\": \"1001\"}"), conversation, "token-of-the-agent");
            var answers = Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> f.results(r ->
                                    invocation.equals(r.path("invocation_id").asText())),
                            found -> found.size() == 2);
            assertEquals(answers.get(0), answers.get(1), "the same result on action.results and to the caller");
            JsonNode failed = answers.get(0);
            assertEquals("agent", failed.get("mode").asText());
            assertEquals("failure", failed.get("status").asText(), failed.toString());

            var token = TestTokens.grant(Fixtures.bootstrapServers(), ws, "admin");
            String failedRun = failed.get("run_id").asText();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> given().auth()
                                    .oauth2(token.secret())
                                    .get("/runs/" + failedRun)
                                    .statusCode()
                            == 200);
            given().auth()
                    .oauth2(token.secret())
                    .get("/runs/" + failedRun)
                    .then()
                    .body("mode", equalTo("agent"))
                    .body("about.requested_by", equalTo("token-of-the-agent"))
                    .body("detail.inputs.order_id", equalTo("1001"))
                    .body("detail.context.'contact.email'", equalTo(null))
                    .body("reruns.size()", equalTo(0));

            standIn.on(path + "/1001.json", StandIn.json(200, ORDER));
            String rerun = given().auth()
                    .oauth2(token.secret())
                    .post("/runs/" + failedRun + "/rerun")
                    .then()
                    .statusCode(201)
                    .body("status", equalTo("success"))
                    .body("mode", equalTo("live"))
                    .body("conversation_id", equalTo(conversation))
                    .body("outputs.fulfillment_status", equalTo("shipped"))
                    .body("about.rerun_of", equalTo(failedRun))
                    .body("detail.inputs.order_id", equalTo("1001"))
                    .extract()
                    .path("run_id");
            given().auth()
                    .oauth2(token.secret())
                    .get("/runs/" + failedRun)
                    .then()
                    .body("reruns", equalTo(List.of(rerun)));
            JsonNode published = f.result(r -> rerun.equals(r.path("run_id").asText()));
            assertEquals(2, published.get("writes").size(), "the re-run writes as a live run does");
            given().auth()
                    .oauth2(token.secret())
                    .post("/runs/" + rerun + "/rerun")
                    .then()
                    .statusCode(409)
                    .body("errors[0].field", equalTo("status"));
            given().auth()
                    .oauth2(token.secret())
                    .post("/runs/" + Fixtures.newId() + "/rerun")
                    .then()
                    .statusCode(404);
        }
    }

    @Test
    void aRedeliveredEventIsRecognisedAndNotCalledAgain() throws Exception {
        try (var f = fixtures()) {
            String ws = Fixtures.newId();
            String path = "/orders/" + Fixtures.newId();
            standIn.on(path + "/7.json", StandIn.json(200, ORDER));
            String action = f.action(ws, getOrder(f, path, null));
            f.trigger(ws, action, List.of("new_message"), null, f.json("{\"order_id\": \"7\"}"));
            ObjectNode event = f.event(ws, Fixtures.newId(), "new_message");
            f.publishEvent(event);
            JsonNode first = f.result(r -> event.get("event_id")
                    .asText()
                    .equals(r.path("source_event_id").asText()));
            f.publishEvent(event);
            ObjectNode marker = f.event(ws, event.get("conversation_id").asText(), "new_message");
            f.publishEvent(marker);
            f.result(r -> marker.get("event_id")
                    .asText()
                    .equals(r.path("source_event_id").asText()));

            assertEquals(2, standIn.calls(path + "/7.json").size(), "one call for the event, one for the marker");
            assertTrue(f.results(r -> first.get("run_id")
                                    .asText()
                                    .equals(r.path("run_id").asText()))
                            .size()
                    >= 1);
            assertEquals(
                    1,
                    f.results(r -> first.get("run_id")
                                    .asText()
                                    .equals(r.path("run_id").asText()))
                            .size(),
                    "the redelivered event's run was published once");
        }
    }

    @Test
    void runsOfOneConversationKeepTheirOrderWhileOtherConversationsGoOn() throws Exception {
        try (var f = fixtures()) {
            String ws = Fixtures.newId();
            String path = "/orders/" + Fixtures.newId();
            standIn.on(path + "/slow.json", StandIn.delayed(Duration.ofMillis(1500), StandIn.json(200, ORDER)));
            standIn.on(path + "/fast.json", StandIn.json(200, ORDER));
            ObjectNode definition = getOrder(f, path, null);
            definition
                    .withArray("headers")
                    .addObject()
                    .put("key", "X-Conversation")
                    .put("value", "{{conversation.id}}");
            String action = f.action(ws, definition);
            f.trigger(ws, action, List.of("new_message"), null, f.json("{\"order_id\": \"{{event.body}}\"}"));
            String a = Fixtures.newId();
            String b = Fixtures.newId();
            ObjectNode a1 = f.event(ws, a, "new_message").put("body", "slow");
            ObjectNode a2 = f.event(ws, a, "new_message").put("body", "fast");
            ObjectNode b1 = f.event(ws, b, "new_message").put("body", "fast");
            f.publishEvent(a1);
            f.publishEvent(a2);
            f.publishEvent(b1);

            JsonNode ra2 = f.result(r ->
                    a2.get("event_id").asText().equals(r.path("source_event_id").asText()));
            JsonNode ra1 = f.result(r ->
                    a1.get("event_id").asText().equals(r.path("source_event_id").asText()));
            JsonNode rb1 = f.result(r ->
                    b1.get("event_id").asText().equals(r.path("source_event_id").asText()));
            var slow = standIn.calls(path + "/slow.json").get(0);
            var fast = standIn.calls(path + "/fast.json");
            assertEquals(2, fast.size());
            var a2Call = fast.stream()
                    .filter(c -> a.equals(c.header("X-Conversation")))
                    .findFirst()
                    .orElseThrow();
            var b1Call = fast.stream()
                    .filter(c -> b.equals(c.header("X-Conversation")))
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    a2Call.receivedAt() >= slow.answeredAt()[0],
                    "the second event of conversation a was called only after the first one's answer");
            assertTrue(
                    b1Call.receivedAt() < slow.answeredAt()[0],
                    "conversation b was called while conversation a's first call was still waiting");
            assertTrue(Instant.parse(rb1.get("finished_at").asText())
                    .isBefore(Instant.parse(ra1.get("finished_at").asText())));
            assertTrue(!Instant.parse(ra2.get("started_at").asText())
                    .isBefore(Instant.parse(ra1.get("finished_at").asText())));
        }
    }
}

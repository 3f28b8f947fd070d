package dev.customactions.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.kafka.TopicReader;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TestRecords;
import dev.customactions.common.testing.TopicTail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every error type produced for real through test invocations (the definitions service's test
 * endpoint sends them), the SSRF rules on names and redirects, OAuth2 token caching, retries with
 * Retry-After, and the dead-letter path.
 */
@QuarkusTest
class RunFailuresTest extends WithStandIn {

    ObjectNode definition(Fixtures f, String url) {
        ObjectNode definition = f.json("""
                {"http_method": "get", "url": "",
                 "data_inputs": [{"name": "order_id", "type": "string", "required": true},
                                 {"name": "quantity", "type": "integer", "required": false}],
                 "response_fields": [{"name": "status", "path": "$.order.fulfillment_status", "type": "string"}],
                 "timeout_ms": 2000}""");
        return definition.put("url", url);
    }

    JsonNode run(Fixtures f, ObjectNode definition, String inputs) throws Exception {
        return f.resultOfInvocation(f.invokeTest(Fixtures.newId(), definition, f.json(inputs), null));
    }

    JsonNode run(Fixtures f, String workspaceId, ObjectNode definition, String inputs) throws Exception {
        return f.resultOfInvocation(f.invokeTest(workspaceId, definition, f.json(inputs), null));
    }

    static void assertFailure(String type, JsonNode result) {
        assertEquals("failure", result.get("status").asText(), result.toString());
        assertEquals(type, result.at("/error/type").asText(), result.toString());
        assertEquals("test", result.get("mode").asText());
    }

    /** The count of dead-lettered definitions.changes records, from the metrics endpoint. */
    static double deadLetteredDefinitions() {
        String metrics =
                RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("customactions_dead_letters_total{")
                        && line.contains("topic=\"definitions.changes\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    String route(StandIn.Reply reply) {
        String path = "/api/" + Fixtures.newId();
        standIn.on(path, reply);
        return path;
    }

    @Test
    void inputsAreStrictlyTyped() throws Exception {
        try (var f = fixtures()) {
            String path = route(StandIn.json(200, "{\"order\": {\"fulfillment_status\": \"shipped\"}}"));
            ObjectNode d = definition(f, standIn.url("shop.test", path));
            assertFailure("input_missing", run(f, d, "{}"));
            assertFailure("input_invalid", run(f, d, "{\"order_id\": \"1\", \"quantity\": 3.0}"));
            assertFailure("input_invalid", run(f, d, "{\"order_id\": 1001}"));
            assertEquals(0, standIn.calls(path).size(), "no call is made when inputs don't type-check");
            JsonNode ok = run(f, d, "{\"order_id\": \"1\", \"quantity\": 3}");
            assertEquals("success", ok.get("status").asText(), ok.toString());
            assertEquals("shipped", ok.at("/outputs/status").asText());
            assertEquals("GET", ok.at("/request/method").asText(), "a test result shows the request");
            assertEquals(200, ok.at("/response/status").asInt(), "and the response");
        }
    }

    @Test
    void aHeaderValueWithALineBreakFailsToRender() throws Exception {
        try (var f = fixtures()) {
            String path = route(StandIn.json(200, "{}"));
            ObjectNode d = definition(f, standIn.url("shop.test", path));
            d.putArray("headers").addObject().put("key", "X-Order").put("value", "{{order_id}}");
            assertFailure("render_failed", run(f, d, "{\"order_id\": \"1\\r\\nX-Injected: yes\"}"));
            assertEquals(0, standIn.calls(path).size());
        }
    }

    @Test
    void privateDestinationsAreRefusedAfterResolutionAndOnRedirects() throws Exception {
        try (var f = fixtures()) {
            int port = standIn.port();
            for (String url : List.of(
                    "https://internal.test:" + port + "/x",
                    "https://metadata.test/latest/meta-data/",
                    "https://169.254.169.254/latest/meta-data/",
                    "https://127.0.0.2:" + port + "/x",
                    "https://mixed.test/x",
                    "https://ip6.test:" + port + "/x",
                    "https://[::ffff:10.0.0.1]/x",
                    "https://[::1]:" + port + "/x",
                    "https://100.64.0.1/x",
                    "https://0.0.0.0:" + port + "/x",
                    "http://shop.test:" + port + "/x")) {
                JsonNode result = run(f, definition(f, url), "{\"order_id\": \"1\"}");
                assertFailure("blocked_destination", result);
            }
            String target = route(StandIn.json(200, "{}"));
            String toPrivate =
                    route(StandIn.raw(302, "text/plain", "", "Location", "https://internal.test:" + port + target));
            assertFailure(
                    "blocked_destination",
                    run(f, definition(f, standIn.url("shop.test", toPrivate)), "{\"order_id\": \"1\"}"));
            String toPublic = route(StandIn.raw(
                    301,
                    "text/plain",
                    "",
                    "Location",
                    standIn.url(
                            "api.test", route(StandIn.json(200, "{\"order\": {\"fulfillment_status\": \"moved\"}}")))));
            JsonNode followed = run(f, definition(f, standIn.url("shop.test", toPublic)), "{\"order_id\": \"1\"}");
            assertEquals("moved", followed.at("/outputs/status").asText(), followed.toString());
            String loop = "/api/" + Fixtures.newId();
            standIn.on(loop, StandIn.raw(302, "text/plain", "", "Location", loop));
            assertFailure("http_error", run(f, definition(f, standIn.url("shop.test", loop)), "{\"order_id\": \"1\"}"));
            assertEquals(4, standIn.calls(loop).size(), "the first call and 3 redirects, no more");
        }
    }

    @Test
    void callsSpeakHttp2WhereTheServerOffersItAndHttp11Elsewhere() throws Exception {
        try (var f = fixtures();
                var http1 = StandIn.startHttp1()) {
            String body = "{\"order\": {\"fulfillment_status\": \"shipped\"}}";
            String path = route(StandIn.json(200, body));
            JsonNode viaHttp2 = run(f, definition(f, standIn.url("shop.test", path)), "{\"order_id\": \"1\"}");
            assertEquals("shipped", viaHttp2.at("/outputs/status").asText(), viaHttp2.toString());
            assertEquals("HTTP_2", standIn.calls(path).get(0).version());
            http1.on(path, StandIn.json(200, body));
            JsonNode viaHttp1 = run(f, definition(f, http1.url("shop.test", path)), "{\"order_id\": \"1\"}");
            assertEquals("shipped", viaHttp1.at("/outputs/status").asText(), viaHttp1.toString());
            assertEquals("HTTP_1_1", http1.calls(path).get(0).version());
        }
    }

    @Test
    void aBurstOfSlowCallsToOneHostRunsTogetherOnItsOwnConnections() throws Exception {
        try (var f = fixtures();
                var http1 = StandIn.startHttp1()) {
            String path = "/api/" + Fixtures.newId();
            http1.on(
                    path,
                    StandIn.delayed(
                            Duration.ofMillis(800),
                            StandIn.json(200, "{\"order\": {\"fulfillment_status\": \"ok\"}}")));
            ObjectNode d = definition(f, http1.url("shop.test", path)).put("timeout_ms", 10_000);
            int burst = 24;
            var invocations = new ArrayList<String>();
            for (int i = 0; i < burst; i++) {
                invocations.add(f.invokeTest(Fixtures.newId(), d, f.json("{\"order_id\": \"" + i + "\"}"), null));
            }
            for (String invocation : invocations) {
                JsonNode result = f.resultOfInvocation(invocation);
                assertEquals("success", result.get("status").asText(), result.toString());
            }
            var calls = http1.calls(path);
            assertEquals(burst, calls.size());
            int mostAtOnce = 0;
            for (var call : calls) {
                long inProgress = calls.stream()
                        .filter(other ->
                                other.receivedAt() <= call.receivedAt() && call.receivedAt() < other.answeredAt()[0])
                        .count();
                mostAtOnce = Math.max(mostAtOnce, (int) inProgress);
            }
            // HTTP/1.1 carries one call per connection, and the pool may hold up to max-connections-per-host
            // (64) of them: the burst runs together. A pool capped lower (Vert.x's default is 5 when its sizes
            // are not set where it reads them) would keep most of the burst waiting.
            assertTrue(mostAtOnce > burst / 2, "calls in progress at once: " + mostAtOnce);
        }
    }

    @Test
    void aStatusDeclaredAsNotFoundIsASuccessWithNothingFound() throws Exception {
        try (var f = fixtures()) {
            String input = "{\"order_id\": \"9999\"}";
            String path = route(StandIn.json(404, "{\"errors\": [{\"message\": \"Not Found\"}]}"));
            ObjectNode declared = definition(f, standIn.url("shop.test", path));
            declared.putArray("not_found_statuses").add(404).add(410);
            declared.putArray("object_mappings")
                    .add(f.json("{\"target\": \"conversation\", \"attributes\": {\"order_status\": \"status\"}}"));
            JsonNode notFound = run(f, declared, input);
            assertEquals("success", notFound.get("status").asText(), notFound.toString());
            assertFalse(notFound.get("found").asBoolean(), notFound.toString());
            assertEquals(404, notFound.get("http_status").asInt());
            assertEquals(0, notFound.get("outputs").size(), "no outputs: " + notFound);
            assertEquals(0, notFound.get("writes").size(), "nothing written: " + notFound);
            assertTrue(notFound.get("error").isNull());
            // Only the declared statuses: a 500 still fails, and a 200 is found.
            assertFailure(
                    "http_error",
                    run(f, declared.put("url", standIn.url("shop.test", route(StandIn.json(500, "{}")))), input));
            JsonNode found = run(
                    f,
                    declared.put(
                            "url",
                            standIn.url(
                                    "shop.test",
                                    route(StandIn.json(200, "{\"order\": {\"fulfillment_status\": \"paid\"}}")))),
                    input);
            assertTrue(found.get("found").asBoolean(), found.toString());
            assertEquals("paid", found.at("/outputs/status").asText());
        }
    }

    @Test
    void eachKindOfBadAnswerHasItsErrorType() throws Exception {
        try (var f = fixtures()) {
            String input = "{\"order_id\": \"1\"}";
            assertFailure(
                    "http_error",
                    run(f, definition(f, standIn.url("shop.test", route(StandIn.json(404, "{}")))), input));
            assertFailure(
                    "http_error",
                    run(f, definition(f, standIn.url("shop.test", route(StandIn.json(500, "{}")))), input));
            assertFailure(
                    "auth_failed",
                    run(f, definition(f, standIn.url("shop.test", route(StandIn.json(401, "{}")))), input));
            assertFailure(
                    "rate_limited",
                    run(f, definition(f, standIn.url("shop.test", route(StandIn.json(429, "{}")))), input));
            assertFailure(
                    "response_not_json",
                    run(
                            f,
                            definition(
                                    f,
                                    standIn.url(
                                            "shop.test",
                                            route(StandIn.raw(200, "text/html", "<html><body>Shop</body></html>")))),
                            input));
            assertFailure(
                    "response_not_json",
                    run(
                            f,
                            definition(
                                    f,
                                    standIn.url("shop.test", route(StandIn.raw(200, "application/json", "{not json")))),
                            input));
            assertFailure(
                    "response_too_large",
                    run(f, definition(f, standIn.url("shop.test", route(StandIn.large(3 << 20)))), input));
            assertFailure(
                    "mapping_failed",
                    run(
                            f,
                            definition(
                                    f,
                                    standIn.url(
                                            "shop.test",
                                            route(StandIn.json(
                                                    200,
                                                    "{\"order\": {\"fulfillment_status\": {\"nested\": true}}}")))),
                            input));
            assertFailure("connection_failed", run(f, definition(f, "https://shop.test:1/closed"), input));
            long start = System.nanoTime();
            JsonNode slow = run(
                    f,
                    definition(f, standIn.url("slow.test", route(StandIn.hang())))
                            .put("timeout_ms", 300),
                    input);
            assertFailure("timeout", slow);
            assertTrue(slow.get("duration_ms").asLong() < 2_000, "the action's timeout applied: " + slow);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30);
            JsonNode absent =
                    run(f, definition(f, standIn.url("shop.test", route(StandIn.json(200, "{\"other\": 1}")))), input);
            assertEquals("success", absent.get("status").asText(), "a missing output is left out: " + absent);
            assertEquals(0, absent.get("outputs").size());
        }
    }

    @Test
    void oauthTokensAreFetchedOnceCachedAndRefreshedOnA401() throws Exception {
        try (var f = fixtures()) {
            String ws = Fixtures.newId();
            String tokenPath = "/oauth/" + Fixtures.newId();
            standIn.on(
                    tokenPath,
                    StandIn.sequence(
                            StandIn.json(
                                    200,
                                    "{\"access_token\": \"at_first_1234\", \"expires_in\": 3600, \"token_type\": \"Bearer\"}"),
                            StandIn.json(
                                    200,
                                    "{\"access_token\": \"at_second_5678\", \"expires_in\": 3600, \"token_type\": \"Bearer\"}")));
            String api = "/api/" + Fixtures.newId();
            standIn.on(api, (vertx, request, answered) -> {
                boolean first = "Bearer at_first_1234".equals(request.getHeader("Authorization"));
                boolean revoked = standIn.calls(api).size() > 3;
                StandIn.json(first && revoked ? 401 : 200, "{\"order\": {\"fulfillment_status\": \"ok\"}}")
                        .answer(vertx, request, answered);
            });
            String connection = f.connection(
                    ws,
                    "oauth2_client_credentials",
                    List.of("shop.test", "auth.test"),
                    Map.of(
                            "token_url",
                            standIn.url("auth.test", tokenPath),
                            "client_id",
                            "client-1",
                            "scope",
                            "read_orders"),
                    Map.of("client_secret", "cs_super_secret"));
            ObjectNode d = definition(f, standIn.url("shop.test", api)).put("connection_id", connection);
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        "success",
                        run(f, ws, d, "{\"order_id\": \"1\"}").get("status").asText());
            }
            assertEquals(1, standIn.calls(tokenPath).size(), "three runs, one token fetch");
            var fetch = standIn.calls(tokenPath).get(0);
            assertEquals("grant_type=client_credentials&scope=read_orders", fetch.body());
            assertEquals(
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString("client-1:cs_super_secret".getBytes(StandardCharsets.UTF_8)),
                    fetch.header("Authorization"));
            JsonNode refreshed = run(f, ws, d, "{\"order_id\": \"1\"}");
            assertEquals("success", refreshed.get("status").asText(), refreshed.toString());
            assertEquals(2, standIn.calls(tokenPath).size(), "a 401 fetched a new token once");
            assertEquals(
                    "Bearer at_second_5678",
                    standIn.calls(api).get(standIn.calls(api).size() - 1).header("Authorization"));
            assertFalse(refreshed.toString().contains("at_second_5678"), "the token is masked in the test answer");
            assertFalse(refreshed.toString().contains("cs_super_secret"));

            String badTokens = "/oauth/" + Fixtures.newId();
            standIn.on(badTokens, StandIn.json(400, "{\"error\": \"invalid_client\"}"));
            String refused = f.connection(
                    ws,
                    "oauth2_client_credentials",
                    List.of("shop.test", "auth.test"),
                    Map.of("token_url", standIn.url("auth.test", badTokens), "client_id", "client-2"),
                    Map.of("client_secret", "cs_wrong"));
            assertFailure(
                    "auth_failed",
                    run(
                            f,
                            ws,
                            definition(f, standIn.url("shop.test", api)).put("connection_id", refused),
                            "{\"order_id\": \"1\"}"));
            String elsewhere =
                    f.connection(ws, "bearer", List.of("api.test"), Map.of(), Map.of("token", "tok_elsewhere"));
            assertFailure(
                    "blocked_destination",
                    run(
                            f,
                            ws,
                            definition(f, standIn.url("shop.test", api)).put("connection_id", elsewhere),
                            "{\"order_id\": \"1\"}"));
        }
    }

    @Test
    void aConnectionsRateLimitSpacesItsCallsAndRefusesWhatCannotFitTheTimeout() throws Exception {
        try (var f = fixtures()) {
            String ws = Fixtures.newId();
            String path = route(StandIn.json(200, "{\"order\": {\"fulfillment_status\": \"ok\"}}"));
            String limited = f.connection(
                    ws,
                    "bearer",
                    List.of("shop.test"),
                    Map.of("rate_limit_per_minute", "1"),
                    Map.of("token", "tok_limited_1"));
            ObjectNode d = definition(f, standIn.url("shop.test", path)).put("connection_id", limited);
            assertEquals(
                    "success",
                    run(f, ws, d, "{\"order_id\": \"1\"}").get("status").asText());
            JsonNode second = run(f, ws, d, "{\"order_id\": \"2\"}");
            assertFailure("rate_limited", second);
            assertEquals(1, standIn.calls(path).size(), "the second call was not sent");
        }
    }

    @Test
    void retriesAreOptInAndHonourRetryAfterWithTheSameIdempotencyKey() throws Exception {
        try (var f = fixtures()) {
            String path = route(StandIn.sequence(
                    StandIn.json(503, "{}", "Retry-After", "1"),
                    StandIn.json(200, "{\"order\": {\"fulfillment_status\": \"created\"}}")));
            ObjectNode d = definition(f, standIn.url("shop.test", path)).put("http_method", "post");
            d.set("body", f.json("{\"order\": {\"id\": \"{{order_id}}\", \"quantity\": \"{{quantity}}\"}}"));
            d.putObject("retry").put("max_attempts", 3).put("max_total_ms", 10_000);
            JsonNode result = run(f, d, "{\"order_id\": \"A-1\", \"quantity\": 2}");
            assertEquals("success", result.get("status").asText(), result.toString());
            var calls = standIn.calls(path);
            assertEquals(2, calls.size());
            assertEquals(calls.get(0).header("Idempotency-Key"), calls.get(1).header("Idempotency-Key"));
            assertEquals(result.get("run_id").asText(), calls.get(0).header("Idempotency-Key"));
            assertTrue(
                    calls.get(1).receivedAt() - calls.get(0).receivedAt() >= 900_000_000L,
                    "Retry-After: 1 was honoured");
            assertEquals(
                    "{\"order\":{\"id\":\"A-1\",\"quantity\":2}}", calls.get(0).body());

            String without = route(StandIn.json(503, "{}"));
            assertFailure(
                    "http_error", run(f, definition(f, standIn.url("shop.test", without)), "{\"order_id\": \"1\"}"));
            assertEquals(1, standIn.calls(without).size(), "no retry without the action's opt-in");
        }
    }

    @Test
    void aSamplePastedInsteadOfCallingChecksPathsAndMappings() throws Exception {
        try (var f = fixtures()) {
            String path = route(StandIn.json(200, "{}"));
            ObjectNode d = definition(f, standIn.url("shop.test", path));
            d.putArray("object_mappings")
                    .addObject()
                    .put("target", "conversation")
                    .putObject("attributes")
                    .put("order_status", "status");
            String invocation = f.invokeTest(
                    Fixtures.newId(),
                    d,
                    f.json("{\"order_id\": \"1\"}"),
                    f.json("{\"order\": {\"fulfillment_status\": \"from the sample\"}}"));
            JsonNode result = f.resultOfInvocation(invocation);
            assertEquals("from the sample", result.at("/outputs/status").asText(), result.toString());
            assertEquals(0, standIn.calls(path).size(), "nothing was called");
            assertEquals("test", result.get("mode").asText());
        }
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheStreamContinues() throws Exception {
        try (var f = fixtures();
                var dlq = TopicTail.of(Fixtures.bootstrapServers(), Topics.dlq(Topics.CHANNEL_EVENTS));
                var invocationsDlq = TopicTail.of(Fixtures.bootstrapServers(), Topics.dlq(Topics.ACTION_INVOCATIONS));
                var definitionsDlq =
                        TopicTail.of(Fixtures.bootstrapServers(), Topics.dlq(Topics.DEFINITIONS_CHANGES))) {
            String poison = Fixtures.newId();
            TestRecords.publish(
                    Fixtures.bootstrapServers(),
                    Topics.CHANNEL_EVENTS,
                    "poison",
                    poison,
                    Fixtures.EVENT_TYPE,
                    "{not json");
            TestRecords.publish(
                    Fixtures.bootstrapServers(),
                    Topics.ACTION_INVOCATIONS,
                    "poison",
                    poison,
                    Fixtures.INVOCATION_TYPE,
                    "[]");
            assertEquals(
                    "{not json",
                    dlq.awaitRecord(Duration.ofSeconds(20), r -> poison.equals(TopicTail.header(r, "ce_id")))
                            .value());
            var dead = invocationsDlq.awaitRecord(
                    Duration.ofSeconds(20), r -> poison.equals(TopicTail.header(r, "ce_id")));
            assertTrue(TopicTail.header(dead, "dead-letter-reason") != null, "the reason travels with it");
            // The compacted definitions topic is read whole by a reader of its own: it dead-letters too, and counts.
            double before = deadLetteredDefinitions();
            TestRecords.publish(
                    Fixtures.bootstrapServers(),
                    Topics.DEFINITIONS_CHANGES,
                    Fixtures.newId() + ":action:" + poison,
                    poison,
                    Fixtures.CHANGED,
                    "{not json");
            var deadDefinition = definitionsDlq.awaitRecord(
                    Duration.ofSeconds(20), r -> poison.equals(TopicTail.header(r, "ce_id")));
            assertEquals(Topics.DEFINITIONS_CHANGES, TopicTail.header(deadDefinition, "dead-letter-topic"));
            assertTrue(TopicTail.header(deadDefinition, "dead-letter-reason") != null, "the reason travels with it");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deadLetteredDefinitions() > before);
            // A reader started again (as at the next start) meets it again and does not dead-letter it twice.
            var again = new TopicReader(
                    Topics.DEFINITIONS_CHANGES, Map.of("bootstrap.servers", Fixtures.bootstrapServers()), record -> {
                        if (poison.equals(TopicTail.header(record, "ce_id"))) {
                            throw new IllegalArgumentException("still not JSON");
                        }
                    });
            again.start();
            assertTrue(again.awaitLoaded(Duration.ofSeconds(30)), "the second reader loaded the topic");
            again.stop();
            try (var copies = TopicTail.of(Fixtures.bootstrapServers(), Topics.dlq(Topics.DEFINITIONS_CHANGES))) {
                assertEquals(
                        1,
                        copies.readToEnd().stream()
                                .filter(r -> poison.equals(TopicTail.header(r, "ce_id")))
                                .count(),
                        "dead-lettered once");
            }
            String path = route(StandIn.json(200, "{\"order\": {\"fulfillment_status\": \"after\"}}"));
            assertEquals(
                    "after",
                    run(f, definition(f, standIn.url("shop.test", path)), "{\"order_id\": \"1\"}")
                            .at("/outputs/status")
                            .asText());
        }
    }
}

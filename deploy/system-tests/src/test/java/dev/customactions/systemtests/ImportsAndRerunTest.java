package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.DEFINITIONS;
import static dev.customactions.systemtests.Platform.EXECUTOR;
import static dev.customactions.systemtests.Story.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.testing.StandIn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Actions built from what an admin already has (a cURL command from the API's docs, the API's OpenAPI
 * document fetched by URL) pass a real test call; a failed run is re-run from the run log once the cause is
 * fixed, the two runs linked.
 */
@ExtendWith(Platform.class)
class ImportsAndRerunTest {

    static final String ORDER = """
            {"order": {"id": 1001, "fulfillment_status": "shipped", "total_price": "52.50"}}""";

    static final String OPENAPI = """
            openapi: 3.1.0
            info: {title: Shop, version: "1"}
            servers: [{url: "%s/admin/api"}]
            paths:
              /orders/{orderId}.json:
                get:
                  operationId: getOrder
                  summary: Fetch an order
                  parameters:
                    - {name: orderId, in: path, required: true, schema: {type: integer}}
                  responses:
                    "200":
                      description: The order
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              order:
                                type: object
                                properties:
                                  fulfillment_status: {type: string}
                                  total_price: {type: string}
            """;

    @Test
    void importedActionsPassARealTestAndAFailedRunIsRunAgain() throws Exception {
        String admin = Platform.newWorkspaceAdmin("Imports " + UUID.randomUUID());
        try (var shop = StandIn.start()) {
            String origin = shop.url("127.0.0.1", "").replaceAll("/$", "");
            shop.on("/admin/api/orders/1001.json", StandIn.json(200, ORDER));
            shop.on("/openapi.yaml", StandIn.raw(200, "application/yaml", OPENAPI.formatted(origin)));

            // A cURL command, as an API's docs write it.
            JsonNode curl = check(
                            Http.post(
                                    DEFINITIONS + "/action_imports/curl",
                                    admin,
                                    Map.of(
                                            "command",
                                            "curl -X GET '" + origin + "/admin/api/orders/1001.json?fields=id' \\\n"
                                                    + "  -H 'Accept: application/json'")),
                            200)
                    .at("/draft");
            ObjectNode fromCurl = Http.JSON.createObjectNode().put("name", "Order from cURL");
            fromCurl.setAll(Map.of(
                    "http_method", curl.get("http_method"),
                    "url", curl.get("url"),
                    "query", curl.get("query"),
                    "headers", curl.get("headers")));
            String curlAction = check(Http.post(DEFINITIONS + "/actions", admin, fromCurl), 201)
                    .at("/id")
                    .asText();
            Http.Answer curlTest =
                    check(Http.post(DEFINITIONS + "/actions/" + curlAction + "/test", admin, Map.of()), 200);
            assertEquals("success", curlTest.at("/status").asText(), curlTest.toString());
            assertEquals(200, curlTest.at("/http_status").asInt());

            // The API's OpenAPI document, fetched by URL: an operation picked, drafted with typed inputs and outputs.
            Http.Answer operations = check(
                    Http.post(DEFINITIONS + "/action_imports/openapi", admin, Map.of("url", origin + "/openapi.yaml")),
                    200);
            assertEquals("getOrder", operations.at("/operations/0/key").asText(), operations.toString());
            JsonNode draft = check(
                            Http.post(
                                    DEFINITIONS + "/action_imports/openapi",
                                    admin,
                                    Map.of("url", origin + "/openapi.yaml", "operation", "getOrder")),
                            200)
                    .at("/draft");
            ObjectNode fromOpenApi = Http.JSON.createObjectNode();
            for (String field : List.of(
                    "name",
                    "description",
                    "http_method",
                    "url",
                    "query",
                    "headers",
                    "data_inputs",
                    "response_fields")) {
                fromOpenApi.set(field, draft.get(field));
            }
            String action = check(Http.post(DEFINITIONS + "/actions", admin, fromOpenApi), 201)
                    .at("/id")
                    .asText();
            Http.Answer tested = check(
                    Http.post(
                            DEFINITIONS + "/actions/" + action + "/test",
                            admin,
                            Map.of("inputs", Map.of("order_id", 1001))),
                    200);
            assertEquals("success", tested.at("/status").asText(), tested.toString());
            assertEquals(
                    "shipped", tested.at("/outputs/order_fulfillment_status").asText(), tested.toString());

            // Live, invoked for an order the shop doesn't have yet: the run fails.
            check(Http.post(DEFINITIONS + "/actions/" + action + "/publish", admin, null), 200);
            Platform.awaitPublished("action", action);
            check(
                    Http.post(
                            DEFINITIONS + "/actions/" + action + "/invocations",
                            admin,
                            Map.of("inputs", Map.of("order_id", 7))),
                    202);
            String failed = Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () -> Http.get(EXECUTOR + "/runs?status=failure&action_id=" + action, admin)
                                    .at("/data/0/run_id")
                                    .asText(""),
                            id -> !id.isEmpty());

            // The cause fixed, the run is run again from the run log: a new run, linked both ways.
            shop.on("/admin/api/orders/7.json", StandIn.json(200, ORDER.replace("1001", "7")));
            Http.Answer rerun = check(Http.post(EXECUTOR + "/runs/" + failed + "/rerun", admin, null), 201);
            assertEquals("success", rerun.at("/status").asText(), rerun.toString());
            assertEquals(failed, rerun.at("/about/rerun_of").asText());
            assertEquals(7, rerun.at("/detail/inputs/order_id").asInt());
            Http.Answer original = check(Http.get(EXECUTOR + "/runs/" + failed, admin), 200);
            assertEquals(rerun.at("/run_id").asText(), original.at("/reruns/0").asText(), original.toString());
            assertTrue(original.at("/about/rerun_of").isMissingNode());
        }
    }
}

package dev.customactions.definitions.action;

import static dev.customactions.definitions.Admins.newAcceptedAdmin;
import static dev.customactions.definitions.Seeds.getOrder;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.definitions.event.DefinitionChanged;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ActionLifecycleTest {

    @Inject
    ObjectMapper mapper;

    String admin;

    @BeforeEach
    void workspace() {
        admin = newAcceptedAdmin("Actions " + UUID.randomUUID());
    }

    ValidatableResponse send(String method, String path, Object body) {
        var request = given().auth().oauth2(admin).contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        return request.request(method, path).then();
    }

    @Test
    void createdAsDraftPublishedAsNumberedVersionsEditedWhileLiveAndRestored() throws Exception {
        String id = send("POST", "/actions", getOrder("Get order"))
                .statusCode(201)
                .body("type", equalTo("action"))
                .body("state", equalTo("draft"))
                .body("live_version", nullValue())
                .body("timeout_ms", equalTo(10_000))
                .body("data_inputs[0].type", equalTo("integer"))
                .extract()
                .path("id");

        send("POST", "/actions/" + id + "/publish", null).statusCode(200).body("version", equalTo(1));
        send("GET", "/actions/" + id, null)
                .statusCode(200)
                .body("state", equalTo("live"))
                .body("live_version", equalTo(1));

        var edited = getOrder("Get order");
        edited.put("url", "https://shop.example.com/admin/api/orders/{{order_id}}.json");
        send("PUT", "/actions/" + id, edited)
                .statusCode(200)
                .body("state", equalTo("live"))
                .body("live_version", equalTo(1))
                .body("url", equalTo("https://shop.example.com/admin/api/orders/{{order_id}}.json"));
        send("POST", "/actions/" + id + "/publish", null).statusCode(200).body("version", equalTo(2));
        send("GET", "/actions/" + id + "/versions", null)
                .statusCode(200)
                .body("data.version", contains(2, 1))
                .body("data[1].url", equalTo("https://shop.example.com/admin/orders/{{order_id}}.json"));

        send("POST", "/actions/" + id + "/versions/1/restore", null)
                .statusCode(200)
                .body("url", equalTo("https://shop.example.com/admin/orders/{{order_id}}.json"))
                .body("live_version", equalTo(2));
        send("POST", "/actions/" + id + "/publish", null).statusCode(200).body("version", equalTo(3));
        send("POST", "/actions/" + id + "/versions/9/restore", null).statusCode(404);

        send("POST", "/actions/" + id + "/draft", null)
                .statusCode(200)
                .body("state", equalTo("draft"))
                .body("live_version", nullValue());

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (var tail = TopicTail.of(bootstrap, Topics.DEFINITIONS_CHANGES)) {
            var records = tail
                    .awaitUntil(
                            Duration.ofSeconds(20),
                            all -> all.stream()
                                            .filter(r -> r.key().endsWith(":action:" + id))
                                            .count()
                                    == 4)
                    .stream()
                    .filter(r -> r.key().endsWith(":action:" + id))
                    .toList();
            for (int i = 0; i < 3; i++) {
                var change = mapper.readTree(records.get(i).value());
                assertEquals(DefinitionChanged.TYPE_CHANGED, TopicTail.header(records.get(i), "ce_type"));
                assertEquals(i + 1, change.at("/definition/live_version").asInt());
                assertEquals("Get order", change.at("/definition/name").asText());
            }
            assertEquals(DefinitionChanged.TYPE_DELETED, TopicTail.header(records.get(3), "ce_type"));
            assertNull(records.get(3).value(), "withdrawn: no longer live, a tombstone");
        }
    }

    @Test
    void onlyALiveDescribedActionIsAvailableToAgentsAndTheFlagIsPublished() throws Exception {
        var undescribed = getOrder("Agent order");
        undescribed.remove("description");
        String id = send("POST", "/actions", undescribed)
                .statusCode(201)
                .body("available_to_agents", equalTo(false))
                .extract()
                .path("id");
        String access = "/actions/" + id + "/agent_access";
        send("PUT", access, Map.of("available", true)).statusCode(409).body("errors[0].field", equalTo("available"));
        send("POST", "/actions/" + id + "/publish", null).statusCode(200);
        send("PUT", access, Map.of("available", true)).statusCode(422).body("errors[0].field", equalTo("description"));
        send("PUT", access, Map.of()).statusCode(400).body("errors[0].field", equalTo("available"));

        send("PUT", "/actions/" + id, getOrder("Agent order")).statusCode(200);
        send("POST", "/actions/" + id + "/publish", null).statusCode(200).body("version", equalTo(2));
        send("PUT", access, Map.of("available", true)).statusCode(200).body("available_to_agents", equalTo(true));
        send("GET", "/actions/" + id, null).statusCode(200).body("available_to_agents", equalTo(true));
        // While agents may call it, a version without a description is not published.
        send("PUT", "/actions/" + id, undescribed).statusCode(200);
        send("POST", "/actions/" + id + "/publish", null)
                .statusCode(400)
                .body("errors[0].field", equalTo("description"));

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (var tail = TopicTail.of(bootstrap, Topics.DEFINITIONS_CHANGES)) {
            var records = tail
                    .awaitUntil(
                            Duration.ofSeconds(20),
                            all -> all.stream()
                                            .filter(r -> r.key().endsWith(":action:" + id))
                                            .count()
                                    == 3)
                    .stream()
                    .filter(r -> r.key().endsWith(":action:" + id))
                    .toList();
            var flagged = mapper.readTree(records.get(2).value());
            assertEquals(2, flagged.at("/definition/live_version").asInt());
            assertEquals(true, flagged.at("/definition/available_to_agents").asBoolean());
            assertEquals(
                    false,
                    mapper.readTree(records.get(1).value())
                            .at("/definition/available_to_agents")
                            .asBoolean());
        }
        send("PUT", access, Map.of("available", false)).statusCode(200).body("available_to_agents", equalTo(false));
    }

    @Test
    void invalidActionsAreRefusedNamingTheFieldAndNothingIsSaved() {
        var bad = getOrder("Bad");
        bad.put("url", "http://shop.example.com/{{order}}");
        bad.put("headers", List.of(Map.of("key", "X-A", "value", "a\nb")));
        send("POST", "/actions", bad).statusCode(400).body("errors.field", hasItems("url", "headers[0].value"));
        send("GET", "/actions", null).statusCode(200).body("data", Matchers.empty());
        send(
                        "POST",
                        "/actions",
                        Map.of("name", "x", "http_method", "get", "url", "https://a.example.com", "colour", "red"))
                .statusCode(400)
                .body("errors[0].field", equalTo("colour"));
        send(
                        "POST",
                        "/actions",
                        Map.of("name", "x", "http_method", "get", "url", "https://a.example.com", "timeout_ms", "soon"))
                .statusCode(400)
                .body("errors[0].field", equalTo("timeout_ms"));
        send("POST", "/actions", getOrder("Same")).statusCode(201);
        send("POST", "/actions", getOrder("same")).statusCode(409).body("errors[0].field", equalTo("name"));
    }

    @Test
    void theConnectionBindsTheActionToItsHosts() {
        String connection = send(
                        "POST",
                        "/connections",
                        Map.of(
                                "name",
                                "Shop",
                                "auth_type",
                                "bearer",
                                "allowed_hosts",
                                List.of("shop.example.com"),
                                "token",
                                "shpat"))
                .statusCode(201)
                .extract()
                .path("id");
        var action = getOrder("Bound");
        action.put("connection_id", connection);
        send("POST", "/actions", action).statusCode(201);
        action.put("name", "Elsewhere");
        action.put("url", "https://attacker.example.net/collect");
        send("POST", "/actions", action).statusCode(400).body("errors[0].field", equalTo("connection_id"));
    }

    @Test
    void aWorkspaceHasALimitedNumberOfActions() {
        for (int i = 0; i < 5; i++) {
            send("POST", "/actions", getOrder("Action " + i)).statusCode(201);
        }
        send("POST", "/actions", getOrder("One too many")).statusCode(422);
    }

    @Test
    void anotherWorkspacesActionIsNotFound() {
        String id = send("POST", "/actions", getOrder("Private"))
                .statusCode(201)
                .extract()
                .path("id");
        String other = newAcceptedAdmin("Other " + UUID.randomUUID());
        for (String path : new String[] {"/actions/" + id, "/actions/" + id + "/versions"}) {
            given().auth().oauth2(other).get(path).then().statusCode(404);
        }
        given().auth().oauth2(other).post("/actions/" + id + "/publish").then().statusCode(404);
        given().auth().oauth2(other).delete("/actions/" + id).then().statusCode(404);
        send("DELETE", "/actions/" + id, null).statusCode(204);
        send("GET", "/actions/" + id, null).statusCode(404);
    }
}

package dev.customactions.definitions.trigger;

import static dev.customactions.definitions.Admins.newAcceptedAdmin;
import static dev.customactions.definitions.Seeds.getOrder;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TriggerApiTest {

    @Inject
    ObjectMapper mapper;

    String admin;
    String action;

    @BeforeEach
    void liveAction() {
        admin = newAcceptedAdmin("Triggers " + UUID.randomUUID());
        action = send("POST", "/actions", getOrder("Get order"))
                .statusCode(201)
                .extract()
                .path("id");
    }

    ValidatableResponse send(String method, String path, Object body) {
        var request = given().auth().oauth2(admin).contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        return request.request(method, path).then();
    }

    /** The seed's trigger: on attribute_collected for order_number, run "Get order" with the collected value. */
    Map<String, Object> orderNumberTrigger() {
        var body = new HashMap<String, Object>();
        body.put("name", "Order number collected");
        body.put("action_id", action);
        body.put("event_kinds", List.of("attribute_collected"));
        body.put("condition", Map.of("type", "attribute_id_equals", "value", "order_number"));
        body.put("input_bindings", Map.of("order_id", "{{event.attribute.value}}"));
        return body;
    }

    @Test
    void aTriggerGoesLiveOnlyOnALiveActionWhichThenCantGoBackToDraft() throws Exception {
        send("POST", "/triggers", orderNumberTrigger()).statusCode(409).body("errors[0].field", equalTo("enabled"));
        var disabled = orderNumberTrigger();
        disabled.put("enabled", false);
        String trigger = send("POST", "/triggers", disabled)
                .statusCode(201)
                .body("enabled", equalTo(false))
                .extract()
                .path("id");

        send("POST", "/actions/" + action + "/publish", null).statusCode(200);
        send("PUT", "/triggers/" + trigger, orderNumberTrigger())
                .statusCode(200)
                .body("enabled", equalTo(true))
                .body("input_bindings.order_id", equalTo("{{event.attribute.value}}"));

        send("POST", "/actions/" + action + "/draft", null)
                .statusCode(409)
                .body("errors[0].field", equalTo("triggers[0]"))
                .body("errors[0].message", containsString("Order number collected"));
        send("DELETE", "/actions/" + action, null).statusCode(409);
        send("GET", "/actions/" + action, null).statusCode(200).body("state", equalTo("live"));

        disabled.put("enabled", false);
        send("PUT", "/triggers/" + trigger, disabled).statusCode(200);
        send("POST", "/actions/" + action + "/draft", null).statusCode(200).body("state", equalTo("draft"));

        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (var tail = TopicTail.of(bootstrap, Topics.DEFINITIONS_CHANGES)) {
            var records = tail
                    .awaitUntil(
                            Duration.ofSeconds(20),
                            all -> all.stream()
                                            .filter(r -> r.key().endsWith(":trigger:" + trigger))
                                            .count()
                                    == 3)
                    .stream()
                    .filter(r -> r.key().endsWith(":trigger:" + trigger))
                    .toList();
            assertNull(records.get(0).value(), "created disabled: not live");
            var live = mapper.readTree(records.get(1).value());
            assertEquals(DefinitionChanged.TYPE_CHANGED, TopicTail.header(records.get(1), "ce_type"));
            assertEquals(action, live.at("/definition/action_id").asText());
            assertEquals("order_number", live.at("/definition/condition/value").asText());
            assertNull(records.get(2).value(), "disabled again: a tombstone");
        }
    }

    @Test
    void aDraftAnEnabledTriggerCantRunIsNotPublishedUntilTheTriggerIsChanged() {
        send("POST", "/actions/" + action + "/publish", null).statusCode(200);
        String trigger = send("POST", "/triggers", orderNumberTrigger())
                .statusCode(201)
                .extract()
                .path("id");
        var draft = getOrder("Get order");
        draft.put(
                "data_inputs",
                List.of(
                        Map.of("name", "order_id", "type", "integer", "required", true),
                        Map.of("name", "email", "type", "string", "required", true)));
        send("PUT", "/actions/" + action, draft).statusCode(200);

        send("POST", "/actions/" + action + "/publish", null)
                .statusCode(409)
                .body("errors[0].field", equalTo("triggers[0]"))
                .body("errors[0].message", containsString("'Order number collected' (" + trigger + ")"))
                .body("errors[0].message", containsString("(input_bindings.email)"));
        send("GET", "/actions/" + action, null).statusCode(200).body("live_version", equalTo(1));

        var disabled = orderNumberTrigger();
        disabled.put("enabled", false);
        send("PUT", "/triggers/" + trigger, disabled).statusCode(200);
        send("POST", "/actions/" + action + "/publish", null).statusCode(200);
        var bound = orderNumberTrigger();
        bound.put("input_bindings", Map.of("order_id", "{{event.attribute.value}}", "email", "ops@example.com"));
        send("PUT", "/triggers/" + trigger, bound).statusCode(200).body("enabled", equalTo(true));
    }

    @Test
    void invalidTriggersAreRefusedNamingTheField() {
        send("POST", "/actions/" + action + "/publish", null).statusCode(200);
        var t = orderNumberTrigger();
        t.put("event_kinds", List.of("attribute_collected", "ticket_created"));
        send("POST", "/triggers", t).statusCode(400).body("errors[0].field", equalTo("event_kinds[1]"));

        t = orderNumberTrigger();
        t.put("condition", Map.of("type", "body_matches", "value", "order (\\d+"));
        send("POST", "/triggers", t)
                .statusCode(400)
                .body("errors.field", hasItems("condition.type", "condition.value"));

        for (Object bad : new Object[] {"42", 3.0, true, "#{{event.attribute.value}}", "{{event.secret}}"}) {
            t = orderNumberTrigger();
            t.put("input_bindings", Map.of("order_id", bad));
            send("POST", "/triggers", t).statusCode(400).body("errors[0].field", equalTo("input_bindings.order_id"));
        }
        t = orderNumberTrigger();
        t.put("input_bindings", Map.of("order_id", 1001));
        send("POST", "/triggers", t).statusCode(201);

        t = orderNumberTrigger();
        t.put("input_bindings", Map.of("colour", "red"));
        send("POST", "/triggers", t)
                .statusCode(400)
                .body("errors.field", hasItems("input_bindings.colour", "input_bindings.order_id"));

        t = orderNumberTrigger();
        t.put("action_id", UUID.randomUUID().toString());
        send("POST", "/triggers", t).statusCode(400).body("errors[0].field", equalTo("action_id"));
    }

    @Test
    void anotherWorkspacesTriggerAndActionAreNotFound() {
        send("POST", "/actions/" + action + "/publish", null).statusCode(200);
        String trigger = send("POST", "/triggers", orderNumberTrigger())
                .statusCode(201)
                .extract()
                .path("id");
        String other = newAcceptedAdmin("Other " + UUID.randomUUID());
        given().auth().oauth2(other).get("/triggers/" + trigger).then().statusCode(404);
        given().auth()
                .oauth2(other)
                .contentType(ContentType.JSON)
                .body(orderNumberTrigger())
                .post("/triggers")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("action_id"));
        send("DELETE", "/triggers/" + trigger, null).statusCode(204);
        send("POST", "/actions/" + action + "/draft", null).statusCode(200);
    }
}

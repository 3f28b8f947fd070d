package dev.customactions.objects;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * attribute_collected channel events: an end user sets only messenger-writable attributes; a
 * protected one (the security seed's user_shopify_id) is refused, recorded and counted.
 */
@QuarkusTest
class AttributeCollectedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ObjectMapper mapper;

    @Test
    void messengerWritableAttributesAreSetOnTheConversationOrElseTheContact() throws Exception {
        var workspace = Workspaces.create();
        workspace.attribute("conversation", "shipping_address", "string", true);
        workspace.attribute("contact", "plan", "string", true);
        ObjectNode first = ChannelEvents.conversation(mapper, workspace);
        String conversationPath =
                "/conversations/" + first.get("conversation_id").asText();
        String contactPath = "/contacts/" + first.at("/contact/contact_id").asText();

        publish(collected(first, "shipping_address", "\"123 Main St, Springfield\""));
        publish(collected(first, "plan", "\"premium\""));
        Awaitility.await().atMost(WAIT).until(() -> "premium"
                .equals(workspace.asAdmin().get(contactPath).jsonPath().getString("custom_attributes.plan")));
        workspace
                .asAdmin()
                .get(conversationPath)
                .then()
                .body("custom_attributes.shipping_address", equalTo("123 Main St, Springfield"))
                .body("custom_attributes", not(hasKey("plan")));
        workspace.asAdmin().get(contactPath).then().body("custom_attributes", not(hasKey("shipping_address")));
    }

    @Test
    void protectedUndefinedAndMistypedAttributesAreRefusedRecordedAndCounted() throws Exception {
        var workspace = Workspaces.create();
        workspace.attribute("contact", "user_shopify_id", "string", false);
        workspace.attribute("conversation", "order_count", "integer", true);
        workspace.attribute("conversation", "marker", "string", true);
        ObjectNode first = ChannelEvents.conversation(mapper, workspace);
        String contactId = first.at("/contact/contact_id").asText();
        workspace
                .asAdmin()
                .body("{\"custom_attributes\": {\"user_shopify_id\": \"real_123\"}}")
                .put("/contacts/" + contactId)
                .then()
                .statusCode(200);
        double protectedBefore = ActionResults.metric(
                "objects_write_rejections_total", "source=\"channel_event\"", "reason=\"protected_attribute\"");

        ObjectNode attack = collected(first, "user_shopify_id", "\"victim_456\"");
        ObjectNode undefined = collected(first, "favourite_colour", "\"red\"");
        ObjectNode mistyped = collected(first, "order_count", "\"3\"");
        publish(attack);
        publish(undefined);
        publish(mistyped);
        publish(collected(first, "marker", "\"done\""));
        String conversationPath =
                "/conversations/" + first.get("conversation_id").asText();
        Awaitility.await().atMost(WAIT).until(() -> "done"
                .equals(workspace.asAdmin().get(conversationPath).jsonPath().getString("custom_attributes.marker")));

        workspace
                .asAdmin()
                .get("/contacts/" + contactId)
                .then()
                .body("custom_attributes.user_shopify_id", equalTo("real_123"));
        workspace.asAdmin().get(conversationPath).then().body("custom_attributes", not(hasKey("order_count")));
        workspace
                .asAdmin()
                .queryParam("source", "channel_event")
                .queryParam("conversation_id", first.get("conversation_id").asText())
                .get("/write_rejections")
                .then()
                .statusCode(200)
                .body("total_count", equalTo(3))
                .body(
                        "data.source_id",
                        contains(
                                attack.get("event_id").asText(),
                                undefined.get("event_id").asText(),
                                mistyped.get("event_id").asText()))
                .body("data.reason", contains("protected_attribute", "unknown_attribute", "wrong_type"))
                .body("data[0].contact_id", equalTo(contactId))
                .body("data[0].errors[0].field", equalTo("attribute.value"))
                .body("data[1].errors[0].field", equalTo("attribute.id"));
        workspace
                .asAdmin()
                .queryParam("reason", "protected_attribute")
                .get("/write_rejections")
                .then()
                .body("total_count", equalTo(1));
        Assertions.assertTrue(ActionResults.metric(
                        "objects_write_rejections_total", "source=\"channel_event\"", "reason=\"protected_attribute\"")
                >= protectedBefore + 1);
        Workspaces.create().asAdmin().get("/write_rejections").then().body("total_count", equalTo(0));
    }

    @Test
    void redeliveredAttributeEventIsAppliedOnce() throws Exception {
        var workspace = Workspaces.create();
        workspace.attribute("conversation", "shipping_address", "string", true);
        workspace.attribute("conversation", "marker", "string", true);
        ObjectNode first = ChannelEvents.conversation(mapper, workspace);
        String cloudEventId = UUID.randomUUID().toString();
        ObjectNode event = collected(first, "shipping_address", "\"123 Main St\"");
        ChannelEvents.publish(event, cloudEventId);
        // Then the user changes it, then the first record is redelivered: it must not win again.
        publish(collected(first, "shipping_address", "\"9 Elm St\""));
        ChannelEvents.publish(event, cloudEventId);
        publish(collected(first, "marker", "\"done\""));
        String path = "/conversations/" + first.get("conversation_id").asText();
        Awaitility.await().atMost(WAIT).until(() -> "done"
                .equals(workspace.asAdmin().get(path).jsonPath().getString("custom_attributes.marker")));
        workspace.asAdmin().get(path).then().body("custom_attributes.shipping_address", equalTo("9 Elm St"));
    }

    @Test
    void anAttributeOnlyActionsSetIsWrittenByAnActionNeverByAnEndUser() throws Exception {
        var workspace = Workspaces.create();
        workspace
                .asAdmin()
                .body("""
                {"name": "order_status", "model": "conversation", "data_type": "string", "description": "From the shop",
                 "messenger_writable": false, "action_writable": true}""")
                .post("/data_attributes")
                .then()
                .statusCode(201)
                .body("messenger_writable", equalTo(false))
                .body("action_writable", equalTo(true));
        workspace.attribute("conversation", "marker", "string", true);
        ObjectNode first = ChannelEvents.conversation(mapper, workspace);
        String conversationId = first.get("conversation_id").asText();
        String path = "/conversations/" + conversationId;

        // A customer tries to forge it through the messenger: refused, recorded.
        ObjectNode forged = collected(first, "order_status", "\"refunded\"");
        publish(forged);
        publish(collected(first, "marker", "\"done\""));
        Awaitility.await().atMost(WAIT).until(() -> "done"
                .equals(workspace.asAdmin().get(path).jsonPath().getString("custom_attributes.marker")));
        workspace.asAdmin().get(path).then().body("custom_attributes", not(hasKey("order_status")));
        workspace
                .asAdmin()
                .queryParam("source_id", forged.get("event_id").asText())
                .get("/write_rejections")
                .then()
                .body("data[0].reason", equalTo("protected_attribute"))
                .body(
                        "data[0].errors[0].message",
                        equalTo("order_status is protected: it is not messenger-writable, "
                                + "so an end user can't set it (actions and admins only)"));

        // The action's result sets it.
        ActionResults.publish(
                ActionResults.withWrites(mapper, workspace.id(), conversationId, """
                [{"target": "conversation", "id": "%s", "attributes": {"order_status": "shipped"}}]""".formatted(conversationId)));
        Awaitility.await().atMost(WAIT).until(() -> "shipped"
                .equals(workspace.asAdmin().get(path).jsonPath().getString("custom_attributes.order_status")));
    }

    private ObjectNode collected(ObjectNode base, String attribute, String valueJson) throws Exception {
        ObjectNode event = base.deepCopy();
        event.put("event_id", "evt_" + UUID.randomUUID());
        event.put("kind", "attribute_collected");
        event.set("attribute", mapper.readTree("{\"id\": \"" + attribute + "\", \"value\": " + valueJson + "}"));
        return event;
    }

    private static void publish(ObjectNode event) {
        ChannelEvents.publish(event, UUID.randomUUID().toString());
    }
}

package dev.customactions.objects;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.kafka.Topics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What a live action writes can't be archived: the live actions read from definitions.changes. */
@QuarkusTest
class LiveMappingsTest {

    /** The definitions service's sample of a live action's record: a drift of its schema breaks this test. */
    static final Path CONTRACT =
            Path.of("../definitions-service/src/test/resources/contracts/definition-changed-action.json");

    @Inject
    ObjectMapper mapper;

    @Test
    void whatALiveActionWritesIsNotArchivedAndTheAnswerNamesTheAction() throws Exception {
        var workspace = Workspaces.create();
        long written = workspace.attribute("conversation", "shopify_order_fulfillment_status", "string", false);
        long other = workspace.attribute("conversation", "plan", "string", false);
        workspace.orderType();
        String action = UUID.randomUUID().toString();
        publish(workspace.id() + ":action:" + action, liveAction(workspace.id(), action));

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> workspace
                .asAdmin()
                .queryParam("model", "conversation")
                .get("/data_attributes")
                .then()
                .body(
                        "data.find { it.name == 'shopify_order_fulfillment_status' }.written_by.name",
                        contains("Get Shopify order"))
                .body("data.find { it.name == 'shopify_order_fulfillment_status' }.written_by.id", contains(action))
                .body("data.find { it.name == 'plan' }.written_by", empty()));
        workspace
                .asAdmin()
                .get("/custom_object_types/Order")
                .then()
                .body("written_by.name", contains("Get Shopify order"))
                .body("attributes.find { it.name == 'status' }.written_by.name", contains("Get Shopify order"))
                .body("attributes.find { it.name == 'quantity' }.written_by", empty());

        workspace
                .asAdmin()
                .body("{\"archived\": true}")
                .put("/data_attributes/" + written)
                .then()
                .statusCode(409)
                .body("errors.size()", equalTo(1))
                .body("errors[0].code", equalTo("conflict"))
                .body("errors[0].field", equalTo("actions[0]"))
                .body(
                        "errors[0].message",
                        equalTo(
                                "Data attribute 'shopify_order_fulfillment_status' can't be archived: "
                                        + "live action 'Get Shopify order' writes it; change the action's mapping or move it to draft first"));
        workspace
                .asAdmin()
                .body("{\"archived\": true}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(409)
                .body(
                        "errors[0].message",
                        equalTo(
                                "Custom object type 'Order' can't be archived: "
                                        + "live action 'Get Shopify order' writes it; change the action's mapping or move it to draft first"));
        workspace
                .asAdmin()
                .body("{\"description\": \"changed\", \"attributes\": [{\"name\": \"status\", \"archived\": true}]}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(409)
                .body(
                        "errors[0].message",
                        equalTo(
                                "Attribute 'status' of Order can't be archived: "
                                        + "live action 'Get Shopify order' writes it; change the action's mapping or move it to draft first"));
        workspace
                .asAdmin()
                .get("/custom_object_types/Order")
                .then()
                .body("archived", equalTo(false))
                .body("description", equalTo("A Shopify order"))
                .body("attributes.find { it.name == 'status' }.archived", equalTo(false));

        // What the action doesn't write is archived as before.
        workspace
                .asAdmin()
                .body("{\"attributes\": [{\"name\": \"quantity\", \"archived\": true}]}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(200);
        workspace
                .asAdmin()
                .body("{\"archived\": true}")
                .put("/data_attributes/" + other)
                .then()
                .statusCode(200);

        // Back to draft (the record's tombstone): nothing writes the attribute any more.
        publish(workspace.id() + ":action:" + action, null);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> workspace
                .asAdmin()
                .body("{\"archived\": true}")
                .put("/data_attributes/" + written)
                .then()
                .statusCode(200)
                .body("archived", equalTo(true))
                .body("written_by", empty()));
        workspace
                .asAdmin()
                .body("{\"archived\": true}")
                .put("/custom_object_types/Order")
                .then()
                .statusCode(200);
    }

    /** The contract's live action, moved to {@code workspaceId} and {@code id}. */
    private String liveAction(String workspaceId, String id) throws Exception {
        ObjectNode record = (ObjectNode) mapper.readTree(Files.readString(CONTRACT));
        record.put("workspace_id", workspaceId);
        record.put("id", id);
        return record.toString();
    }

    private static void publish(String key, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ChannelEvents.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(Topics.DEFINITIONS_CHANGES, key, value))
                    .get(30, TimeUnit.SECONDS);
        }
    }
}

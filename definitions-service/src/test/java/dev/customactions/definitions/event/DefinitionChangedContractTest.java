package dev.customactions.definitions.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.action.ActionDefinition;
import dev.customactions.action.ActionDefinition.DataInput;
import dev.customactions.action.ActionDefinition.KeyValue;
import dev.customactions.action.ActionDefinition.ObjectMapping;
import dev.customactions.action.ActionDefinition.ResponseField;
import dev.customactions.common.secret.SecretBox;
import dev.customactions.definitions.action.Action;
import dev.customactions.definitions.connection.Connection;
import dev.customactions.definitions.trigger.Trigger;
import dev.customactions.definitions.trigger.TriggerCondition;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The samples of definitions.changes records (one per kind) that the executor's tests read: a
 * drift of this service's schema breaks this test, a drift of the executor's reading breaks its.
 * The connection's secrets are sealed with the test key, so the sample's ciphertext differs per
 * run; it is checked by opening it.
 */
@QuarkusTest
class DefinitionChangedContractTest {

    static final Path CONTRACTS = Path.of("src/test/resources/contracts");
    static final UUID WORKSPACE = UUID.fromString("0b6f8c52-5d1e-4a8b-9c3f-2e7d1a4b6c80");
    static final UUID ACTION = UUID.fromString("3c9e1f7a-2b4d-4e6f-8a1c-5d7e9f0b2c4a");
    static final UUID TRIGGER = UUID.fromString("8a2d4f6b-1c3e-4a5b-9d7f-0e2c4a6b8d1f");
    static final UUID CONNECTION = UUID.fromString("2e4f6a8c-0b1d-4e3f-9a5c-7d9e1f3a5b7c");
    static final Instant AT = Instant.parse("2026-11-21T10:15:30.123Z");

    @Inject
    ObjectMapper mapper;

    @Inject
    SecretBox box;

    JsonNode sample(String kind) throws Exception {
        return mapper.readTree(Files.readString(CONTRACTS.resolve("definition-changed-" + kind + ".json")));
    }

    @Test
    void aLiveActionKeepsItsContract() throws Exception {
        var action = new Action();
        action.id = ACTION;
        action.workspaceId = WORKSPACE;
        action.name = "Get Shopify order";
        action.updatedAt = AT;
        var definition = new ActionDefinition(
                "Fetch a Shopify order",
                "get",
                "https://my-shop.myshopify.com/admin/api/2024-01/orders/{{order_id}}.json",
                List.of(new KeyValue("fields", "id,fulfillment_status")),
                List.of(new KeyValue("X-Customer", "{{contact.email}}")),
                null,
                List.of(new DataInput("order_id", "string", true, null, "The order number")),
                List.of(
                        new ResponseField("fulfillment_status", "$.order.fulfillment_status", "string", false),
                        new ResponseField("order_number", "$.order.id", "string", false)),
                List.of(
                        new ObjectMapping(
                                "conversation",
                                null,
                                null,
                                Map.of("shopify_order_fulfillment_status", "fulfillment_status"),
                                null),
                        new ObjectMapping(
                                "custom_object",
                                "Order",
                                "order_number",
                                Map.of("status", "fulfillment_status"),
                                List.of("contact", "conversation"))),
                CONNECTION,
                5000,
                new ActionDefinition.Retry(3, 20_000),
                null);
        assertEquals(sample("action"), mapper.valueToTree(DefinitionChanged.action(action, 3, definition)));
    }

    @Test
    void aLiveTriggerKeepsItsContract() throws Exception {
        var trigger = new Trigger();
        trigger.id = TRIGGER;
        trigger.workspaceId = WORKSPACE;
        trigger.name = "Order number given";
        trigger.actionId = ACTION;
        trigger.eventKinds = "attribute_collected";
        trigger.version = 2;
        trigger.updatedAt = AT;
        var change = DefinitionChanged.trigger(
                trigger,
                new TriggerCondition("attribute_id_equals", "order_number"),
                Map.of("order_id", mapper.readTree("\"{{event.attribute.value}}\"")));
        assertEquals(sample("trigger"), mapper.valueToTree(change));
    }

    @Test
    void aConnectionKeepsItsContractAndItsSecretsTravelSealed() throws Exception {
        var connection = new Connection();
        connection.id = CONNECTION;
        connection.workspaceId = WORKSPACE;
        connection.name = "Shopify";
        connection.type = "api_key";
        connection.allowedHosts = "my-shop.myshopify.com";
        connection.settings = Map.of("api_key_name", "X-Shopify-Access-Token", "api_key_in", "header");
        connection.secrets =
                box.seal("{\"api_key\":\"shpat_sample_secret\"}", "connection:" + WORKSPACE + ":" + CONNECTION);
        connection.version = 4;
        connection.updatedAt = AT;
        ObjectNode published = mapper.valueToTree(DefinitionChanged.connection(connection));
        ObjectNode sample = (ObjectNode) sample("connection");
        String sealed = published
                .withObjectProperty("definition")
                .remove("sealed_secrets")
                .asText();
        String sampleSealed =
                sample.withObjectProperty("definition").remove("sealed_secrets").asText();
        assertEquals(sample, published);
        assertEquals(
                "{\"api_key\":\"shpat_sample_secret\"}",
                box.open(sealed, "connection:" + WORKSPACE + ":" + CONNECTION));
        assertEquals(
                "{\"api_key\":\"shpat_sample_secret\"}",
                box.open(sampleSealed, "connection:" + WORKSPACE + ":" + CONNECTION),
                "the sample's ciphertext opens with the test key, for the executor's test");
    }
}

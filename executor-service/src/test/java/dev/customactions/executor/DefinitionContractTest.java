package dev.customactions.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TestRecords;
import dev.customactions.executor.definition.DefinitionCache;
import dev.customactions.executor.event.ChannelEventReceived;
import dev.customactions.executor.http.ConnectionAuth;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The definitions service's samples of definitions.changes records (an action, a trigger, a
 * connection with its secrets sealed) read by this service's cache: a drift of their schema breaks
 * this test.
 */
@QuarkusTest
class DefinitionContractTest {

    static final Path CONTRACTS = Path.of("../definitions-service/src/test/resources/contracts");

    @Inject
    ObjectMapper mapper;

    @Inject
    DefinitionCache cache;

    @Inject
    ConnectionAuth auth;

    JsonNode publish(String kind) throws Exception {
        JsonNode sample = mapper.readTree(Files.readString(CONTRACTS.resolve("definition-changed-" + kind + ".json")));
        TestRecords.publish(
                Fixtures.bootstrapServers(),
                Topics.DEFINITIONS_CHANGES,
                sample.get("workspace_id").asText() + ":" + kind + ":"
                        + sample.get("id").asText(),
                Fixtures.newId(),
                "dev.customactions.definition.changed",
                sample.toString());
        return sample;
    }

    @Test
    void theDefinitionsServicesSamplesAreReadAndTheSealedSecretOpens() throws Exception {
        String ws = publish("action").get("workspace_id").asText();
        String actionId = publish("action").get("id").asText();
        String triggerId = publish("trigger").get("id").asText();
        String connectionId = publish("connection").get("id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> cache.action(ws, actionId).isPresent()
                        && cache.trigger(ws, triggerId).isPresent()
                        && cache.connection(ws, connectionId).isPresent());

        var action = cache.action(ws, actionId).orElseThrow();
        assertEquals(3, action.version());
        assertEquals("Get Shopify order", action.name());
        assertEquals(
                "https://my-shop.myshopify.com/admin/api/2024-01/orders/{{order_id}}.json",
                action.spec().url());
        assertEquals(connectionId, action.spec().connectionId().toString());
        assertEquals(3, action.spec().retry().maxAttempts());
        assertEquals("order_number", action.spec().objectMappings().get(1).externalIdOutput());
        assertEquals(false, action.availableToAgents());
        assertEquals(List.of(), cache.agentTools(ws), "not available to agents: not a tool");

        var event = new ChannelEventReceived(
                ws,
                "evt_1",
                "attribute_collected",
                "conv",
                "conv_1",
                new ChannelEventReceived.Contact("c", "user", "u", "n", "e@example.com"),
                null,
                null,
                new ChannelEventReceived.Attribute("order_number", mapper.readTree("\"1001\"")),
                null);
        assertEquals(
                List.of(triggerId),
                cache.matching(event).stream().map(t -> t.id()).toList());
        assertEquals(
                "{{event.attribute.value}}",
                cache.trigger(ws, triggerId)
                        .orElseThrow()
                        .inputBindings()
                        .get("order_id")
                        .asText());

        var connection = cache.connection(ws, connectionId).orElseThrow();
        assertTrue(connection.allows("my-shop.myshopify.com"));
        var credentials =
                auth.credentials(connection, "my-shop.myshopify.com").await().atMost(Duration.ofSeconds(5));
        assertEquals(List.of(Map.entry("X-Shopify-Access-Token", "shpat_sample_secret")), credentials.headers());
    }
}

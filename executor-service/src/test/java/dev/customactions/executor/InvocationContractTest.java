package dev.customactions.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.secret.SecretBox;
import dev.customactions.common.testing.TestRecords;
import dev.customactions.executor.definition.DefinitionCache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The definitions service's sample of an action.invocations record runs here: a drift of its schema breaks this test. */
@QuarkusTest
class InvocationContractTest {

    static final Path CONTRACT = Path.of("../definitions-service/src/test/resources/contracts/action-invocation.json");

    @Inject
    ObjectMapper mapper;

    @Inject
    SecretBox box;

    @Inject
    DefinitionCache cache;

    @Test
    void theDefinitionsServicesSampleInvocationRunsAgainstItsPastedSample() throws Exception {
        try (var f = new Fixtures(mapper, box, cache)) {
            ObjectNode invocation = (ObjectNode) mapper.readTree(Files.readString(CONTRACT));
            String invocationId = Fixtures.newId();
            invocation.put("invocation_id", invocationId).put("workspace_id", Fixtures.newId());
            TestRecords.publish(
                    Fixtures.bootstrapServers(),
                    Topics.ACTION_INVOCATIONS,
                    "contract",
                    invocationId,
                    Fixtures.INVOCATION_TYPE,
                    invocation.toString());
            JsonNode result = f.resultOfInvocation(invocationId);
            assertEquals("success", result.get("status").asText(), result.toString());
            assertEquals("shipped", result.at("/outputs/fulfillment_status").asText());
            assertEquals(
                    "order_status",
                    result.at("/writes/0/attributes").fieldNames().next());
            assertEquals(
                    "https://shop.example.com/admin/orders/1001.json",
                    result.at("/request/url").asText());
            assertEquals(
                    "jane@example.com", result.at("/request/headers/X-Customer").asText());
        }
    }
}

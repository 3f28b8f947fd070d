package dev.customactions.gateway;

import static dev.customactions.gateway.GatewayTestSupport.bootstrapServers;
import static dev.customactions.gateway.GatewayTestSupport.post;
import static dev.customactions.gateway.GatewayTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.customactions.common.auth.Scopes;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TestTokens;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.localstack.BrokerProcess;
import dev.customactions.localstack.LocalStack;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The broker stops while events arrive: no 200 without Kafka's acknowledgement, a fast 503, recovery after. */
@QuarkusTest
class BrokerOutageTest {

    static String event(String eventId) {
        return GatewayTestSupport.SEED_NEW_CONVERSATION.replace("evt_12345", eventId);
    }

    @Test
    void whileTheBrokerIsDownEventsAre503FastAndEveryAcknowledgedEventIsOnTheTopic() {
        assertEquals(bootstrapServers(), LocalStack.shared().kafkaBootstrapServers(), "tests must share the stack");
        BrokerProcess broker = LocalStack.shared()
                .broker()
                .orElseThrow(() ->
                        new AssertionError("this test stops the stack's own broker; unset KAFKA_BOOTSTRAP_SERVERS"));
        TestTokens.Granted token = token(Scopes.CHANNEL_EVENTS);
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "before_" + i;
            assertEquals(
                    200,
                    post(token.secret(), "notify_new_conversation", event(id)).statusCode());
            acknowledged.add(id);
        }

        broker.stop();
        try {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                var response = post(token.secret(), "notify_new_conversation", event("during_" + i));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(503, response.statusCode(), response.asString());
                assertNotNull(response.header("Retry-After"));
                assertEquals("service_unavailable", response.jsonPath().getString("errors[0].code"));
                assertTrue(millis < 5_000, "503 took " + millis + " ms; the publish timeout is 2 s");
            }
        } finally {
            broker.start();
        }

        // The clients retry the refused events with the same ids; the gateway takes them again.
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> post(token.secret(), "notify_new_conversation", event("during_0"))
                                .statusCode()
                        == 200);
        acknowledged.add("during_0");
        for (String id : List.of("during_1", "during_2", "after_0")) {
            assertEquals(
                    200,
                    post(token.secret(), "notify_new_conversation", event(id)).statusCode());
            acknowledged.add(id);
        }

        try (var tail = TopicTail.of(bootstrapServers(), Topics.CHANNEL_EVENTS)) {
            Set<String> expected = acknowledged.stream()
                    .map(id -> Ids.cloudEventId(token.workspaceId(), id))
                    .collect(Collectors.toSet());
            tail.awaitUntil(Duration.ofSeconds(30), records -> records.stream()
                    .map(record -> TopicTail.header(record, "ce_id"))
                    .collect(Collectors.toSet())
                    .containsAll(expected));
        }
    }
}

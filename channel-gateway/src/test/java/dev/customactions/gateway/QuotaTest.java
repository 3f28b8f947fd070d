package dev.customactions.gateway;

import static dev.customactions.gateway.GatewayTestSupport.bootstrapServers;
import static dev.customactions.gateway.GatewayTestSupport.post;
import static dev.customactions.gateway.GatewayTestSupport.tokenIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.customactions.common.auth.Scopes;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TopicTail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A workspace's request rate, answered as Intercom's API answers it: the limit, what remains and when the window
 * resets on every answer, then 429 with Retry-After and the error list, and nothing of a refused request kept.
 * The workspace {@code quota-test} has a limit of 30 a minute in this module's test configuration: 5 in each
 * 10-second window.
 */
@QuarkusTest
class QuotaTest {

    @Test
    void aWorkspaceOverItsLimitGets429WithRetryAfterAndNothingIsKept() throws Exception {
        var token = tokenIn("quota-test", Scopes.CHANNEL_EVENTS);
        for (int attempt = 0; ; attempt++) {
            List<Response> answers = new ArrayList<>();
            String refusedEvent = null;
            for (int i = 0; i < 7; i++) {
                String eventId = "evt_" + UUID.randomUUID();
                Response answer = post(
                        token.secret(),
                        "notify_new_conversation",
                        GatewayTestSupport.SEED_NEW_CONVERSATION.replace("evt_12345", eventId));
                answers.add(answer);
                if (answer.statusCode() == 429) {
                    refusedEvent = eventId;
                    break;
                }
            }
            String reset = answers.get(0).header("X-RateLimit-Reset");
            boolean oneWindow = answers.stream().allMatch(a -> reset.equals(a.header("X-RateLimit-Reset")));
            if (attempt < 3 && answers.size() == 1) {
                // The previous attempt's tail already used this window: look again once it has ended.
                long windowEnds = Long.parseLong(reset);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> Instant.now().getEpochSecond() >= windowEnds);
                continue;
            }
            if (!oneWindow && attempt < 3) {
                continue; // a window ended in the middle: the count started again; look again in the new window
            }
            for (Response answer : answers) {
                assertEquals("5", answer.header("X-RateLimit-Limit"));
            }
            Response last = answers.get(answers.size() - 1);
            assertEquals(429, last.statusCode(), "the limit is reached within 7 requests");
            assertEquals("0", last.header("X-RateLimit-Remaining"));
            assertEquals("rate_limit_exceeded", last.jsonPath().getString("errors[0].code"));
            assertEquals("error.list", last.jsonPath().getString("type"));
            long retryAfter = Long.parseLong(last.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
            for (int i = 1; i < answers.size() - 1; i++) {
                assertEquals(200, answers.get(i).statusCode(), answers.get(i).asString());
                assertEquals(
                        Integer.parseInt(answers.get(i - 1).header("X-RateLimit-Remaining")) - 1,
                        Integer.parseInt(answers.get(i).header("X-RateLimit-Remaining")));
            }
            // Nothing of the refused request is kept: its event is not on channel.events.
            String refused = refusedEvent;
            Response accepted = answers.get(answers.size() - 2);
            try (var events = TopicTail.of(bootstrapServers(), Topics.CHANNEL_EVENTS)) {
                String conversation = accepted.jsonPath().getString("conversation_id");
                events.awaitRecord(java.time.Duration.ofSeconds(20), r -> r.key()
                        .equals(token.workspaceId() + ":" + conversation));
                assertTrue(
                        events.readToEnd().stream().noneMatch(r -> r.value().contains(refused)),
                        "the refused event was not published");
            }
            return;
        }
    }
}

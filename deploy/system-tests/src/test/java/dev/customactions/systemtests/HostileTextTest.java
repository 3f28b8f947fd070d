package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.DEFINITIONS;
import static dev.customactions.systemtests.Platform.GATEWAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TestRecords;
import dev.customactions.common.testing.TopicTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One end user's hostile text can't stop the platform: text PostgreSQL can't store (a NUL, an
 * unpaired surrogate) in any text field of an event, or in an action's input, is refused at the edge
 * naming the field, or dead-lettered when it arrives on a topic by another road; and the events and
 * invocations of other conversations sent right after it are all run and stored within 30 s.
 */
@ExtendWith(Platform.class)
class HostileTextTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    /** As JSON escapes: a lone surrogate has no UTF-8 form, so sent raw it would arrive as '?'. */
    private static final List<String> HOSTILE = List.of("Ja\\u0000ne", "Ja\\uD800ne");

    private static final String PLACEHOLDER = "@hostile@";

    /** {@code json} with the placeholder string replaced by {@code hostile}, written as a JSON escape. */
    private static String with(JsonNode json, String hostile) {
        return json.toString().replace(PLACEHOLDER, hostile);
    }

    static StandIn shop;

    @BeforeAll
    static void shop() {
        shop = StandIn.start().otherwise(StandIn.echoOrder());
    }

    @AfterAll
    static void closeShop() {
        shop.close();
    }

    private static ObjectNode message(String conversation, String body) {
        ObjectNode event = Http.JSON
                .createObjectNode()
                .put("event_id", "evt_" + UUID.randomUUID())
                .put("external_conversation_id", conversation)
                .put("body", body);
        event.putObject("contact")
                .put("type", "user")
                .put("external_id", "u-" + conversation)
                .put("name", "Jane")
                .put("email", conversation + "@example.com");
        return event;
    }

    @Test
    void anEventWithUnstorableTextIsRefusedOrDeadLetteredAndOtherConversationsFlow() {
        Story story = Story.create("Hostile event", shop.url("127.0.0.1", ""), 5000);
        String bootstrap = Platform.launcher().kafkaBootstrapServers();
        try (var results = TopicTail.of(bootstrap, "action.results");
                var dlq = TopicTail.of(bootstrap, "channel.events.dlq")) {
            story.probe(results);
            // At the edge: every text field of the event, each hostile text: 400 naming the field.
            for (String hostile : HOSTILE) {
                for (String pointer : List.of(
                        "/event_id",
                        "/external_conversation_id",
                        "/body",
                        "/contact/external_id",
                        "/contact/name",
                        "/contact/email")) {
                    ObjectNode event = message("edge-" + UUID.randomUUID(), "1");
                    int slash = pointer.lastIndexOf('/');
                    ((ObjectNode) event.at(pointer.substring(0, slash))).put(pointer.substring(slash + 1), PLACEHOLDER);
                    Http.Answer answer = Http.post(
                            GATEWAY + "/custom_channel_events/notify_new_message", story.admin, with(event, hostile));
                    assertEquals(400, answer.status(), pointer + ": " + answer);
                    String field = pointer.substring(1).replace('/', '.');
                    assertTrue(
                            answer.body()
                                    .path("errors")
                                    .findValuesAsText("field")
                                    .contains(field),
                            pointer + " is named: " + answer);
                }
            }
            // By another road: straight onto channel.events, as a producer of ours with a bug would write it.
            String poisonId = UUID.randomUUID().toString();
            ObjectNode poison = Http.JSON
                    .createObjectNode()
                    .put("workspace_id", story.workspaceId)
                    .put("event_id", "evt_" + poisonId)
                    .put("kind", "new_message")
                    .put("conversation_id", UUID.randomUUID().toString())
                    .put("external_conversation_id", "poison")
                    .put("body", PLACEHOLDER)
                    .put("received_at", "2026-12-02T10:00:00Z");
            poison.putObject("contact")
                    .put("contact_id", UUID.randomUUID().toString())
                    .put("type", "user")
                    .put("external_id", "poison")
                    .put("name", PLACEHOLDER);
            TestRecords.publish(
                    bootstrap,
                    "channel.events",
                    story.workspaceId + ":poison",
                    poisonId,
                    "dev.customactions.channel.event.accepted",
                    with(poison, HOSTILE.get(0)));

            List<Story.Sent> sent = story.send(100, 1, 16);
            assertTrue(sent.stream().allMatch(s -> s.status() == 200), "the gateway took every other message");
            Awaitility.await()
                    .atMost(WITHIN)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> story.results(results)
                            .keySet()
                            .containsAll(sent.stream().map(Story.Sent::eventId).toList()));
            Awaitility.await()
                    .atMost(WITHIN)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> sent.stream().allMatch(s -> s.body().equals(story.lastOrder(s.conversation()))));
            // The poison reached both consumers: each dead-lettered it (or ran it, failing, without storing it).
            var dead = dlq.awaitUntil(
                    WITHIN,
                    records -> records.stream()
                                            .filter(r -> poisonId.equals(TopicTail.header(r, "ce_id")))
                                            .count()
                                    + failedRunsOf(story, results, "evt_" + poisonId)
                            >= 2);
            System.out.printf(
                    "[hostile event] 100 other conversations stored; the poison dead-lettered %d times%n",
                    dead.stream()
                            .filter(r -> poisonId.equals(TopicTail.header(r, "ce_id")))
                            .count());
        }
    }

    @Test
    void anInvocationWithUnstorableTextIsRefusedOrDeadLetteredAndOtherInvocationsRun() throws Exception {
        Story story = Story.create("Hostile invocation", shop.url("127.0.0.1", ""), 5000);
        String bootstrap = Platform.launcher().kafkaBootstrapServers();
        try (var results = TopicTail.of(bootstrap, "action.results");
                var dlq = TopicTail.of(bootstrap, "action.invocations.dlq")) {
            for (String hostile : HOSTILE) {
                for (String route : List.of("/test", "/invocations")) {
                    Http.Answer answer = Http.post(
                            DEFINITIONS + "/actions/" + story.actionId + route,
                            story.admin,
                            with(
                                    Http.JSON
                                            .createObjectNode()
                                            .set(
                                                    "inputs",
                                                    Http.JSON.createObjectNode().put("order_id", PLACEHOLDER)),
                                    hostile));
                    assertEquals(400, answer.status(), route + ": " + answer);
                    assertTrue(
                            answer.body()
                                    .path("errors")
                                    .findValuesAsText("field")
                                    .contains("inputs.order_id"),
                            route + " names the input: " + answer);
                }
            }
            // By another road: a test invocation straight onto action.invocations.
            ObjectNode invocation = (ObjectNode) Http.JSON.readTree(Files.readString(
                    Path.of("../../definitions-service/src/test/resources/contracts/action-invocation.json")));
            String poisonId = UUID.randomUUID().toString();
            invocation
                    .put("invocation_id", poisonId)
                    .put("workspace_id", story.workspaceId)
                    .put("action_id", story.actionId);
            ((ObjectNode) invocation.at("/definition/data_inputs/0")).put("type", "string");
            invocation.putObject("inputs").put("order_id", PLACEHOLDER);
            TestRecords.publish(
                    bootstrap,
                    "action.invocations",
                    story.workspaceId + ":" + story.actionId,
                    poisonId,
                    "dev.customactions.action.invocation.requested",
                    with(invocation, HOSTILE.get(0)));

            // The action maps its output to the conversation: the invocations name one, found by a message.
            String eventId = story.send(1, 1, 1).get(0).eventId();
            String conversationId = Awaitility.await()
                    .atMost(WITHIN)
                    .until(() -> story.results(results).getOrDefault(eventId, List.of()), found -> !found.isEmpty())
                    .get(0)
                    .path("conversation_id")
                    .asText();
            var invoked = new ArrayList<String>();
            for (int i = 0; i < 100; i++) {
                Http.Answer answer = Http.post(
                        DEFINITIONS + "/actions/" + story.actionId + "/invocations",
                        story.admin,
                        Map.of("inputs", Map.of("order_id", "order-" + i), "conversation_id", conversationId));
                assertEquals(202, answer.status(), answer.toString());
                invoked.add(answer.at("/invocation_id").asText());
            }
            Awaitility.await()
                    .atMost(WITHIN)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> invocationResults(story, results).keySet().containsAll(invoked));
            Map<String, JsonNode> byInvocation = invocationResults(story, results);
            List<JsonNode> failed = invoked.stream()
                    .map(byInvocation::get)
                    .filter(result -> !"success".equals(result.path("status").asText()))
                    .toList();
            assertEquals(List.of(), failed, "every other invocation succeeded");
            Awaitility.await()
                    .atMost(WITHIN)
                    .until(() -> dlq.poll().stream().anyMatch(r -> poisonId.equals(TopicTail.header(r, "ce_id")))
                            || "input_invalid"
                                    .equals(invocationResults(story, results)
                                            .getOrDefault(poisonId, Http.JSON.createObjectNode())
                                            .at("/error/type")
                                            .asText()));
            // And a test run answers at once afterwards: nothing is stuck behind the poison.
            Http.Answer test = Http.post(
                    DEFINITIONS + "/actions/" + story.actionId + "/test",
                    story.admin,
                    Map.of("inputs", Map.of("order_id", "after"), "conversation_id", conversationId));
            assertEquals(200, test.status(), test.toString());
            assertEquals("success", test.at("/status").asText(), test.toString());
        }
    }

    /** Failed runs caused by event {@code eventId}. */
    private static long failedRunsOf(Story story, TopicTail results, String eventId) {
        return story.results(results).getOrDefault(eventId, List.of()).stream()
                .filter(result -> "failure".equals(result.path("status").asText()))
                .count();
    }

    /** This workspace's results of invocations, by invocation id. */
    private static Map<String, JsonNode> invocationResults(Story story, TopicTail results) {
        var byInvocation = new HashMap<String, JsonNode>();
        for (var record : results.poll()) {
            if (record.value() == null || !record.value().contains(story.workspaceId)) {
                continue;
            }
            try {
                JsonNode result = Http.JSON.readTree(record.value());
                if (!result.path("invocation_id").isNull()
                        && !result.path("invocation_id").isMissingNode()) {
                    byInvocation.put(result.path("invocation_id").asText(), result);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return byInvocation;
    }
}

package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.DEFINITIONS;
import static dev.customactions.systemtests.Platform.OBJECTS;
import static dev.customactions.systemtests.Story.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.testing.TestRecords;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A poisoned record (a live run's result writing an attribute the workspace hasn't defined) is
 * dead-lettered by the objects service; its workspace's admin and the platform operator find it
 * through the API, another workspace doesn't; once the attribute exists, a replay from the API
 * applies it, once.
 */
@ExtendWith(Platform.class)
class DeadLettersTest {

    @Test
    void aPoisonedResultIsReplayedOnceItsCauseIsFixedAndAppliedOnce() {
        String admin = Platform.newWorkspaceAdmin("Dead letters " + UUID.randomUUID());
        String stranger = Platform.newWorkspaceAdmin("Dead letters stranger " + UUID.randomUUID());
        String operator = Platform.launcher().adminToken();
        String workspaceId =
                Http.get(DEFINITIONS + "/workspaces/current", admin).at("/id").asText();
        String conversationId = UUID.randomUUID().toString();
        String runId = UUID.randomUUID().toString();
        String result = Http.JSON
                .createObjectNode()
                .put("run_id", runId)
                .put("workspace_id", workspaceId)
                .put("mode", "live")
                .put("status", "success")
                .put("action_id", UUID.randomUUID().toString())
                .put("conversation_id", conversationId)
                .set(
                        "writes",
                        Http.JSON.valueToTree(List.of(Map.of(
                                "target",
                                "conversation",
                                "id",
                                conversationId,
                                "attributes",
                                Map.of("loyalty_tier", "gold")))))
                .toString();
        TestRecords.publish(
                Platform.launcher().kafkaBootstrapServers(),
                "action.results",
                workspaceId + ":" + conversationId,
                UUID.randomUUID().toString(),
                "dev.customactions.run.completed",
                result);

        // Dead-lettered with why: the workspace's admin and the operator see it, another workspace doesn't.
        JsonNode deadLetter = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> find(admin, runId), found -> found != null);
        assertEquals("action.results", deadLetter.at("/topic").asText());
        assertEquals("open", deadLetter.at("/status").asText());
        assertTrue(deadLetter.at("/reason").asText().contains("unknown_attribute"), deadLetter.toString());
        String id = deadLetter.at("/id").asText();
        check(Http.get(DEFINITIONS + "/dead_letters/" + enc(id), operator), 200);
        check(Http.get(DEFINITIONS + "/dead_letters/" + enc(id), stranger), 404);
        check(Http.post(DEFINITIONS + "/dead_letters/replay", stranger, Map.of("ids", List.of(id))), 404);

        // The cause fixed (the attribute defined), replayed from the API: applied.
        check(
                Http.post(
                        OBJECTS + "/data_attributes",
                        admin,
                        Map.of(
                                "name",
                                "loyalty_tier",
                                "model",
                                "conversation",
                                "data_type",
                                "string",
                                "messenger_writable",
                                false,
                                "action_writable",
                                true)),
                201);
        Http.Answer replay =
                check(Http.post(DEFINITIONS + "/dead_letters/replay", admin, Map.of("ids", List.of(id))), 200);
        assertEquals(id, replay.at("/replayed/0/id").asText(), replay.toString());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "gold"
                .equals(Http.get(OBJECTS + "/conversations/" + conversationId, admin)
                        .at("/custom_attributes/loyalty_tier")
                        .asText()));

        // Once: a second replay is refused as done, the run's only rejection is the first, no new dead letter.
        Http.Answer again =
                check(Http.post(DEFINITIONS + "/dead_letters/replay", operator, Map.of("ids", List.of(id))), 200);
        assertEquals(0, again.at("/replayed").size(), again.toString());
        Http.Answer listed = check(Http.get(DEFINITIONS + "/dead_letters/" + enc(id), admin), 200);
        assertEquals("replayed", listed.at("/status").asText(), listed.toString());
        assertEquals("replayed", listed.at("/history/0/action").asText());
        assertEquals(
                1,
                Http.get(OBJECTS + "/write_rejections?source_id=" + runId, admin)
                        .at("/total_count")
                        .asInt());
        assertEquals(null, find(admin, runId), "no new dead letter for the run");
        assertTrue(Metrics.of(DEFINITIONS).sum("customactions_dead_letter_actions_total", "action=\"replayed\"") >= 1);
    }

    /** The open dead letter of {@code runId} the token sees, if any. */
    private static JsonNode find(String token, String runId) {
        for (JsonNode entry : Http.get(DEFINITIONS + "/dead_letters?topic=action.results&per_page=100", token)
                .at("/data")) {
            if (entry.at("/payload").asText().contains(runId)) {
                return entry;
            }
        }
        return null;
    }

    private static String enc(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}

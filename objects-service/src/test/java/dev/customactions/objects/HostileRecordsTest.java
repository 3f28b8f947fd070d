package dev.customactions.objects;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TestRecords;
import dev.customactions.common.testing.TopicTail;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Text PostgreSQL can't store (a NUL, an unpaired surrogate) reaching a consumer by a road other than
 * the gateway: the record goes to its dead-letter topic with the reason, and every other conversation's
 * records are stored right after it. Once, one such record stopped the consumer for good.
 */
@QuarkusTest
class HostileRecordsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ObjectMapper mapper;

    @Test
    void aChannelEventWithUnstorableTextIsDeadLetteredAndOthersAreStored() throws Exception {
        var workspace = Workspaces.create();
        try (var dlq = TopicTail.of(ChannelEvents.bootstrapServers(), Topics.dlq(Topics.CHANNEL_EVENTS))) {
            var poisons = new ArrayList<String>();
            // As JSON escapes: a lone surrogate has no UTF-8 form, so raw it would arrive as '?'.
            for (String hostile : List.of("Ja\\u0000ne", "Ja\\uD800ne")) {
                ObjectNode poison = ChannelEvents.sample(mapper, workspace.id());
                ((ObjectNode) poison.get("contact")).put("name", "HOSTILE");
                String id = UUID.randomUUID().toString();
                TestRecords.publish(
                        ChannelEvents.bootstrapServers(),
                        Topics.CHANNEL_EVENTS,
                        workspace.id() + ":" + poison.get("conversation_id").asText(),
                        id,
                        "dev.customactions.channel.event.accepted",
                        poison.toString().replace("HOSTILE", hostile));
                poisons.add(id);
            }
            var others = new ArrayList<String>();
            for (int i = 0; i < 100; i++) {
                ObjectNode event = ChannelEvents.sample(mapper, workspace.id());
                event.put("external_conversation_id", "conv_" + i);
                ((ObjectNode) event.get("contact")).put("external_id", "user_" + i);
                ChannelEvents.publish(event, UUID.randomUUID().toString());
                others.add(event.get("conversation_id").asText());
            }
            for (String id : poisons) {
                var dead = dlq.awaitRecord(WAIT, record -> id.equals(TopicTail.header(record, "ce_id")));
                assertNotNull(TopicTail.header(dead, "dead-letter-reason"), "the reason travels with it");
            }
            Awaitility.await().atMost(WAIT).until(() -> others.stream()
                    .allMatch(id ->
                            workspace.asAdmin().get("/conversations/" + id).statusCode() == 200));
        }
    }

    @Test
    void anActionResultWithUnstorableTextIsDeadLetteredAloneItsBatchIsApplied() throws Exception {
        var workspace = Workspaces.create();
        workspace.attribute("conversation", "note", "string", true);
        String poisoned = ChannelEvents.conversation(mapper, workspace)
                .get("conversation_id")
                .asText();
        String other = ChannelEvents.conversation(mapper, workspace)
                .get("conversation_id")
                .asText();
        ObjectNode poison = ActionResults.withWrites(mapper, workspace.id(), poisoned, """
                [{"target": "conversation", "id": "%s", "attributes": {"note": "HOSTILE"}}]""".formatted(poisoned));
        ObjectNode next = ActionResults.withWrites(mapper, workspace.id(), other, """
                [{"target": "conversation", "id": "%s", "attributes": {"note": "after"}}]""".formatted(other));
        try (var dlq = TopicTail.of(ChannelEvents.bootstrapServers(), Topics.dlq(Topics.ACTION_RESULTS))) {
            // One key: one partition, one batch.
            ActionResults.publishAll(
                    List.of(poison.toString().replace("HOSTILE", "a\\u0000b"), next.toString()),
                    workspace.id() + ":" + poisoned);
            String runId = poison.get("run_id").asText();
            var dead = dlq.awaitRecord(WAIT, record -> record.value().contains(runId));
            assertNotNull(TopicTail.header(dead, "dead-letter-reason"), "the reason travels with it");
            Awaitility.await().atMost(WAIT).until(() -> "after"
                    .equals(workspace
                            .asAdmin()
                            .get("/conversations/" + other)
                            .jsonPath()
                            .getString("custom_attributes.note")));
            assertNull(
                    workspace
                            .asAdmin()
                            .get("/conversations/" + poisoned)
                            .jsonPath()
                            .getString("custom_attributes.note"),
                    "nothing of the refused result is stored");
        }
    }
}

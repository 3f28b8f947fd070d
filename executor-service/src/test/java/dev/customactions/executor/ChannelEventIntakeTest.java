package dev.customactions.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TestRecords;
import dev.customactions.common.testing.TopicTail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ChannelEventIntakeTest {

    /** The gateway's sample of a channel.events record: a drift of the producer's schema breaks this test. */
    static final Path CONTRACT = Path.of("../channel-gateway/src/test/resources/contracts/channel-event.json");
    static final String TYPE = "dev.customactions.channel.event.accepted";

    @Inject
    ObjectMapper mapper;

    static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static ReceivedEvent find(String id) {
        return QuarkusTransaction.requiringNew().call(() -> ReceivedEvent.findById(id));
    }

    @Test
    void channelEventIsTakenInOnceEvenWhenRedelivered() throws Exception {
        ObjectNode event = (ObjectNode) mapper.readTree(Files.readString(CONTRACT));
        event.put("workspace_id", UUID.randomUUID().toString());
        String key = event.get("workspace_id").asText() + ":" + event.get("conversation_id").asText();
        String cloudEventId = UUID.randomUUID().toString();
        TestRecords.publish(bootstrapServers(), Topics.CHANNEL_EVENTS, key, cloudEventId, TYPE, event.toString());
        TestRecords.publish(bootstrapServers(), Topics.CHANNEL_EVENTS, key, cloudEventId, TYPE,
                event.deepCopy().put("kind", "quick_reply_selected").toString());
        String marker = UUID.randomUUID().toString();
        TestRecords.publish(bootstrapServers(), Topics.CHANNEL_EVENTS, key, marker, TYPE, event.toString());

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> find(marker) != null);
        ReceivedEvent received = find(cloudEventId);
        assertEquals("new_message", received.kind);
        assertEquals("evt_54321", received.sourceEventId);
        assertEquals(event.get("workspace_id").asText(), received.workspaceId);
        assertEquals(0, received.matchedTriggers);
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicAndTheStreamContinues() throws Exception {
        String poisonId = UUID.randomUUID().toString();
        TestRecords.publish(bootstrapServers(), Topics.CHANNEL_EVENTS, "poison", poisonId, TYPE, "{not json");
        ObjectNode event = (ObjectNode) mapper.readTree(Files.readString(CONTRACT));
        String after = UUID.randomUUID().toString();
        TestRecords.publish(bootstrapServers(), Topics.CHANNEL_EVENTS, "poison", after, TYPE, event.toString());

        try (var dlq = TopicTail.of(bootstrapServers(), Topics.dlq(Topics.CHANNEL_EVENTS))) {
            var dead = dlq.awaitRecord(Duration.ofSeconds(20), r -> poisonId.equals(TopicTail.header(r, "ce_id")));
            assertEquals("{not json", dead.value());
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> find(after) != null);
    }
}

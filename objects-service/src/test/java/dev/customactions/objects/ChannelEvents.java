package dev.customactions.objects;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TestRecords;
import dev.customactions.common.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

/** channel.events records and tokens for the objects service's tests. */
final class ChannelEvents {

    private ChannelEvents() {}

    /** The gateway's sample of a channel.events record: a drift of the producer's schema breaks these tests. */
    static final Path CONTRACT = Path.of("../channel-gateway/src/test/resources/contracts/channel-event.json");

    static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** The contract sample, moved to a new workspace, conversation and contact. */
    static ObjectNode sample(ObjectMapper mapper, String workspaceId) throws Exception {
        ObjectNode event = (ObjectNode) mapper.readTree(Files.readString(CONTRACT));
        event.put("workspace_id", workspaceId);
        event.put("event_id", "evt_" + UUID.randomUUID());
        event.put("conversation_id", UUID.randomUUID().toString());
        ((ObjectNode) event.get("contact")).put("contact_id", UUID.randomUUID().toString());
        return event;
    }

    static void publish(ObjectNode event, String cloudEventId) {
        TestRecords.publish(
                bootstrapServers(),
                Topics.CHANNEL_EVENTS,
                event.get("workspace_id").asText() + ":"
                        + event.get("conversation_id").asText(),
                cloudEventId,
                "dev.customactions.channel.event.accepted",
                event.toString());
    }

    static TestTokens.Granted reader(String workspaceId) {
        var token = TestTokens.grant(bootstrapServers(), workspaceId, Scopes.OBJECTS_READ);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> given().auth()
                                .oauth2(token.secret())
                                .get("/contacts/none")
                                .statusCode()
                        == 404);
        return token;
    }

    /** Publishes the contract sample in {@code workspace} and waits until its conversation is stored; answers the event. */
    static ObjectNode conversation(ObjectMapper mapper, Workspaces workspace) throws Exception {
        ObjectNode event = sample(mapper, workspace.id());
        event.put("external_conversation_id", "conv_" + UUID.randomUUID());
        ((ObjectNode) event.get("contact")).put("external_id", "user_" + UUID.randomUUID());
        publish(event, UUID.randomUUID().toString());
        String path = "/conversations/" + event.get("conversation_id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> workspace.asAdmin().get(path).statusCode() == 200);
        return event;
    }
}

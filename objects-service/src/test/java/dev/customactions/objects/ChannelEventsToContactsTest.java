package dev.customactions.objects;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChannelEventsToContactsTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void channelEventRecordsTheContactAndTheConversation() throws Exception {
        String workspace = UUID.randomUUID().toString();
        var token = ChannelEvents.reader(workspace);
        ObjectNode event = ChannelEvents.sample(mapper, workspace);
        ChannelEvents.publish(event, UUID.randomUUID().toString());
        String contactId = event.at("/contact/contact_id").asText();

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> given().auth()
                                .oauth2(token.secret())
                                .get("/contacts/" + contactId)
                                .statusCode()
                        == 200);
        given().auth()
                .oauth2(token.secret())
                .get("/contacts/" + contactId)
                .then()
                .body("type", equalTo("contact"))
                .body("external_id", equalTo("user_002"))
                .body("role", equalTo("user"))
                .body("name", equalTo("John Smith"))
                .body("email", equalTo("john.smith@example.com"));
        given().auth()
                .oauth2(token.secret())
                .queryParam("external_id", "user_002")
                .get("/contacts")
                .then()
                .statusCode(200)
                .body("id", equalTo(contactId));
        given().auth()
                .oauth2(token.secret())
                .get("/conversations/" + event.get("conversation_id").asText())
                .then()
                .statusCode(200)
                .body("external_id", equalTo("conv_98765"))
                .body("contact_id", equalTo(contactId));
    }

    @Test
    void redeliveredRecordIsAppliedOnce() throws Exception {
        String workspace = UUID.randomUUID().toString();
        var token = ChannelEvents.reader(workspace);
        ObjectNode event = ChannelEvents.sample(mapper, workspace);
        String cloudEventId = UUID.randomUUID().toString();
        ChannelEvents.publish(event, cloudEventId);
        // The same record again (same CloudEvents id), as a redelivery would bring it, but altered:
        // had it been applied a second time, the name would change.
        ObjectNode redelivered = event.deepCopy();
        ((ObjectNode) redelivered.get("contact")).put("name", "Changed By Redelivery");
        redelivered.put("received_at", "2030-01-01T00:00:00Z");
        ChannelEvents.publish(redelivered, cloudEventId);
        // A later, distinct event of the same conversation marks the point where both were consumed.
        ObjectNode later = event.deepCopy();
        later.put("event_id", "evt_later");
        later.put("received_at", "2026-11-21T10:16:00Z");
        ChannelEvents.publish(later, UUID.randomUUID().toString());

        String conversationPath =
                "/conversations/" + event.get("conversation_id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            var response = given().auth().oauth2(token.secret()).get(conversationPath);
            return response.statusCode() == 200 && response.jsonPath().getLong("last_activity_at") == 1_795_256_160L;
        });
        given().auth()
                .oauth2(token.secret())
                .get("/contacts/" + event.at("/contact/contact_id").asText())
                .then()
                .body("name", equalTo("John Smith"));
    }

    @Test
    void anEventNamingAnotherWorkspacesContactLeavesItAloneAndIsRecorded() throws Exception {
        String owner = UUID.randomUUID().toString();
        var ownerToken = ChannelEvents.reader(owner);
        ObjectNode first = ChannelEvents.sample(mapper, owner);
        String contactId = first.at("/contact/contact_id").asText();
        ChannelEvents.publish(first, UUID.randomUUID().toString());
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> given().auth()
                                .oauth2(ownerToken.secret())
                                .get("/contacts/" + contactId)
                                .statusCode()
                        == 200);

        // Another workspace's event under the same contact id (ids are derived per workspace: only a record
        // made under a foreign id meets another's).
        String other = UUID.randomUUID().toString();
        var otherToken = ChannelEvents.reader(other);
        ObjectNode second = ChannelEvents.sample(mapper, other);
        ((ObjectNode) second.get("contact")).put("contact_id", contactId).put("name", "Someone Else");
        ChannelEvents.publish(second, UUID.randomUUID().toString());
        String eventId = second.get("event_id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> given().auth()
                                .oauth2(otherToken.secret())
                                .queryParam("source_id", eventId)
                                .get("/write_rejections")
                                .jsonPath()
                                .getInt("total_count")
                        == 1);
        given().auth()
                .oauth2(otherToken.secret())
                .queryParam("source_id", eventId)
                .get("/write_rejections")
                .then()
                .body("data[0].source", equalTo("channel_event"))
                .body("data[0].reason", equalTo("other_workspace"))
                .body("data[0].errors[0].field", equalTo("contact.contact_id"));
        given().auth()
                .oauth2(ownerToken.secret())
                .get("/contacts/" + contactId)
                .then()
                .statusCode(200)
                .body("name", equalTo("John Smith"));
        given().auth()
                .oauth2(otherToken.secret())
                .get("/contacts/" + contactId)
                .then()
                .statusCode(404);
    }

    @Test
    void anotherWorkspacesContactIsNotFoundAndNoTokenIs401() throws Exception {
        String workspace = UUID.randomUUID().toString();
        var owner = ChannelEvents.reader(workspace);
        var stranger = ChannelEvents.reader(UUID.randomUUID().toString());
        ObjectNode event = ChannelEvents.sample(mapper, workspace);
        ChannelEvents.publish(event, UUID.randomUUID().toString());
        String contactPath = "/contacts/" + event.at("/contact/contact_id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() ->
                        given().auth().oauth2(owner.secret()).get(contactPath).statusCode() == 200);

        given().auth()
                .oauth2(stranger.secret())
                .get(contactPath)
                .then()
                .statusCode(404)
                .body("errors[0].code", equalTo("not_found"));
        given().get(contactPath).then().statusCode(401);
        // Each workspace's list holds its own contacts only.
        given().auth()
                .oauth2(owner.secret())
                .get("/contacts")
                .then()
                .statusCode(200)
                .body("total_count", equalTo(1))
                .body("data[0].id", equalTo(event.at("/contact/contact_id").asText()));
        given().auth()
                .oauth2(stranger.secret())
                .get("/contacts")
                .then()
                .statusCode(200)
                .body("total_count", equalTo(0));
        given().auth()
                .oauth2(owner.secret())
                .queryParam("external_id", " ")
                .get("/contacts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("external_id"));
    }
}

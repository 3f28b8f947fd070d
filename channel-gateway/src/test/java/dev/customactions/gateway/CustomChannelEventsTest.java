package dev.customactions.gateway;

import static dev.customactions.gateway.GatewayTestSupport.SEED_NEW_CONVERSATION;
import static dev.customactions.gateway.GatewayTestSupport.bootstrapServers;
import static dev.customactions.gateway.GatewayTestSupport.post;
import static dev.customactions.gateway.GatewayTestSupport.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.auth.Scopes;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.testing.TestTokens;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.gateway.event.EventAccepted;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CustomChannelEventsTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void seedNewConversationExampleIsAcknowledgedOnlyOnceOnChannelEvents() throws Exception {
        var token = token(Scopes.CHANNEL_EVENTS);
        var answer = post(token.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION)
                .then()
                .statusCode(200)
                .body("external_conversation_id", equalTo("conv_67890"))
                .body("external_contact_id", equalTo("user_001"))
                .body("conversation_id", notNullValue())
                .body("contact_id", notNullValue())
                .extract();
        String conversationId = answer.path("conversation_id");

        try (var tail = TopicTail.of(bootstrapServers(), Topics.CHANNEL_EVENTS)) {
            var record = tail.awaitRecord(
                    Duration.ofSeconds(20), r -> r.key().equals(token.workspaceId() + ":" + conversationId));
            assertEquals(EventAccepted.TYPE, TopicTail.header(record, "ce_type"));
            assertEquals(Ids.cloudEventId(token.workspaceId(), "evt_12345"), TopicTail.header(record, "ce_id"));
            JsonNode data = mapper.readTree(record.value());
            assertEquals("new_conversation", data.get("kind").asText());
            assertEquals("evt_12345", data.get("event_id").asText());
            assertEquals(token.workspaceId(), data.get("workspace_id").asText());
            assertEquals("jane.doe@example.com", data.at("/contact/email").asText());
            assertEquals(
                    answer.<String>path("contact_id"),
                    data.at("/contact/contact_id").asText());
        }
    }

    @Test
    void producerSerializesTheChannelEventContractSample() throws Exception {
        JsonNode sample = mapper.readTree(Files.readString(Path.of("src/test/resources/contracts/channel-event.json")));
        var event = new EventAccepted(
                sample.get("workspace_id").asText(),
                "evt_54321",
                "new_message",
                sample.get("conversation_id").asText(),
                "conv_98765",
                new EventAccepted.Contact(
                        sample.at("/contact/contact_id").asText(),
                        "user",
                        "user_002",
                        "John Smith",
                        "john.smith@example.com"),
                "Hello, I need help with my order.",
                null,
                null,
                Instant.parse("2026-11-21T10:15:30.123Z"));
        assertEquals(sample, mapper.readTree(mapper.writeValueAsString(event)));
    }

    @Test
    void requestWithoutTokenIs401AndWithoutTheChannelScopeIs403() {
        given().contentType(ContentType.JSON)
                .body(SEED_NEW_CONVERSATION)
                .post("/custom_channel_events/notify_new_conversation")
                .then()
                .statusCode(401)
                .body("type", equalTo("error.list"))
                .body("errors[0].code", equalTo("unauthorized"));
        post("cat_unknown", "notify_new_conversation", SEED_NEW_CONVERSATION)
                .then()
                .statusCode(401);
        var reader = token(Scopes.OBJECTS_READ);
        post(reader.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION)
                .then()
                .statusCode(403)
                .body("errors[0].code", equalTo("forbidden"));
    }

    @Test
    void bodyLargerThanTheLimitIs413() {
        var token = token(Scopes.CHANNEL_EVENTS);
        String large = SEED_NEW_CONVERSATION.replace("}\n}", "},\"body\":\"" + "x".repeat(300 * 1024) + "\"}");
        post(token.secret(), "notify_new_message", large)
                .then()
                .statusCode(413)
                .body("type", equalTo("error.list"))
                .body("errors[0].code", equalTo("request_too_large"));
        String huge = SEED_NEW_CONVERSATION.replace("}\n}", "},\"body\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}");
        post(token.secret(), "notify_new_message", huge)
                .then()
                .statusCode(413)
                .body("type", equalTo("error.list"))
                .body("errors[0].code", equalTo("request_too_large"));
    }

    @Test
    void requestsToPathsOfTheirOwnAddNoMetricSeriesNamedAfterThem() {
        var token = token(Scopes.CHANNEL_EVENTS);
        String large = "x".repeat(300 * 1024);
        for (int i = 0; i < 3; i++) {
            String path = "made_up_" + i;
            // Over the limit, refused before anyone is known; and with a token, not found.
            given().contentType(ContentType.JSON)
                    .body(large)
                    .post("/custom_channel_events/" + path)
                    .then()
                    .statusCode(413);
            post(token.secret(), path, SEED_NEW_CONVERSATION).then().statusCode(404);
        }
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        // Neither in the events API's counters nor in the HTTP server's (counted under uri="UNKNOWN").
        Assertions.assertFalse(metrics.contains("made_up_"), metrics);
        Assertions.assertTrue(metrics.contains("status=\"413\",uri=\"UNKNOWN\""), metrics);
        Assertions.assertTrue(
                metrics.contains("gateway_events_rejected_total{code=\"request_too_large\",kind=\"unknown\""), metrics);
    }

    @Test
    void openApiDocumentDescribesTheFourEndpointsWithExamplesAndErrors() {
        var doc = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String endpoint : new String[] {
            "notify_new_conversation", "notify_new_message", "notify_quick_reply_selected", "notify_attribute_collected"
        }) {
            String operation = "paths.'/custom_channel_events/" + endpoint + "'.post";
            Assertions.assertNotNull(doc.get(operation + ".requestBody.content.'application/json'.examples"));
            for (String status : new String[] {"200", "400", "401", "403", "409", "413", "415", "422", "503"}) {
                Assertions.assertNotNull(doc.get(operation + ".responses.'" + status + "'"), endpoint + " " + status);
            }
        }
    }

    @Test
    void metricsCountAcceptedAndRejectedEventsAndTimeRequests() {
        var token = token(Scopes.CHANNEL_EVENTS);
        post(token.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION)
                .then()
                .statusCode(200);
        post(token.secret(), "notify_new_conversation", "{}").then().statusCode(400);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Assertions.assertTrue(
                metrics.contains("gateway_events_accepted_total{kind=\"notify_new_conversation\""), metrics);
        Assertions.assertTrue(metrics.contains("gateway_events_rejected_total{code=\"parameter_not_found\""));
        Assertions.assertTrue(metrics.contains("http_server_requests_seconds_bucket"));
        Assertions.assertTrue(metrics.contains("gateway_events_publish_seconds_bucket"));
    }

    @Test
    void revokedTokenIsRefusedWithinSeconds() {
        var token = token(Scopes.CHANNEL_EVENTS);
        post(token.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION)
                .then()
                .statusCode(200);
        TestTokens.revoke(bootstrapServers(), token);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> post(token.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION)
                                .statusCode()
                        == 401);
    }

    @Test
    void sameExternalIdsMapToSameIdsWithinAWorkspaceAndOtherIdsElsewhere() {
        var a = token(Scopes.CHANNEL_EVENTS);
        var b = token(Scopes.CHANNEL_EVENTS);
        String first = post(a.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION)
                .then()
                .statusCode(200)
                .extract()
                .path("conversation_id");
        String again = post(
                        a.secret(),
                        "notify_new_message",
                        SEED_NEW_CONVERSATION.replace("evt_12345", "evt_other").replace("}\n}", "},\"body\":\"hi\"}"))
                .then()
                .statusCode(200)
                .extract()
                .path("conversation_id");
        assertEquals(first, again);
        post(b.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION)
                .then()
                .statusCode(200)
                .body("conversation_id", not(equalTo(first)));
    }

    @Test
    void retriedEventIdIsAnsweredTheSameAndConflictingContentIs409() {
        var token = token(Scopes.CHANNEL_EVENTS);
        String first = post(token.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String retried = post(token.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(first, retried);
        String reformatted =
                "{\"contact\":{\"email\":\"jane.doe@example.com\",\"name\":\"Jane Doe\",\"external_id\":\"user_001\","
                        + "\"type\":\"user\"},  \"external_conversation_id\":\"conv_67890\", \"event_id\":\"evt_12345\"}";
        assertEquals(
                first,
                post(token.secret(), "notify_new_conversation", reformatted)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString(),
                "the same content in another key order is the same event");
        post(token.secret(), "notify_new_message", SEED_NEW_CONVERSATION.replace("}\n}", "},\"body\":\"hi\"}"))
                .then()
                .statusCode(409);
        post(token.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION.replace("Jane Doe", "Someone Else"))
                .then()
                .statusCode(409)
                .body("errors[0].field", equalTo("event_id"));
    }

    @Test
    void invalidEventsAreRefusedNamingTheField() {
        var token = token(Scopes.CHANNEL_EVENTS);
        post(
                        token.secret(),
                        "notify_new_conversation",
                        SEED_NEW_CONVERSATION.replace("\"event_id\": \"evt_12345\",", ""))
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("parameter_not_found"))
                .body("errors[0].field", equalTo("event_id"));
        post(token.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION.replace("\"Jane Doe\"", "42"))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("contact.name"));
        post(token.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION.replace("\"user\"", "\"bot\""))
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("contact.type"));
        post(token.secret(), "notify_new_message", SEED_NEW_CONVERSATION.replace("}\n}", "},\"body\":\"\"}"))
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("body"));
        post(token.secret(), "notify_new_conversation", "{\"event_id\": ")
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("bad_request"));
        post(token.secret(), "notify_new_conversation", "[1, 2]")
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("bad_request"));
        post(token.secret(), "notify_new_conversation", "")
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("bad_request"));
        post(token.secret(), "notify_quick_reply_selected", SEED_NEW_CONVERSATION)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("quick_reply_option_id"));
        post(
                        token.secret(),
                        "notify_attribute_collected",
                        SEED_NEW_CONVERSATION.replace("}\n}", "},\"attribute\":{\"id\":\"x\"}}"))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("attribute.value"));
        post(token.secret(), "notify_attribute_collected", SEED_NEW_CONVERSATION)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("attribute"));
        post(token.secret(), "notify_new_conversation", "{\"event_id\": 7, \"contact\": {\"type\": \"lead\"}}")
                .then()
                .statusCode(400)
                .body("errors.field", Matchers.contains("event_id", "external_conversation_id", "contact.external_id"));
        post(token.secret(), "notify_new_conversation", SEED_NEW_CONVERSATION.replace("\"name\": \"Jane Doe\",", ""))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("contact.name"));
        post(
                        token.secret(),
                        "notify_new_conversation",
                        SEED_NEW_CONVERSATION
                                .replace("\"type\": \"user\"", "\"type\": \"lead\"")
                                .replace("\"name\": \"Jane Doe\",", ""))
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token.secret())
                .contentType(ContentType.TEXT)
                .body("hello")
                .post("/custom_channel_events/notify_new_conversation")
                .then()
                .statusCode(415)
                .body("errors[0].code", equalTo("unsupported_media_type"));
    }
}

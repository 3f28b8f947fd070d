package dev.customactions.objects;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.messaging.DeadLetters;
import dev.customactions.common.testing.TestRecords;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.objects.event.ActionResultReceived;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** action.results against the real broker and database: applied once, wholly or not at all. */
@QuarkusTest
class ActionResultsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ObjectMapper mapper;

    /** The executor's contract sample, with the data model it writes to. */
    private Workspaces shopify() {
        var workspace = Workspaces.create();
        // Protected (not messenger-writable): an end user can't set it, an action can.
        workspace.attribute("conversation", "ccda_shopify_order_fulfillment_status", "string", true);
        workspace.attribute("conversation", "marker", "integer", true);
        workspace.orderType();
        return workspace;
    }

    @Test
    void contractSampleIsReadAsTheConsumerNeedsIt() throws Exception {
        var result = mapper.readValue(Files.readString(ActionResults.CONTRACT), ActionResultReceived.class);
        Assertions.assertAll(
                () -> Assertions.assertNotNull(result.runId()),
                () -> Assertions.assertNotNull(result.workspaceId()),
                () -> Assertions.assertTrue(result.stores(), "live and successful"),
                () -> Assertions.assertEquals(2, result.writes().size()),
                () -> Assertions.assertEquals(
                        "conversation", result.writes().get(0).get("target").asText()),
                () -> Assertions.assertEquals(
                        "custom_object", result.writes().get(1).get("target").asText()),
                () -> Assertions.assertEquals(
                        "1001", result.writes().get(1).get("external_id").asText()),
                () -> Assertions.assertTrue(
                        result.writes().get(1).get("references").isArray()));
    }

    @Test
    void contractSampleIsAppliedWhollyWithItsReferences() throws Exception {
        var workspace = shopify();
        ObjectNode result = ActionResults.sample(mapper, workspace.id());
        String conversationId = result.get("conversation_id").asText();
        String contactId = result.get("contact_id").asText();
        double applied = ActionResults.metric("objects_action_results_total", "outcome=\"applied\"");
        ActionResults.publish(result);

        String path = "/conversations/" + conversationId;
        Awaitility.await()
                .atMost(WAIT)
                .until(() -> workspace.asAdmin().get(path).statusCode() == 200);
        // Known only from the result so far: the channel event will fill in the rest.
        workspace
                .asAdmin()
                .get(path)
                .then()
                .body("custom_attributes.ccda_shopify_order_fulfillment_status", equalTo("shipped"))
                .body("external_id", nullValue())
                .body("custom_object_instances.data.external_id", contains("1001"));
        workspace
                .asAdmin()
                .queryParam("external_id", "1001")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(200)
                .body("custom_attributes.status", equalTo("shipped"))
                .body("custom_attributes.total_price", equalTo(52.5f))
                .body("references.type", containsInAnyOrder("contact", "conversation"))
                .body("references.id", containsInAnyOrder(contactId, conversationId));
        workspace
                .asAdmin()
                .queryParam("references_contact_id", contactId)
                .get("/custom_object_instances/Order")
                .then()
                .body("data.external_id", contains("1001"));
        // Each record names the run that wrote it.
        String runId = result.get("run_id").asText();
        String actionId = result.get("action_id").asText();
        workspace
                .asAdmin()
                .get(path + "/runs")
                .then()
                .statusCode(200)
                .body("data.run_id", contains(runId))
                .body("data.action_id", contains(actionId));
        String instanceId = workspace
                .asAdmin()
                .queryParam("external_id", "1001")
                .get("/custom_object_instances/Order")
                .path("id");
        workspace
                .asAdmin()
                .get("/custom_object_instances/Order/" + instanceId + "/runs")
                .then()
                .statusCode(200)
                .body("total_count", equalTo(1))
                .body("data.run_id", contains(runId));
        Assertions.assertTrue(
                ActionResults.metric("objects_action_results_total", "outcome=\"applied\"") >= applied + 1);
    }

    @Test
    void redeliveredResultChangesNothing() throws Exception {
        var workspace = shopify();
        ObjectNode result = ActionResults.sample(mapper, workspace.id());
        String conversationId = result.get("conversation_id").asText();
        ActionResults.publish(result);
        // The same run again, as a redelivery would bring it, but altered: applied twice, it would show.
        ObjectNode again = result.deepCopy();
        ((ObjectNode) again.at("/writes/0/attributes")).put("ccda_shopify_order_fulfillment_status", "returned");
        ((ObjectNode) again.at("/writes/1/attributes")).put("status", "returned");
        ActionResults.publish(again);
        marker(workspace, conversationId, 1);

        workspace
                .asAdmin()
                .get("/conversations/" + conversationId)
                .then()
                .body("custom_attributes.ccda_shopify_order_fulfillment_status", equalTo("shipped"));
        workspace
                .asAdmin()
                .queryParam("external_id", "1001")
                .get("/custom_object_instances/Order")
                .then()
                .body("custom_attributes.status", equalTo("shipped"));
    }

    @Test
    void resultWithAnInvalidWriteAppliesNothingAndTheRejectionIsRecorded() throws Exception {
        var workspace = shopify();
        String conversationId = UUID.randomUUID().toString();
        double rejected = ActionResults.metric(
                "objects_write_rejections_total", "source=\"action_result\"", "reason=\"wrong_type\"");
        ObjectNode result =
                ActionResults.withWrites(mapper, workspace.id(), conversationId, """
                [{"target": "conversation", "id": "%s", "attributes": {"ccda_shopify_order_fulfillment_status": "shipped"}},
                 {"target": "custom_object", "type": "Order", "external_id": "1001",
                  "attributes": {"total_price": "52.50", "colour": "red"}}]""".formatted(conversationId));
        ActionResults.publish(result);
        String runId = result.get("run_id").asText();

        Awaitility.await()
                .atMost(WAIT)
                .until(() -> workspace
                                .asAdmin()
                                .queryParam("source_id", runId)
                                .get("/write_rejections")
                                .jsonPath()
                                .getInt("total_count")
                        == 1);
        workspace
                .asAdmin()
                .queryParam("source_id", runId)
                .get("/write_rejections")
                .then()
                .body("data[0].type", equalTo("write_rejection"))
                .body("data[0].source", equalTo("action_result"))
                .body("data[0].conversation_id", equalTo(conversationId))
                .body("data[0].action_id", equalTo(result.get("action_id").asText()))
                .body("data[0].reason", equalTo("wrong_type"))
                .body(
                        "data[0].errors.field",
                        contains("writes[1].attributes.total_price", "writes[1].attributes.colour"))
                .body("data[0].errors.reason", contains("wrong_type", "unknown_attribute"));
        // Nothing of it was applied, not even its valid conversation write.
        workspace.asAdmin().get("/conversations/" + conversationId).then().statusCode(404);
        workspace
                .asAdmin()
                .queryParam("external_id", "1001")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(404);
        Assertions.assertTrue(ActionResults.metric(
                        "objects_write_rejections_total", "source=\"action_result\"", "reason=\"wrong_type\"")
                >= rejected + 1);

        // Redelivered, it is not recorded twice.
        ActionResults.publish(result);
        marker(workspace, conversationId, 1);
        workspace
                .asAdmin()
                .queryParam("source_id", runId)
                .get("/write_rejections")
                .then()
                .body("total_count", equalTo(1));
    }

    @Test
    void actionsNeverWriteProtectedStandardOrUndefinedAttributes() throws Exception {
        var workspace = shopify();
        workspace.attribute("contact", "user_shopify_id", "string", false);
        String conversationId = UUID.randomUUID().toString();
        String contactId = UUID.randomUUID().toString();
        ObjectNode standard =
                ActionResults.withWrites(mapper, workspace.id(), conversationId, """
                [{"target": "contact", "id": "%s", "attributes": {"user_shopify_id": "42", "email": "victim@example.com"}}]""".formatted(contactId));
        ObjectNode undefinedAndArchived =
                ActionResults.withWrites(mapper, workspace.id(), conversationId, """
                [{"target": "conversation", "id": "%s", "attributes": {"not_defined": 1}},
                 {"target": "custom_object", "type": "Invoice", "external_id": "1", "attributes": {}},
                 {"target": "custom_object", "type": "Order", "external_id": "", "attributes": {}},
                 {"target": "company", "id": "x", "attributes": {}},
                 {"target": "custom_object", "type": "Order", "external_id": "2", "attributes": {},
                  "references": [{"target": "company", "id": "x"}]}]""".formatted(conversationId));
        ObjectNode protectedOnly =
                ActionResults.withWrites(mapper, workspace.id(), conversationId, """
                [{"target": "contact", "id": "%s", "attributes": {"user_shopify_id": "42"}}]""".formatted(contactId));
        ActionResults.publish(standard);
        ActionResults.publish(undefinedAndArchived);
        ActionResults.publish(protectedOnly);
        marker(workspace, conversationId, 7);

        workspace
                .asAdmin()
                .queryParam("source_id", standard.get("run_id").asText())
                .get("/write_rejections")
                .then()
                .body(
                        "data[0].errors.field",
                        contains("writes[0].attributes.user_shopify_id", "writes[0].attributes.email"))
                .body("data[0].errors.reason", contains("protected_attribute", "standard_attribute"));
        workspace
                .asAdmin()
                .queryParam("source_id", undefinedAndArchived.get("run_id").asText())
                .get("/write_rejections")
                .then()
                .body(
                        "data[0].errors.field",
                        contains(
                                "writes[0].attributes.not_defined",
                                "writes[1].type",
                                "writes[2].external_id",
                                "writes[3].target",
                                "writes[4].references[0].target"))
                .body(
                        "data[0].errors.reason",
                        contains(
                                "unknown_attribute",
                                "unknown_object_type",
                                "invalid_write",
                                "invalid_write",
                                "invalid_write"));
        workspace
                .asAdmin()
                .queryParam("source_id", protectedOnly.get("run_id").asText())
                .get("/write_rejections")
                .then()
                .body("data[0].reason", equalTo("protected_attribute"))
                .body(
                        "data[0].errors[0].message",
                        equalTo("user_shopify_id is protected: it is not action-writable, "
                                + "so an action can't set it (admins only)"));
        workspace.asAdmin().get("/contacts/" + contactId).then().statusCode(404);
    }

    @Test
    void testRunsAndFailedRunsStoreNothing() throws Exception {
        var workspace = shopify();
        ObjectNode test = ActionResults.sample(mapper, workspace.id());
        test.put("mode", "test");
        String conversationId = test.get("conversation_id").asText();
        ObjectNode failed = ActionResults.sample(mapper, workspace.id());
        failed.put("status", "failure");
        failed.put("conversation_id", conversationId);
        ((ObjectNode) failed.at("/writes/0")).put("id", conversationId);
        ActionResults.publish(test);
        ActionResults.publish(failed);
        marker(workspace, conversationId, 3);

        workspace
                .asAdmin()
                .get("/conversations/" + conversationId)
                .then()
                .body("custom_attributes", not(hasKey("ccda_shopify_order_fulfillment_status")));
        workspace
                .asAdmin()
                .queryParam("external_id", "1001")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(404);
    }

    @Test
    void aBadResultInABatchNeitherBlocksNorPoisonsTheOthers() throws Exception {
        var owner = shopify();
        var event = ChannelEvents.conversation(mapper, owner);
        String ownersConversation = event.get("conversation_id").asText();
        var workspace = shopify();
        String conversationId = UUID.randomUUID().toString();
        var values = new ArrayList<String>();
        var runs = new ArrayList<String>();
        for (int i = 1; i <= 30; i++) {
            String writes;
            if (i == 10) {
                // Another workspace's conversation: refused by the stored data, not by the model.
                writes = """
                        [{"target": "conversation", "id": "%s", "attributes": {"marker": 666}},
                         {"target": "custom_object", "type": "Order", "external_id": "evil", "attributes": {}}]""".formatted(ownersConversation);
            } else if (i == 20) {
                writes = """
                        [{"target": "custom_object", "type": "Order", "external_id": "o20", "attributes": {"quantity": 1.5}}]""";
            } else {
                writes = """
                        [{"target": "conversation", "id": "%s", "attributes": {"marker": %d}},
                         {"target": "custom_object", "type": "Order", "external_id": "o%d", "attributes": {"quantity": %d},
                          "references": [{"target": "conversation", "id": "%s"}]}]""".formatted(conversationId, i, i, i, conversationId);
            }
            ObjectNode result = ActionResults.withWrites(mapper, workspace.id(), conversationId, writes);
            values.add(result.toString());
            runs.add(result.get("run_id").asText());
        }
        ActionResults.publishAll(values, workspace.id() + ":" + conversationId);

        // Until then the conversation may not exist yet (404) or have no marker: both read as null.
        Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> workspace
                                .asAdmin()
                                .get("/conversations/" + conversationId)
                                .jsonPath()
                                .get("custom_attributes.marker"),
                        equalTo(30));
        workspace
                .asAdmin()
                .queryParam("references_conversation_id", conversationId)
                .queryParam("per_page", 150)
                .get("/custom_object_instances/Order")
                .then()
                .body("total_count", equalTo(28));
        workspace
                .asAdmin()
                .queryParam("external_id", "evil")
                .get("/custom_object_instances/Order")
                .then()
                .statusCode(404);
        workspace
                .asAdmin()
                .queryParam("source_id", runs.get(9))
                .get("/write_rejections")
                .then()
                .body("data[0].reason", equalTo("other_workspace"))
                .body("data[0].errors[0].field", equalTo("writes[0].id"));
        workspace
                .asAdmin()
                .queryParam("source_id", runs.get(19))
                .get("/write_rejections")
                .then()
                .body("data[0].reason", equalTo("wrong_type"));
        workspace
                .asAdmin()
                .queryParam("source", "action_result")
                .get("/write_rejections")
                .then()
                .body("total_count", equalTo(2));
        // The owner's conversation is untouched.
        owner.asAdmin()
                .get("/conversations/" + ownersConversation)
                .then()
                .body("custom_attributes", not(hasKey("marker")));
    }

    @Test
    void resultsOfOneConversationAreAppliedInOrder() throws Exception {
        var workspace = shopify();
        String conversationId = UUID.randomUUID().toString();
        var values = new ArrayList<String>();
        for (int i = 1; i <= 60; i++) {
            values.add(ActionResults.withWrites(
                            mapper, workspace.id(), conversationId, """
                    [{"target": "conversation", "id": "%s", "attributes": {"marker": %d}},
                     {"target": "custom_object", "type": "Order", "external_id": "same", "attributes": {"quantity": %d}}]""".formatted(conversationId, i, i))
                    .toString());
        }
        ActionResults.publishAll(values, workspace.id() + ":" + conversationId);
        Awaitility.await()
                .atMost(WAIT)
                .until(() -> workspace
                                .asAdmin()
                                .queryParam("external_id", "same")
                                .get("/custom_object_instances/Order")
                                .then()
                                .extract()
                                .statusCode()
                        == 200);
        Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> workspace
                                .asAdmin()
                                .get("/conversations/" + conversationId)
                                .jsonPath()
                                .get("custom_attributes.marker"),
                        equalTo(60));
        workspace
                .asAdmin()
                .queryParam("external_id", "same")
                .get("/custom_object_instances/Order")
                .then()
                .body("custom_attributes.quantity", equalTo(60));
    }

    @Test
    void unreadableRecordGoesToTheDeadLetterTopicAndTheNextIsApplied() throws Exception {
        var workspace = shopify();
        String id = UUID.randomUUID().toString();
        String conversationId = UUID.randomUUID().toString();
        try (var dlq = TopicTail.of(ChannelEvents.bootstrapServers(), Topics.dlq(Topics.ACTION_RESULTS))) {
            TestRecords.publish(
                    ChannelEvents.bootstrapServers(),
                    Topics.ACTION_RESULTS,
                    workspace.id() + ":" + conversationId,
                    id,
                    "dev.customactions.run.completed",
                    "{not json");
            marker(workspace, conversationId, 5);
            dlq.awaitRecord(WAIT, record -> id.equals(TopicTail.header(record, "ce_id")));
        }
    }

    @Test
    void aResultRejectedForAMissingAttributeIsDeadLetteredAndAReplayOnceFixedIsAppliedOnce() throws Exception {
        var workspace = shopify();
        String conversationId = UUID.randomUUID().toString();
        ObjectNode result =
                ActionResults.withWrites(mapper, workspace.id(), conversationId, """
                [{"target": "conversation", "id": "%s", "attributes": {"loyalty_tier": "gold", "marker": 1}}]""".formatted(conversationId));
        String runId = result.get("run_id").asText();
        String key = workspace.id() + ":" + conversationId;
        ConsumerRecord<String, String> deadLetter;
        try (var dlq = TopicTail.of(ChannelEvents.bootstrapServers(), Topics.dlq(Topics.ACTION_RESULTS))) {
            ActionResults.publish(result);
            deadLetter = dlq.awaitRecord(WAIT, record -> record.value().contains(runId));
        }
        Assertions.assertEquals(key, deadLetter.key());
        Assertions.assertTrue(
                TopicTail.header(deadLetter, "dead-letter-reason").contains("unknown_attribute"),
                TopicTail.header(deadLetter, "dead-letter-reason"));
        // The rejection is recorded as before (the admin reads why on /write_rejections).
        workspace
                .asAdmin()
                .queryParam("source_id", runId)
                .get("/write_rejections")
                .then()
                .body("data[0].reason", equalTo("unknown_attribute"));

        // A replay before the fix is rejected again (and dead-lettered again); after it, applied once.
        try (var dlq = TopicTail.of(ChannelEvents.bootstrapServers(), Topics.dlq(Topics.ACTION_RESULTS))) {
            replay(key, result.toString());
            dlq.awaitRecord(WAIT, record -> record.value().contains(runId));
        }
        workspace.attribute("conversation", "loyalty_tier", "string", true);
        replay(key, result.toString());
        Awaitility.await().atMost(WAIT).until(() -> "gold"
                .equals(workspace
                        .asAdmin()
                        .get("/conversations/" + conversationId)
                        .jsonPath()
                        .getString("custom_attributes.loyalty_tier")));
        ObjectNode changed = result.deepCopy();
        ((ObjectNode) changed.at("/writes/0/attributes")).put("loyalty_tier", "silver");
        replay(key, changed.toString());
        marker(workspace, conversationId, 2);
        workspace
                .asAdmin()
                .get("/conversations/" + conversationId)
                .then()
                .body("custom_attributes.loyalty_tier", equalTo("gold"));
        workspace
                .asAdmin()
                .queryParam("source_id", runId)
                .get("/write_rejections")
                .then()
                .body("total_count", equalTo(2));
    }

    /** Publishes {@code value} on action.results as an operator's replay of a dead letter. */
    private static void replay(String key, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ChannelEvents.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            var record = new ProducerRecord<>(Topics.ACTION_RESULTS, key, value);
            record.headers().add(DeadLetters.REPLAY_OF, "action.results.dlq:0:1".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    /** Publishes a result setting {@code marker} on {@code conversationId} and waits until it is applied. */
    private void marker(Workspaces workspace, String conversationId, int value) throws Exception {
        ObjectNode marker =
                ActionResults.withWrites(mapper, workspace.id(), conversationId, """
                [{"target": "conversation", "id": "%s", "attributes": {"marker": %d}}]""".formatted(conversationId, value));
        ActionResults.publish(marker);
        Awaitility.await().atMost(WAIT).until(() -> {
            var response = workspace.asAdmin().get("/conversations/" + conversationId);
            return response.statusCode() == 200
                    && Integer.valueOf(value).equals(response.jsonPath().get("custom_attributes.marker"));
        });
    }
}

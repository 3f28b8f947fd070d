package dev.customactions.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.secret.SecretBox;
import dev.customactions.common.testing.TestRecords;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.executor.definition.DefinitionCache;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Drives the executor the way the rest of the platform does: definitions published on
 * {@code definitions.changes} (connection secrets sealed, as the definitions service seals them),
 * events on {@code channel.events}, invocations on {@code action.invocations}; results read from
 * {@code action.results} and {@code action.test-results}.
 */
public final class Fixtures implements AutoCloseable {

    static final String CHANGED = "dev.customactions.definition.changed";
    static final String EVENT_TYPE = "dev.customactions.channel.event.accepted";
    static final String INVOCATION_TYPE = "dev.customactions.action.invocation.requested";

    public final ObjectMapper mapper;
    private final SecretBox box;
    private final DefinitionCache cache;
    private final TopicTail results;

    public Fixtures(ObjectMapper mapper, SecretBox box, DefinitionCache cache) {
        this.mapper = mapper;
        this.box = box;
        this.cache = cache;
        this.results = TopicTail.of(bootstrapServers(), Topics.ACTION_RESULTS, Topics.ACTION_TEST_RESULTS);
    }

    public static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public ObjectNode json(String text) {
        try {
            return (ObjectNode) mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Publishes a connection of {@code type} and waits until the executor knows it. */
    public String connection(
            String workspaceId,
            String type,
            List<String> hosts,
            Map<String, String> settings,
            Map<String, String> secrets)
            throws Exception {
        String id = newId();
        String sealed = box.seal(mapper.writeValueAsString(secrets), "connection:" + workspaceId + ":" + id);
        ObjectNode definition = mapper.createObjectNode()
                .put("name", "Shop")
                .put("auth_type", type)
                .put("sealed_secrets", sealed);
        definition.set("allowed_hosts", mapper.valueToTree(hosts));
        definition.set("settings", mapper.valueToTree(settings));
        publishDefinition(workspaceId, "connection", id, definition);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> cache.connection(workspaceId, id)
                .isPresent());
        return id;
    }

    /** Publishes live version 1 of an action and waits until the executor knows it. */
    public String action(String workspaceId, ObjectNode definition) throws Exception {
        String id = newId();
        ObjectNode live = mapper.createObjectNode().put("name", "Get order").put("live_version", 1);
        live.set("definition", definition);
        publishDefinition(workspaceId, "action", id, live);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> cache.action(workspaceId, id)
                .isPresent());
        return id;
    }

    /** Publishes a live trigger and waits until the executor knows it. */
    public String trigger(
            String workspaceId, String actionId, List<String> kinds, JsonNode condition, JsonNode bindings)
            throws Exception {
        String id = newId();
        ObjectNode trigger =
                mapper.createObjectNode().put("name", "On order number").put("action_id", actionId);
        trigger.set("event_kinds", mapper.valueToTree(kinds));
        trigger.set("condition", condition);
        trigger.set("input_bindings", bindings);
        publishDefinition(workspaceId, "trigger", id, trigger);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> cache.trigger(workspaceId, id)
                .isPresent());
        return id;
    }

    private void publishDefinition(String workspaceId, String kind, String id, ObjectNode definition) throws Exception {
        ObjectNode change = mapper.createObjectNode()
                .put("workspace_id", workspaceId)
                .put("kind", kind)
                .put("id", id)
                .put("version", 1)
                .put("changed_at", Instant.now().toString());
        change.set("definition", definition);
        TestRecords.publish(
                bootstrapServers(),
                Topics.DEFINITIONS_CHANGES,
                workspaceId + ":" + kind + ":" + id,
                newId(),
                CHANGED,
                mapper.writeValueAsString(change));
    }

    /** A channel event (the gateway's shape) of {@code kind} in conversation {@code conversationId}. */
    public ObjectNode event(String workspaceId, String conversationId, String kind) {
        ObjectNode event = json("""
                {"event_id": "", "kind": "", "external_conversation_id": "conv_98765",
                 "contact": {"contact_id": "", "type": "user", "external_id": "user_002", "name": "John Smith",
                             "email": "john.smith@example.com"},
                 "body": null, "quick_reply_option_id": null, "attribute": null, "received_at": "2026-11-21T10:15:30.123Z"}""");
        event.put("workspace_id", workspaceId)
                .put("event_id", "evt_" + newId())
                .put("kind", kind)
                .put("conversation_id", conversationId);
        ((ObjectNode) event.get("contact")).put("contact_id", "contact-of-" + conversationId);
        return event;
    }

    public void publishEvent(ObjectNode event) throws Exception {
        TestRecords.publish(
                bootstrapServers(),
                Topics.CHANNEL_EVENTS,
                event.get("workspace_id").asText() + ":"
                        + event.get("conversation_id").asText(),
                newId(),
                EVENT_TYPE,
                mapper.writeValueAsString(event));
    }

    /** Publishes a test invocation of {@code definition} with {@code inputs}; answers its invocation id. */
    public String invokeTest(String workspaceId, ObjectNode definition, ObjectNode inputs, JsonNode mockResponse)
            throws Exception {
        String invocationId = newId();
        String actionId = newId();
        ObjectNode invocation = mapper.createObjectNode()
                .put("invocation_id", invocationId)
                .put("workspace_id", workspaceId)
                .put("mode", "test")
                .put("action_id", actionId)
                .put("action_name", "Get order")
                .put("action_version", 0)
                .put("requested_at", Instant.now().toString());
        invocation.set("definition", definition);
        invocation.set("inputs", inputs);
        invocation.set("mock_response", mockResponse);
        TestRecords.publish(
                bootstrapServers(),
                Topics.ACTION_INVOCATIONS,
                workspaceId + ":" + actionId,
                newId(),
                INVOCATION_TYPE,
                mapper.writeValueAsString(invocation));
        return invocationId;
    }

    /**
     * Publishes an invocation of the live version of {@code actionId} in {@code mode} (live or agent) by token
     * {@code requestedBy}; answers its invocation id.
     */
    public String invokeLive(
            String workspaceId,
            String actionId,
            String mode,
            ObjectNode inputs,
            String conversationId,
            String requestedBy)
            throws Exception {
        String invocationId = newId();
        ObjectNode invocation = mapper.createObjectNode()
                .put("invocation_id", invocationId)
                .put("workspace_id", workspaceId)
                .put("mode", mode)
                .put("action_id", actionId)
                .put("action_name", "Get order")
                .put("action_version", 1)
                .put("conversation_id", conversationId)
                .put("requested_at", Instant.now().toString())
                .put("requested_by", requestedBy);
        invocation.set("inputs", inputs);
        TestRecords.publish(
                bootstrapServers(),
                Topics.ACTION_INVOCATIONS,
                workspaceId + ":" + conversationId,
                newId(),
                INVOCATION_TYPE,
                mapper.writeValueAsString(invocation));
        return invocationId;
    }

    /** The first result matching {@code match}, waiting up to 30 s. */
    public JsonNode result(Predicate<JsonNode> match) {
        ConsumerRecord<String, String> record =
                results.awaitRecord(Duration.ofSeconds(30), r -> match.test(read(r.value())));
        return read(record.value());
    }

    public JsonNode resultOfInvocation(String invocationId) {
        return result(r -> invocationId.equals(r.path("invocation_id").asText()));
    }

    /** Every result so far matching {@code match}. */
    public List<JsonNode> results(Predicate<JsonNode> match) {
        return results.poll().stream().map(r -> read(r.value())).filter(match).toList();
    }

    private JsonNode read(String value) {
        try {
            return mapper.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        results.close();
    }
}

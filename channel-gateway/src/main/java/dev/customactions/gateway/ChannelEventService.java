package dev.customactions.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.error.JsonErrors;
import dev.customactions.gateway.event.EventAccepted;
import dev.customactions.gateway.messaging.ChannelEventPublisher;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Accepts custom-channel events: checks them, maps external ids to stable ids, recognises a
 * retried event id, and publishes the event before answering. Nothing blocks a thread: the
 * ledger's batches and Kafka's acknowledgement complete the answer.
 */
@ApplicationScoped
public class ChannelEventService {

    /** The answer to an accepted event, in Intercom's shape. */
    public record Acknowledged(
            String externalConversationId, String conversationId, String externalContactId, String contactId) {}

    private final ChannelEventPublisher publisher;
    private final EventLedger ledger;
    private final GatewayConfig config;
    private final ObjectMapper mapper;

    ChannelEventService(
            ChannelEventPublisher publisher, EventLedger ledger, GatewayConfig config, ObjectMapper mapper) {
        this.publisher = publisher;
        this.ledger = ledger;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * Accepts an event of {@code kind} for {@code workspaceId}: records its id, then publishes it
     * and answers once Kafka acknowledged it. The same event id with other content is a 409 and
     * is not published. A retry with the same content is published again under the same
     * CloudEvents id (its first attempt may have failed before Kafka took it), which every
     * consumer recognises, so it has no second effect; it is answered with the same ids, which
     * derive from the workspace and the external ids.
     */
    public Uni<Acknowledged> accept(String workspaceId, EventKind kind, byte[] body) {
        if (body.length > config.maxBodyBytes()) {
            throw new ApiException(
                    413,
                    ErrorCodes.REQUEST_TOO_LARGE,
                    "The body is larger than " + config.maxBodyBytes() + " bytes",
                    null);
        }
        JsonNode json = readJson(body);
        ChannelEventRequest request = ChannelEventRequest.parse(kind, json);
        String fingerprint = fingerprint(kind, json);
        String conversationId = Ids.conversationId(workspaceId, request.externalConversationId());
        String contactId = Ids.contactId(workspaceId, request.contactExternalId());
        var event = new EventAccepted(
                workspaceId,
                request.eventId(),
                kind.wireName(),
                conversationId,
                request.externalConversationId(),
                new EventAccepted.Contact(
                        contactId,
                        request.contactType(),
                        request.contactExternalId(),
                        request.contactName(),
                        request.contactEmail()),
                request.body(),
                request.quickReplyOptionId(),
                request.attributeId() == null
                        ? null
                        : new EventAccepted.Attribute(request.attributeId(), request.attributeValue()),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        var entry = new EventLedger.Entry(
                workspaceId,
                request.eventId(),
                fingerprint,
                conversationId,
                request.externalConversationId(),
                contactId,
                request.contactExternalId(),
                event.receivedAt());
        var ids = new Acknowledged(
                request.externalConversationId(), conversationId, request.contactExternalId(), contactId);

        // The record is built here, on the request's event loop; the ledger's thread only hands it
        // to the producer, and the answer goes back to this event loop.
        var record = publisher.record(event);
        CompletableFuture<Acknowledged> answer = ledger.record(entry).thenCompose(earlier -> {
            if (earlier.isPresent() && !earlier.get().fingerprint().equals(fingerprint)) {
                throw ApiException.conflict(
                        "event_id", "event_id '" + request.eventId() + "' was already used for a different event");
            }
            return publisher.publish(record).thenApply(published -> ids);
        });
        return Uni.createFrom()
                .completionStage(answer)
                .onFailure(CompletionException.class)
                .transform(Throwable::getCause)
                .emitOn(onCurrentContext());
    }

    private static Executor onCurrentContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }

    private JsonNode readJson(byte[] body) {
        try {
            JsonNode json = body.length == 0 ? null : mapper.readTree(body);
            if (json == null || !json.isObject()) {
                throw new ApiException(400, ErrorCodes.BAD_REQUEST, "The body must be a JSON object", null);
            }
            return json;
        } catch (JsonProcessingException e) {
            throw JsonErrors.refusal(e);
        } catch (IOException e) {
            throw new ApiException(400, ErrorCodes.BAD_REQUEST, "The body is not valid JSON", null);
        }
    }

    /** SHA-256 of the kind and the request's JSON with object keys sorted: the same content, however formatted. */
    private String fingerprint(EventKind kind, JsonNode json) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (JsonGenerator generator = mapper.getFactory()
                    .createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
                generator.writeString(kind.wireName());
                writeCanonical(json, generator);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint an event", e);
        }
    }

    private static void writeCanonical(JsonNode node, JsonGenerator generator) throws IOException {
        if (node.isObject()) {
            generator.writeStartObject();
            var names = new ArrayList<String>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            for (String name : names) {
                generator.writeFieldName(name);
                writeCanonical(node.get(name), generator);
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode element : node) {
                writeCanonical(element, generator);
            }
            generator.writeEndArray();
        } else {
            generator.writeTree(node);
        }
    }
}

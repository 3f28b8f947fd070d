package dev.customactions.gateway;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.gateway.event.EventAccepted;
import dev.customactions.gateway.messaging.ChannelEventPublisher;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Accepts custom-channel events: checks them, maps external ids to stable ids, recognises a
 * retried event id, and publishes the event before answering.
 */
@ApplicationScoped
public class ChannelEventService {

    /** The answer to an accepted event, in Intercom's shape. */
    public record Acknowledged(String externalConversationId, String conversationId, String externalContactId,
            String contactId) {
    }

    private final ChannelEventPublisher publisher;
    private final EntityManager entityManager;
    private final GatewayConfig config;
    private final ObjectMapper mapper;
    private final ObjectMapper canonical;

    ChannelEventService(ChannelEventPublisher publisher, EntityManager entityManager, GatewayConfig config,
            ObjectMapper mapper) {
        this.publisher = publisher;
        this.entityManager = entityManager;
        this.config = config;
        this.mapper = mapper;
        this.canonical = mapper.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    /** Forgets event ids older than the retention; a retry after that is a new event to the gateway. */
    @Scheduled(every = "${customactions.gateway.event-id-purge-interval:10m}", delayed = "1m")
    @Transactional
    void forgetOldEventIds() {
        int forgotten = entityManager.createNativeQuery("DELETE FROM accepted_event WHERE accepted_at < ?1")
                .setParameter(1, Instant.now().minus(config.eventIdRetention()))
                .executeUpdate();
        if (forgotten > 0) {
            Log.infof("Forgot %d event ids older than %s", forgotten, config.eventIdRetention());
        }
    }

    private JsonNode readJson(byte[] body) {
        try {
            JsonNode json = body.length == 0 ? null : mapper.readTree(body);
            if (json == null || !json.isObject()) {
                throw new ApiException(400, ErrorCodes.BAD_REQUEST, "The body must be a JSON object", null);
            }
            return json;
        } catch (java.io.IOException e) {
            throw new ApiException(400, ErrorCodes.BAD_REQUEST, "The body is not valid JSON", null);
        }
    }

    /**
     * Accepts an event of {@code kind} for {@code workspaceId}. A retried event id with the same
     * content is answered as before and not published again; with other content it is a 409.
     * <p>
     * No transaction is held while Kafka acknowledges: the event is published first and its id
     * recorded after. Should the gateway stop in between, the client's retry publishes it again
     * with the same CloudEvents id, which every consumer recognises.
     */
    public Acknowledged accept(String workspaceId, EventKind kind, byte[] body) {
        if (body.length > config.maxBodyBytes()) {
            throw new ApiException(413, ErrorCodes.REQUEST_TOO_LARGE,
                    "The body is larger than " + config.maxBodyBytes() + " bytes", null);
        }
        JsonNode json = readJson(body);
        ChannelEventRequest request = ChannelEventRequest.parse(kind, json);
        String fingerprint = fingerprint(kind, json);
        var previous = AcceptedEvent.find(workspaceId, request.eventId());
        if (previous.isPresent()) {
            return answerRetry(previous.get(), fingerprint);
        }
        String conversationId = Ids.conversationId(workspaceId, request.externalConversationId());
        String contactId = Ids.contactId(workspaceId, request.contactExternalId());
        var event = new EventAccepted(workspaceId, request.eventId(), kind.wireName(), conversationId,
                request.externalConversationId(),
                new EventAccepted.Contact(contactId, request.contactType(), request.contactExternalId(), request.contactName(),
                        request.contactEmail()),
                request.body(), request.quickReplyOptionId(),
                request.attributeId() == null ? null : new EventAccepted.Attribute(request.attributeId(), request.attributeValue()),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        publisher.publish(event);

        int inserted = QuarkusTransaction.requiringNew().call(() -> recordEventId(workspaceId, request, fingerprint,
                conversationId, contactId, event.receivedAt()));
        if (inserted == 0) {
            // The same event id was accepted concurrently; the event's CloudEvents id lets consumers keep one.
            return answerRetry(AcceptedEvent.find(workspaceId, request.eventId()).orElseThrow(), fingerprint);
        }
        return new Acknowledged(request.externalConversationId(), conversationId, request.contactExternalId(), contactId);
    }

    /**
     * Records an accepted event id. The commit does not wait for the disk: the event itself is
     * already durable in Kafka, and should the last few records be lost in a database crash, a
     * retry is published again under the same CloudEvents id, which consumers recognise.
     */
    private int recordEventId(String workspaceId, ChannelEventRequest request, String fingerprint, String conversationId,
            String contactId, Instant acceptedAt) {
        entityManager.createNativeQuery("SET LOCAL synchronous_commit = off").executeUpdate();
        return entityManager.createNativeQuery("""
                INSERT INTO accepted_event (workspace_id, event_id, fingerprint, conversation_id, external_conversation_id,
                                            contact_id, external_contact_id, accepted_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                ON CONFLICT DO NOTHING""")
                .setParameter(1, workspaceId).setParameter(2, request.eventId()).setParameter(3, fingerprint)
                .setParameter(4, conversationId).setParameter(5, request.externalConversationId())
                .setParameter(6, contactId).setParameter(7, request.contactExternalId())
                .setParameter(8, acceptedAt)
                .executeUpdate();
    }

    private static Acknowledged answerRetry(AcceptedEvent previous, String fingerprint) {
        if (!previous.fingerprint.equals(fingerprint)) {
            throw ApiException.conflict("event_id",
                    "event_id '" + previous.eventId + "' was already used for a different event");
        }
        return new Acknowledged(previous.externalConversationId, previous.conversationId, previous.externalContactId,
                previous.contactId);
    }

    private String fingerprint(EventKind kind, JsonNode json) {
        try {
            byte[] canonicalJson = canonical.writeValueAsBytes(Map.of("kind", kind.wireName(),
                    "body", canonical.convertValue(json, Object.class)));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalJson));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint an event", e);
        }
    }
}

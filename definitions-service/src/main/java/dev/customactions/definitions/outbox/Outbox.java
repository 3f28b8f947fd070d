package dev.customactions.definitions.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/** Appends records to the outbox in the caller's transaction; {@link OutboxRelay} publishes them. */
@ApplicationScoped
public class Outbox {

    /** Fired in the transaction that appended a record; observed after it commits. */
    public record Appended() {}

    private final ObjectMapper mapper;
    private final Event<Appended> appended;

    Outbox(ObjectMapper mapper, Event<Appended> appended) {
        this.mapper = mapper;
        this.appended = appended;
    }

    /** Appends a record of {@code type} with {@code data} (null for a tombstone) for {@code topic}, keyed {@code key}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, String type, Object data) {
        var message = new OutboxMessage();
        message.eventId = UUID.randomUUID();
        message.topic = topic;
        message.messageKey = key;
        message.eventType = type;
        try {
            message.payload = data == null ? null : mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialize " + type, e);
        }
        message.createdAt = Instant.now();
        message.persist();
        appended.fire(new Appended());
    }
}

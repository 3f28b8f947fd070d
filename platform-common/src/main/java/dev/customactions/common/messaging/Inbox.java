package dev.customactions.common.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The idempotent consumer's memory: marks a Kafka record as processed in the transaction of its
 * effect, so a redelivered record is recognised and its effect applied once. Each service using
 * it has a {@code processed_message (consumer, message_id, processed_at)} table.
 */
@ApplicationScoped
public class Inbox {

    private final EntityManager entityManager;

    Inbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Marks {@code record} as processed by {@code consumer}; answers false when it already was
     * (the caller then skips its effect). Must run in the transaction of the effect.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, ConsumerRecord<?, ?> record) {
        return entityManager.createNativeQuery("""
                INSERT INTO processed_message (consumer, message_id, processed_at) VALUES (?1, ?2, ?3)
                ON CONFLICT DO NOTHING""")
                .setParameter(1, consumer)
                .setParameter(2, messageId(record))
                .setParameter(3, Instant.now())
                .executeUpdate() == 1;
    }

    /** The record's CloudEvents id, or its position when it has none. */
    public static String messageId(ConsumerRecord<?, ?> record) {
        Header id = record.headers().lastHeader("ce_id");
        if (id != null) {
            return new String(id.value(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}

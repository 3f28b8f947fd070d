package dev.customactions.objects.conversation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.customactions.common.messaging.Inbox;
import dev.customactions.objects.event.ChannelEventReceived;

/**
 * Records what a channel event says about its contact and conversation: creates them, updates the
 * contact's name, email and type, and moves the conversation's last activity forward. An older
 * event never overwrites what a newer one wrote.
 */
@ApplicationScoped
public class ConversationActivity {

    private final EntityManager entityManager;
    private final Inbox inbox;

    ConversationActivity(EntityManager entityManager, Inbox inbox) {
        this.entityManager = entityManager;
        this.inbox = inbox;
    }

    /** Applies {@code event} unless {@code record} was applied before; the mark and the effect commit together. */
    @Transactional
    public void applyOnce(String consumer, ConsumerRecord<?, ?> record, ChannelEventReceived event) {
        if (inbox.firstDelivery(consumer, record)) {
            apply(event);
        }
    }

    private void apply(ChannelEventReceived event) {
        var contact = event.contact();
        entityManager.createNativeQuery("""
                INSERT INTO contact (id, workspace_id, external_id, role, name, email, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
                ON CONFLICT (id) DO UPDATE SET
                    role = EXCLUDED.role,
                    name = COALESCE(EXCLUDED.name, contact.name),
                    email = COALESCE(EXCLUDED.email, contact.email),
                    updated_at = EXCLUDED.updated_at
                WHERE contact.updated_at <= EXCLUDED.updated_at""")
                .setParameter(1, contact.contactId())
                .setParameter(2, event.workspaceId())
                .setParameter(3, contact.externalId())
                .setParameter(4, contact.type())
                .setParameter(5, contact.name())
                .setParameter(6, contact.email())
                .setParameter(7, event.receivedAt())
                .executeUpdate();
        entityManager.createNativeQuery("""
                INSERT INTO conversation (id, workspace_id, external_id, contact_id, created_at, updated_at, last_activity_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5)
                ON CONFLICT (id) DO UPDATE SET
                    last_activity_at = GREATEST(conversation.last_activity_at, EXCLUDED.last_activity_at),
                    updated_at = GREATEST(conversation.updated_at, EXCLUDED.updated_at)""")
                .setParameter(1, event.conversationId())
                .setParameter(2, event.workspaceId())
                .setParameter(3, event.externalConversationId())
                .setParameter(4, contact.contactId())
                .setParameter(5, event.receivedAt())
                .executeUpdate();
    }
}

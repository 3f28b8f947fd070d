package dev.customactions.objects.conversation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.Session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.customactions.common.messaging.Inbox;
import dev.customactions.objects.ObjectsConfig;
import dev.customactions.objects.event.ChannelEventReceived;
import dev.customactions.objects.model.AttributeCheck;
import dev.customactions.objects.model.DataModel;
import dev.customactions.objects.rejection.Rejections;
import dev.customactions.objects.rejection.WriteRejection;

/**
 * Records what a channel event says about its contact and conversation: creates them, updates the
 * contact's name, email and type, and moves the conversation's last activity forward. An older
 * event never overwrites what a newer one wrote.
 * <p>
 * An {@code attribute_collected} event sets the custom attribute it names: the conversation's when
 * conversations define it (as Intercom's messenger sets conversation attributes), else the
 * contact's. Only a defined, unarchived, messenger-writable attribute with a value of its type is
 * set; anything else (a protected attribute such as a user's id in another system, an undefined
 * one, a wrong type, a standard attribute) is refused and recorded as a write rejection.
 */
@ApplicationScoped
public class ConversationActivity {

    private final EntityManager entityManager;
    private final Inbox inbox;
    private final Rejections rejections;
    private final ObjectsConfig config;
    private final ObjectMapper mapper;

    ConversationActivity(EntityManager entityManager, Inbox inbox, Rejections rejections, ObjectsConfig config,
            ObjectMapper mapper) {
        this.entityManager = entityManager;
        this.inbox = inbox;
        this.rejections = rejections;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * Applies {@code event} unless {@code record} was applied before; the mark and the effect
     * commit together. Answers the refusal of its attribute, if it had one refused.
     */
    @Transactional
    public Optional<Rejections.Rejection> applyOnce(String consumer, ConsumerRecord<?, ?> record, ChannelEventReceived event) {
        if (!inbox.firstDelivery(consumer, record)) {
            return Optional.empty();
        }
        apply(event);
        if ("attribute_collected".equals(event.kind()) && event.attribute() != null) {
            return collect(event);
        }
        return Optional.empty();
    }

    private void apply(ChannelEventReceived event) {
        var contact = event.contact();
        entityManager.createNativeQuery("""
                INSERT INTO contact (id, workspace_id, external_id, role, name, email, created_at, updated_at, last_event_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)
                ON CONFLICT (id) DO UPDATE SET
                    external_id = COALESCE(contact.external_id, EXCLUDED.external_id),
                    role = EXCLUDED.role,
                    name = COALESCE(EXCLUDED.name, contact.name),
                    email = COALESCE(EXCLUDED.email, contact.email),
                    created_at = LEAST(contact.created_at, EXCLUDED.created_at),
                    updated_at = GREATEST(contact.updated_at, EXCLUDED.updated_at),
                    last_event_at = EXCLUDED.last_event_at
                WHERE contact.workspace_id = EXCLUDED.workspace_id
                    AND (contact.last_event_at IS NULL OR contact.last_event_at <= EXCLUDED.last_event_at)""")
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
                    external_id = COALESCE(conversation.external_id, EXCLUDED.external_id),
                    contact_id = COALESCE(conversation.contact_id, EXCLUDED.contact_id),
                    created_at = LEAST(conversation.created_at, EXCLUDED.created_at),
                    last_activity_at = GREATEST(conversation.last_activity_at, EXCLUDED.last_activity_at),
                    updated_at = GREATEST(conversation.updated_at, EXCLUDED.updated_at)
                WHERE conversation.workspace_id = EXCLUDED.workspace_id""")
                .setParameter(1, event.conversationId())
                .setParameter(2, event.workspaceId())
                .setParameter(3, event.externalConversationId())
                .setParameter(4, contact.contactId())
                .setParameter(5, event.receivedAt())
                .executeUpdate();
    }

    private Optional<Rejections.Rejection> collect(ChannelEventReceived event) {
        String name = event.attribute().id();
        JsonNode value = event.attribute().value();
        Session session = entityManager.unwrap(Session.class);
        DataModel model = session.doReturningWork(connection -> DataModel.load(connection, List.of(event.workspaceId())));
        boolean onConversation = name != null && model.attribute(event.workspaceId(), "conversation", name).isPresent();
        boolean onContact = name != null && !onConversation && model.attribute(event.workspaceId(), "contact", name).isPresent();
        List<AttributeCheck.Problem> problems;
        if (name == null || name.isBlank()) {
            problems = List.of(new AttributeCheck.Problem(AttributeCheck.UNKNOWN_ATTRIBUTE, "attribute.id", "attribute.id is missing"));
        } else if (!onConversation && !onContact) {
            problems = List.of(new AttributeCheck.Problem(AttributeCheck.UNKNOWN_ATTRIBUTE, "attribute.id",
                    name + " is not a custom attribute of conversations or contacts"));
        } else {
            problems = AttributeCheck.ofModel(model, event.workspaceId(), onConversation ? "conversation" : "contact",
                    Map.of(name, value == null ? mapper.nullNode() : value), "attribute", AttributeCheck.Writer.END_USER,
                    config.maxStringLength()).stream()
                    .map(p -> new AttributeCheck.Problem(p.reason(), "attribute.value", p.message()))
                    .toList();
        }
        if (!problems.isEmpty()) {
            var rejection = new Rejections.Rejection(event.workspaceId(), WriteRejection.CHANNEL_EVENT, event.eventId(),
                    event.conversationId(), event.contact().contactId(), null, problems);
            session.doWork(connection -> rejections.store(connection, List.of(rejection),
                    Instant.now().truncatedTo(ChronoUnit.MICROS)));
            return Optional.of(rejection);
        }
        String table = onConversation ? "conversation" : "contact";
        String id = onConversation ? event.conversationId() : event.contact().contactId();
        entityManager.createNativeQuery("UPDATE " + table
                + " SET custom_attributes = jsonb_strip_nulls(custom_attributes || CAST(?1 AS jsonb)),"
                + " updated_at = GREATEST(updated_at, ?2) WHERE workspace_id = ?3 AND id = ?4")
                .setParameter(1, mapper.createObjectNode().set(name, value == null ? mapper.nullNode() : value).toString())
                .setParameter(2, event.receivedAt())
                .setParameter(3, event.workspaceId())
                .setParameter(4, id)
                .executeUpdate();
        return Optional.empty();
    }
}

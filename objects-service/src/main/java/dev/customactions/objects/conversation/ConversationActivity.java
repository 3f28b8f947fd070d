package dev.customactions.objects.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.failure.Failures;
import dev.customactions.common.messaging.Inbox;
import dev.customactions.objects.ObjectsConfig;
import dev.customactions.objects.event.ChannelEventReceived;
import dev.customactions.objects.model.AttributeCheck;
import dev.customactions.objects.model.DataModel;
import dev.customactions.objects.rejection.Rejections;
import dev.customactions.objects.rejection.WriteRejection;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.hibernate.Session;

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

    /** A channel event and the id of the record it came in (its CloudEvents id). */
    public record Delivery(String messageId, ChannelEventReceived event) {}

    /** The events applied for the first time, and the refusals of those naming another workspace's records. */
    private record Applied(List<ChannelEventReceived> events, List<Rejections.Rejection> foreign) {}

    /** Of the contact and conversation ids given (with their event's workspace), those of another workspace. */
    private static final String FOREIGN_RECORDS = """
            SELECT 'contact', c.id FROM contact c JOIN unnest(?::text[], ?::text[]) AS u(id, w)
                ON c.id = u.id AND c.workspace_id <> u.w
            UNION ALL
            SELECT 'conversation', c.id FROM conversation c JOIN unnest(?::text[], ?::text[]) AS u(id, w)
                ON c.id = u.id AND c.workspace_id <> u.w""";

    private static final String CONTACT_UPSERT = """
            INSERT INTO contact (id, workspace_id, external_id, role, name, email, created_at, updated_at, last_event_at)
            SELECT u.id, u.w, u.x, u.r, u.n, u.e, u.at, u.at, u.at
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                AS u(id, w, x, r, n, e, at)
            ON CONFLICT (id) DO UPDATE SET
                external_id = COALESCE(contact.external_id, EXCLUDED.external_id),
                role = EXCLUDED.role,
                name = COALESCE(EXCLUDED.name, contact.name),
                email = COALESCE(EXCLUDED.email, contact.email),
                created_at = LEAST(contact.created_at, EXCLUDED.created_at),
                updated_at = GREATEST(contact.updated_at, EXCLUDED.updated_at),
                last_event_at = EXCLUDED.last_event_at
            WHERE contact.workspace_id = EXCLUDED.workspace_id
                AND (contact.last_event_at IS NULL OR contact.last_event_at <= EXCLUDED.last_event_at)""";

    private static final String CONVERSATION_UPSERT = """
            INSERT INTO conversation (id, workspace_id, external_id, contact_id, created_at, updated_at, last_activity_at)
            SELECT u.id, u.w, u.x, u.c, u.at, u.at, u.at
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[]) AS u(id, w, x, c, at)
            ON CONFLICT (id) DO UPDATE SET
                external_id = COALESCE(conversation.external_id, EXCLUDED.external_id),
                contact_id = COALESCE(conversation.contact_id, EXCLUDED.contact_id),
                created_at = LEAST(conversation.created_at, EXCLUDED.created_at),
                last_activity_at = GREATEST(conversation.last_activity_at, EXCLUDED.last_activity_at),
                updated_at = GREATEST(conversation.updated_at, EXCLUDED.updated_at)
            WHERE conversation.workspace_id = EXCLUDED.workspace_id""";

    private final EntityManager entityManager;
    private final Rejections rejections;
    private final ObjectsConfig config;
    private final ObjectMapper mapper;

    ConversationActivity(
            EntityManager entityManager, Rejections rejections, ObjectsConfig config, ObjectMapper mapper) {
        this.entityManager = entityManager;
        this.rejections = rejections;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * Applies the events of {@code deliveries} (in the order given) whose records {@code consumer}
     * has not applied before, all in one transaction with their inbox marks: one statement marks
     * them, one batch of upserts (one round trip) records their contacts, one their conversations.
     * While the database is unavailable ({@link Failures#isTransient}) the whole batch is tried
     * again, backing off up to 10 s; any other failure rolls it back and is thrown. Answers the
     * refusals of collected attributes.
     */
    @Retry(maxRetries = -1, delay = 200, jitter = 100, maxDuration = 0)
    @RetryWhen(exception = Failures.Transient.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public List<Rejections.Rejection> applyOnce(String consumer, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Session session = entityManager.unwrap(Session.class);
            Applied applied = session.doReturningWork(connection -> {
                var ids = new LinkedHashSet<String>();
                deliveries.forEach(delivery -> ids.add(delivery.messageId()));
                Set<String> first = Inbox.firstDeliveries(
                        connection, consumer, ids, Instant.now().truncatedTo(ChronoUnit.MICROS));
                var events = new ArrayList<ChannelEventReceived>();
                for (Delivery delivery : deliveries) {
                    // remove: a record delivered twice in one batch is applied once
                    if (first.remove(delivery.messageId())) {
                        events.add(delivery.event());
                    }
                }
                upsert(connection, events);
                List<Rejections.Rejection> foreign = foreign(connection, events);
                rejections.store(connection, foreign, Instant.now().truncatedTo(ChronoUnit.MICROS));
                return new Applied(events, foreign);
            });
            var refused = new ArrayList<>(applied.foreign());
            for (ChannelEventReceived event : applied.events()) {
                if ("attribute_collected".equals(event.kind()) && event.attribute() != null) {
                    collect(event).ifPresent(refused::add);
                }
            }
            return refused;
        });
    }

    /**
     * The refusals of {@code events} whose contact or conversation id is another workspace's record (the
     * upserts left it alone): recorded, not skipped in silence. Ids are derived from the workspace and the
     * external id, so two workspaces' events meet only where a record was made under a foreign id.
     */
    private static List<Rejections.Rejection> foreign(Connection connection, List<ChannelEventReceived> events)
            throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        var foreign = new LinkedHashSet<String>();
        try (PreparedStatement statement = connection.prepareStatement(FOREIGN_RECORDS)) {
            statement.setArray(
                    1, texts(connection, events, event -> event.contact().contactId()));
            statement.setArray(2, texts(connection, events, ChannelEventReceived::workspaceId));
            statement.setArray(3, texts(connection, events, ChannelEventReceived::conversationId));
            statement.setArray(4, texts(connection, events, ChannelEventReceived::workspaceId));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    foreign.add(rows.getString(1) + ':' + rows.getString(2));
                }
            }
        }
        var refused = new ArrayList<Rejections.Rejection>();
        for (ChannelEventReceived event : events) {
            var problems = new ArrayList<AttributeCheck.Problem>();
            if (foreign.contains("contact:" + event.contact().contactId())) {
                problems.add(new AttributeCheck.Problem(
                        Rejections.OTHER_WORKSPACE,
                        "contact.contact_id",
                        "contact " + event.contact().contactId() + " is another workspace's: left alone"));
            }
            if (foreign.contains("conversation:" + event.conversationId())) {
                problems.add(new AttributeCheck.Problem(
                        Rejections.OTHER_WORKSPACE,
                        "conversation_id",
                        "conversation " + event.conversationId() + " is another workspace's: left alone"));
            }
            if (!problems.isEmpty()) {
                refused.add(refusal(event, problems));
            }
        }
        return refused;
    }

    /** The refusal of channel event {@code event} for {@code problems}, as it is recorded. */
    private static Rejections.Rejection refusal(ChannelEventReceived event, List<AttributeCheck.Problem> problems) {
        return new Rejections.Rejection(
                event.workspaceId(),
                WriteRejection.CHANNEL_EVENT,
                event.eventId(),
                event.conversationId(),
                event.contact().contactId(),
                null,
                problems);
    }

    /**
     * Records the contacts, then the conversations of {@code events}: one multi-row statement for each
     * (columns as arrays), whatever the batch's size. PostgreSQL changes a row at most once per
     * statement, so an id met again in the batch goes in a second statement (a round), and so on: the
     * events of one contact or conversation apply in their order, as one by one. Within a round rows go
     * in the order of their ids, as the consumer of action results writes them, so two transactions
     * that meet on the same rows wait for each other instead of deadlocking.
     */
    private static void upsert(Connection connection, List<ChannelEventReceived> events) throws SQLException {
        for (List<ChannelEventReceived> round :
                rounds(events, event -> event.contact().contactId())) {
            try (PreparedStatement contacts = connection.prepareStatement(CONTACT_UPSERT)) {
                contacts.setArray(
                        1, texts(connection, round, event -> event.contact().contactId()));
                contacts.setArray(2, texts(connection, round, ChannelEventReceived::workspaceId));
                contacts.setArray(
                        3, texts(connection, round, event -> event.contact().externalId()));
                contacts.setArray(
                        4, texts(connection, round, event -> event.contact().type()));
                contacts.setArray(
                        5, texts(connection, round, event -> event.contact().name()));
                contacts.setArray(
                        6, texts(connection, round, event -> event.contact().email()));
                contacts.setArray(
                        7, texts(connection, round, event -> event.receivedAt().toString()));
                contacts.executeUpdate();
            }
        }
        for (List<ChannelEventReceived> round : rounds(events, ChannelEventReceived::conversationId)) {
            try (PreparedStatement conversations = connection.prepareStatement(CONVERSATION_UPSERT)) {
                conversations.setArray(1, texts(connection, round, ChannelEventReceived::conversationId));
                conversations.setArray(2, texts(connection, round, ChannelEventReceived::workspaceId));
                conversations.setArray(3, texts(connection, round, ChannelEventReceived::externalConversationId));
                conversations.setArray(
                        4, texts(connection, round, event -> event.contact().contactId()));
                conversations.setArray(
                        5, texts(connection, round, event -> event.receivedAt().toString()));
                conversations.executeUpdate();
            }
        }
    }

    /** {@code events} in rounds: round n holds the n-th event of each id, the rounds ordered by id. */
    static <T> List<List<T>> rounds(List<T> events, Function<T, String> id) {
        var rounds = new ArrayList<List<T>>();
        var seen = new HashMap<String, Integer>();
        for (T event : events) {
            int round = seen.merge(id.apply(event), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(event);
        }
        rounds.forEach(round -> round.sort(Comparator.comparing(id)));
        return rounds;
    }

    private static Array texts(
            Connection connection, List<ChannelEventReceived> events, Function<ChannelEventReceived, String> value)
            throws SQLException {
        return connection.createArrayOf("text", events.stream().map(value).toArray());
    }

    private Optional<Rejections.Rejection> collect(ChannelEventReceived event) {
        String name = event.attribute().id();
        JsonNode value = event.attribute().value();
        Session session = entityManager.unwrap(Session.class);
        DataModel model =
                session.doReturningWork(connection -> DataModel.load(connection, List.of(event.workspaceId())));
        boolean onConversation = name != null
                && model.attribute(event.workspaceId(), "conversation", name).isPresent();
        boolean onContact = name != null
                && !onConversation
                && model.attribute(event.workspaceId(), "contact", name).isPresent();
        List<AttributeCheck.Problem> problems;
        if (name == null || name.isBlank()) {
            problems = List.of(new AttributeCheck.Problem(
                    AttributeCheck.UNKNOWN_ATTRIBUTE, "attribute.id", "attribute.id is missing"));
        } else if (!onConversation && !onContact) {
            problems = List.of(new AttributeCheck.Problem(
                    AttributeCheck.UNKNOWN_ATTRIBUTE,
                    "attribute.id",
                    name + " is not a custom attribute of conversations or contacts"));
        } else {
            problems = AttributeCheck.ofModel(
                            model,
                            event.workspaceId(),
                            onConversation ? "conversation" : "contact",
                            Map.of(name, value == null ? mapper.nullNode() : value),
                            "attribute",
                            AttributeCheck.Writer.END_USER,
                            config.maxStringLength())
                    .stream()
                    .map(p -> new AttributeCheck.Problem(p.reason(), "attribute.value", p.message()))
                    .toList();
        }
        if (!problems.isEmpty()) {
            var rejection = refusal(event, problems);
            session.doWork(connection -> rejections.store(
                    connection, List.of(rejection), Instant.now().truncatedTo(ChronoUnit.MICROS)));
            return Optional.of(rejection);
        }
        String table = onConversation ? "conversation" : "contact";
        String id = onConversation ? event.conversationId() : event.contact().contactId();
        entityManager
                .createNativeQuery("UPDATE " + table
                        + " SET custom_attributes = jsonb_strip_nulls(custom_attributes || CAST(?1 AS jsonb)),"
                        + " updated_at = GREATEST(updated_at, ?2) WHERE workspace_id = ?3 AND id = ?4")
                .setParameter(
                        1,
                        mapper.createObjectNode()
                                .set(name, value == null ? mapper.nullNode() : value)
                                .toString())
                .setParameter(2, event.receivedAt())
                .setParameter(3, event.workspaceId())
                .setParameter(4, id)
                .executeUpdate();
        return Optional.empty();
    }
}

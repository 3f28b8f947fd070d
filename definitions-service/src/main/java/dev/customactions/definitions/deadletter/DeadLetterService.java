package dev.customactions.definitions.deadletter;

import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.messaging.DeadLetters;
import dev.customactions.definitions.deadletter.DeadLetterIndex.Entry;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What an operator does with dead letters: lists them (a workspace admin only its own workspace's),
 * replays them to their source topic, or discards them with a reason. Each dead letter is replayed or
 * discarded at most once, recorded in {@code dead_letter_action} (who, when, why, where it went). A
 * replay is the record's exact key, value and headers (the {@code dead-letter-*} ones removed) with a
 * {@code replay-of} header; its consumers apply it once (a record applied before is a no-op). Counted
 * as {@code customactions_dead_letter_actions_total{topic, action}}.
 */
@ApplicationScoped
public class DeadLetterService {

    /** Statuses of a dead letter. */
    public static final String OPEN = "open";

    public static final String REPLAYED = "replayed";
    public static final String DISCARDED = "discarded";

    /** Dead letters one request may act on. */
    static final int MAX_PER_REQUEST = 1_000;

    /** Compacted topics: the newest record of a key is the state, so a dead letter of them is never replayed. */
    static final Set<String> STATE_TOPICS = Set.of(Topics.DEFINITIONS_CHANGES, Topics.AUTH_TOKENS);

    private static final Duration LOAD_WAIT = Duration.ofSeconds(5);
    private static final Duration KAFKA_WAIT = Duration.ofSeconds(10);

    /** Who asks: their workspace, and whether they are a platform operator (who sees every workspace). */
    public record Caller(String workspaceId, String tokenId, boolean operator) {

        boolean sees(Entry entry) {
            return operator || workspaceId.equals(entry.workspaceId());
        }
    }

    /** What a list or a bulk action is about. */
    public record Filter(String topic, String reason, String status) {

        Predicate<Entry> matches() {
            String needle = reason == null ? null : reason.toLowerCase(Locale.ROOT);
            return entry -> (topic == null || topic.equals(entry.topic()))
                    && (needle == null
                            || entry.reason().toLowerCase(Locale.ROOT).contains(needle));
        }
    }

    /** What was done to a dead letter. */
    public record Act(
            String action,
            String by,
            Instant at,
            String reason,
            String replayedTopic,
            Integer replayedPartition,
            Long replayedOffset) {}

    /** A dead letter with its status and what was done to it. */
    public record Listed(Entry entry, String status, List<Act> history) {}

    /** Where a replayed dead letter went. */
    public record Replayed(String id, String topic, int partition, long offset) {}

    /** A dead letter a request left alone, and why. */
    public record Skipped(String id, String reason) {}

    private final DeadLetterIndex index;
    private final AgroalDataSource dataSource;
    private final Map<String, Object> kafka;
    private final MeterRegistry registry;
    private volatile KafkaProducer<String, byte[]> producer;

    DeadLetterService(
            DeadLetterIndex index,
            AgroalDataSource dataSource,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            MeterRegistry registry) {
        this.index = index;
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.registry = registry;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** The dead letters {@code caller} sees that match {@code filter} (its status included), newest first. */
    public List<Listed> list(Caller caller, Filter filter) {
        List<Entry> matching = visible(caller, filter);
        Map<String, Act> acts = acts(matching.stream().map(Entry::id).toList());
        String status = filter.status() == null ? OPEN : filter.status();
        var listed = new ArrayList<Listed>();
        for (Entry entry : matching) {
            Act act = acts.get(entry.id());
            String current = act == null ? OPEN : act.action();
            if ("all".equals(status) || status.equals(current)) {
                listed.add(new Listed(entry, current, act == null ? List.of() : List.of(act)));
            }
        }
        return listed;
    }

    /** Dead letter {@code id} if {@code caller} sees it, its status not read: where a list's page resumes. */
    public Optional<Entry> find(Caller caller, String id) {
        return loaded().get(id).filter(caller::sees);
    }

    /** One dead letter {@code caller} sees. */
    public Listed get(Caller caller, String id) {
        Entry entry = find(caller, id).orElseThrow(() -> ApiException.notFound("Dead letter"));
        Act act = acts(List.of(id)).get(id);
        return new Listed(entry, act == null ? OPEN : act.action(), act == null ? List.of() : List.of(act));
    }

    /** The open dead letters a bulk request names: by id (each must be one the caller sees), or all matching. */
    public List<Entry> selection(Caller caller, List<String> ids, Filter allMatching) {
        List<Entry> chosen;
        if (ids != null) {
            chosen = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                int at = i;
                chosen.add(loaded().get(id)
                        .filter(caller::sees)
                        .orElseThrow(() -> new ApiException(
                                404, ErrorCodes.NOT_FOUND, "No dead letter " + id, "ids[" + at + "]")));
            }
        } else {
            chosen = list(caller, new Filter(allMatching.topic(), allMatching.reason(), OPEN)).stream()
                    .map(Listed::entry)
                    .toList();
        }
        if (chosen.size() > MAX_PER_REQUEST) {
            throw ApiException.invalid(
                    ids != null ? "ids" : "all_matching",
                    chosen.size() + " dead letters selected; at most " + MAX_PER_REQUEST + " per request");
        }
        return chosen;
    }

    /**
     * Replays {@code entries} to their source topics, each once: a dead letter already replayed or
     * discarded is skipped. Answers where each went. An unavailable broker or database is a 503 and
     * records nothing for the dead letter it met.
     */
    public Map.Entry<List<Replayed>, List<Skipped>> replay(Caller caller, List<Entry> entries) {
        var replayed = new ArrayList<Replayed>();
        var skipped = new ArrayList<Skipped>();
        List<Entry> replayable = entries.stream()
                .filter(entry -> !STATE_TOPICS.contains(entry.topic()))
                .toList();
        Map<String, ConsumerRecord<String, byte[]>> records = read(replayable);
        for (Entry entry : entries) {
            if (STATE_TOPICS.contains(entry.topic())) {
                // The newest record of a key is its state: an old one replayed would bring back what was
                // changed since (a revoked token, an earlier definition). The readers load the current state
                // again at each start; the definitions service's database is its source.
                skipped.add(new Skipped(entry.id(), entry.topic() + " holds current state: not replayed"));
                continue;
            }
            ConsumerRecord<String, byte[]> record = records.get(entry.id());
            if (record == null) {
                skipped.add(new Skipped(entry.id(), "no longer on " + entry.deadLetterTopic() + " (retention)"));
                continue;
            }
            Replayed done = QuarkusTransaction.requiringNew().call(() -> {
                if (!claim(caller, entry, REPLAYED, null)) {
                    return null;
                }
                RecordMetadata sent = send(entry, record);
                recordWhere(entry.id(), sent);
                return new Replayed(entry.id(), sent.topic(), sent.partition(), sent.offset());
            });
            if (done == null) {
                skipped.add(new Skipped(entry.id(), "already replayed or discarded"));
            } else {
                replayed.add(done);
                registry.counter("customactions.dead.letter.actions", "topic", entry.topic(), "action", REPLAYED)
                        .increment();
                Log.infof(
                        "Dead letter %s replayed to %s-%d@%d by token %s",
                        entry.id(), done.topic(), done.partition(), done.offset(), caller.tokenId());
            }
        }
        return Map.entry(replayed, skipped);
    }

    /** Discards {@code entries} for {@code reason}, each once. Answers the ids discarded. */
    public Map.Entry<List<String>, List<Skipped>> discard(Caller caller, List<Entry> entries, String reason) {
        var discarded = new ArrayList<String>();
        var skipped = new ArrayList<Skipped>();
        for (Entry entry : entries) {
            boolean claimed = QuarkusTransaction.requiringNew().call(() -> claim(caller, entry, DISCARDED, reason));
            if (claimed) {
                discarded.add(entry.id());
                registry.counter("customactions.dead.letter.actions", "topic", entry.topic(), "action", DISCARDED)
                        .increment();
                Log.infof("Dead letter %s discarded by token %s: %s", entry.id(), caller.tokenId(), reason);
            } else {
                skipped.add(new Skipped(entry.id(), "already replayed or discarded"));
            }
        }
        return Map.entry(discarded, skipped);
    }

    private DeadLetterIndex loaded() {
        if (!index.awaitLoaded(LOAD_WAIT)) {
            throw new ApiException(
                    503,
                    ErrorCodes.SERVICE_UNAVAILABLE,
                    "The dead-letter topics are still being read; try again",
                    null);
        }
        return index;
    }

    private List<Entry> visible(Caller caller, Filter filter) {
        return loaded().all().stream()
                .filter(caller::sees)
                .filter(filter.matches())
                .toList();
    }

    /** Records {@code action} on the dead letter unless something was done to it before; answers whether it was. */
    private boolean claim(Caller caller, Entry entry, String action, String reason) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO dead_letter_action (dead_letter_id, source_topic, workspace_id, action, reason,
                            token_id, acted_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dead_letter_id) DO NOTHING""")) {
            statement.setString(1, entry.id());
            statement.setString(2, entry.topic());
            statement.setString(3, entry.workspaceId());
            statement.setString(4, action);
            statement.setString(5, reason);
            statement.setString(6, caller.tokenId());
            statement.setTimestamp(7, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS)));
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw unavailable("the database", e);
        }
    }

    private void recordWhere(String id, RecordMetadata sent) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE dead_letter_action SET replayed_partition = ?, replayed_offset = ? WHERE dead_letter_id = ?")) {
            statement.setInt(1, sent.partition());
            statement.setLong(2, sent.offset());
            statement.setString(3, id);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw unavailable("the database", e);
        }
    }

    private Map<String, Act> acts(List<String> ids) {
        var acts = new HashMap<String, Act>();
        if (ids.isEmpty()) {
            return acts;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT dead_letter_id, action, token_id, acted_at, reason, source_topic, replayed_partition,
                            replayed_offset
                        FROM dead_letter_action WHERE dead_letter_id = ANY(?)""")) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    boolean replayed = REPLAYED.equals(rows.getString(2));
                    Integer partition = rows.getObject(7) == null ? null : rows.getInt(7);
                    Long offset = rows.getObject(8) == null ? null : rows.getLong(8);
                    acts.put(
                            rows.getString(1),
                            new Act(
                                    rows.getString(2),
                                    rows.getString(3),
                                    rows.getTimestamp(4).toInstant(),
                                    rows.getString(5),
                                    replayed ? rows.getString(6) : null,
                                    partition,
                                    offset));
                }
            }
        } catch (SQLException e) {
            throw unavailable("the database", e);
        }
        return acts;
    }

    /** The exact records of {@code entries} on their dead-letter topics, by dead letter id. */
    private Map<String, ConsumerRecord<String, byte[]>> read(List<Entry> entries) {
        var found = new HashMap<String, ConsumerRecord<String, byte[]>>();
        if (entries.isEmpty()) {
            return found;
        }
        var props = new HashMap<>(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "dead-letter-replay-" + ProcessHandle.current().pid());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // One deadline for the whole request: a broker that doesn't answer fails it within 30 s.
        long requestDeadline = System.nanoTime() + 3 * KAFKA_WAIT.toNanos();
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            for (Entry entry : entries) {
                var partition = new TopicPartition(entry.deadLetterTopic(), entry.deadLetterPartition());
                if (consumer.beginningOffsets(List.of(partition)).get(partition) > entry.deadLetterOffset()) {
                    continue; // gone with the topic's retention
                }
                consumer.assign(List.of(partition));
                consumer.seek(partition, entry.deadLetterOffset());
                long deadline = requestDeadline;
                while (System.nanoTime() < deadline && !found.containsKey(entry.id())) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() == entry.deadLetterOffset()) {
                            found.put(entry.id(), record);
                        }
                        deadline = record.offset() >= entry.deadLetterOffset() ? 0 : deadline;
                    }
                }
            }
        } catch (RuntimeException e) {
            throw unavailable("Kafka", e);
        }
        return found;
    }

    private RecordMetadata send(Entry entry, ConsumerRecord<String, byte[]> record) {
        var replay = new ProducerRecord<String, byte[]>(entry.topic(), record.key(), record.value());
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DeadLetters.HEADER_PREFIX)
                    && !header.key().equals(DeadLetters.REPLAY_OF)) {
                replay.headers().add(header);
            }
        }
        replay.headers().add(DeadLetters.REPLAY_OF, entry.id().getBytes(StandardCharsets.UTF_8));
        try {
            // Beyond the producer's own delivery timeout, so that a send is known to have failed, not just slow.
            return producer().send(replay).get(KAFKA_WAIT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("Kafka", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw unavailable("Kafka", e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    var props = new HashMap<>(kafka);
                    props.keySet().removeIf(key -> key.startsWith("group.") || key.contains("deserializer"));
                    props.put(
                            ProducerConfig.CLIENT_ID_CONFIG,
                            "dead-letter-replay-" + ProcessHandle.current().pid());
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, KAFKA_WAIT.toMillis());
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) KAFKA_WAIT.toMillis());
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_WAIT.toMillis() / 2);
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
                    producer = new KafkaProducer<>(props);
                }
            }
        }
        return producer;
    }

    private static ApiException unavailable(String what, Exception cause) {
        Log.warnf("Dead letters: %s unavailable: %s", what, cause.getMessage());
        return new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, what + " is unavailable; try again", null);
    }
}

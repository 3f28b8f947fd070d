package dev.customactions.definitions.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.kafka.TopicReader;
import dev.customactions.common.kafka.Topics;
import dev.customactions.common.messaging.DeadLetters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Every record of the platform's dead-letter topics, as an operator reads them: followed from the
 * topics' beginning (on every replica alike) into memory, each with where it came from, why, when,
 * and its payload with secrets masked and its size capped. The newest {@value #MAX_KEPT} are kept;
 * an older one stays on its topic (and is counted) but is not listed.
 */
@ApplicationScoped
public class DeadLetterIndex {

    /** Dead letters kept in memory (the newest): with their payloads cut, at most about 80 MB. */
    static final int MAX_KEPT = 5_000;
    /** Characters of a payload shown; the rest is cut. */
    static final int MAX_PAYLOAD_CHARS = 8_192;

    /** The source topics that have a dead-letter topic. */
    public static final List<String> SOURCE_TOPICS = List.of(
            Topics.CHANNEL_EVENTS,
            Topics.ACTION_INVOCATIONS,
            Topics.ACTION_RESULTS,
            Topics.ACTION_TEST_RESULTS,
            Topics.DEFINITIONS_CHANGES,
            Topics.AUTH_TOKENS);

    /** Source topics whose keys start with the workspace id ({@code workspace_id:...}). */
    private static final List<String> KEYED_BY_WORKSPACE = List.of(Topics.CHANNEL_EVENTS, Topics.DEFINITIONS_CHANGES);

    /** Field names whose values are masked in a shown payload. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(secret|password|passwd|token|authorization|api[_-]?key|credential|sealed|private[_-]?key|cookie).*");

    static final String MASK = "****";

    /** One dead letter, as read from its topic. */
    public record Entry(
            String id,
            String deadLetterTopic,
            int deadLetterPartition,
            long deadLetterOffset,
            String topic,
            Integer partition,
            Long offset,
            String key,
            String workspaceId,
            String reason,
            String cause,
            String exception,
            Instant deadLetteredAt,
            String payload,
            int payloadSize,
            boolean payloadTruncated) {}

    /** The order dead letters are listed in. */
    public static final Comparator<Entry> NEWEST_FIRST = Comparator.comparing(Entry::deadLetteredAt)
            .thenComparing(Entry::deadLetterOffset)
            .thenComparing(Entry::id)
            .reversed();

    private final ObjectMapper mapper;
    private final TopicReader reader;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The same entries, oldest first, so that the oldest is dropped in log time. */
    private final ConcurrentSkipListSet<Entry> byAge = new ConcurrentSkipListSet<>(NEWEST_FIRST.reversed());

    DeadLetterIndex(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            ObjectMapper mapper,
            MeterRegistry registry) {
        this.mapper = mapper;
        this.reader = new TopicReader(SOURCE_TOPICS.stream().map(Topics::dlq).toList(), kafka, this::add, true);
        for (String topic : SOURCE_TOPICS) {
            Gauge.builder("customactions.dead.letters.kept", entries, all -> all.values().stream()
                            .filter(entry -> topic.equals(entry.topic()))
                            .count())
                    .description("Dead letters on a topic's dead-letter topic, replayed or discarded ones included")
                    .tag("topic", topic)
                    .register(registry);
        }
    }

    void onStart(@Observes StartupEvent event) {
        reader.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        reader.stop();
    }

    /** Whether the index has read every dead letter there was at start (waiting up to {@code timeout}). */
    public boolean awaitLoaded(Duration timeout) {
        return reader.awaitLoaded(timeout);
    }

    /** Every dead letter kept, newest first. */
    public List<Entry> all() {
        return List.copyOf(byAge.descendingSet());
    }

    public Optional<Entry> get(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** The id of the dead letter at {@code offset} of {@code partition} of the dead-letter topic {@code topic}. */
    public static String id(String topic, int partition, long offset) {
        return topic + ":" + partition + ":" + offset;
    }

    private void add(ConsumerRecord<String, String> record) {
        String value = record.value() == null ? "" : record.value();
        String source = header(record, "topic");
        if (source == null) {
            source = record.topic().substring(0, record.topic().length() - Topics.DLQ_SUFFIX.length());
        }
        JsonNode json = parse(value);
        String shown = json == null ? value : masked(json);
        boolean truncated = shown.length() > MAX_PAYLOAD_CHARS;
        var entry = new Entry(
                id(record.topic(), record.partition(), record.offset()),
                record.topic(),
                record.partition(),
                record.offset(),
                source,
                integer(header(record, "partition")),
                longValue(header(record, "offset")),
                record.key(),
                workspace(source, record.key(), json),
                Optional.ofNullable(header(record, "reason")).orElse("unknown"),
                header(record, "cause"),
                header(record, "exception-class-name"),
                Instant.ofEpochMilli(record.timestamp()),
                truncated ? shown.substring(0, MAX_PAYLOAD_CHARS) : shown,
                value.getBytes(StandardCharsets.UTF_8).length,
                truncated);
        Entry before = entries.put(entry.id(), entry);
        if (before != null) {
            byAge.remove(before);
        }
        byAge.add(entry);
        while (entries.size() > MAX_KEPT) {
            Entry oldest = byAge.pollFirst();
            if (oldest == null) {
                break;
            }
            entries.remove(oldest.id(), oldest);
        }
    }

    /** The workspace a dead letter belongs to: its payload's {@code workspace_id}, or its key's for keys that lead with it. */
    private static String workspace(String topic, String key, JsonNode json) {
        if (json != null && json.path("workspace_id").isTextual()) {
            return json.path("workspace_id").textValue();
        }
        if (key != null && KEYED_BY_WORKSPACE.contains(topic) && key.indexOf(':') > 0) {
            return key.substring(0, key.indexOf(':'));
        }
        return null;
    }

    private JsonNode parse(String value) {
        try {
            JsonNode json = mapper.readTree(value);
            return json != null && json.isContainerNode() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String masked(JsonNode json) {
        JsonNode copy = json.deepCopy();
        mask(copy);
        try {
            return mapper.writeValueAsString(copy);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces, at any depth, the value of every field whose name says it holds a secret. */
    static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(field -> {
                if (SECRET.matcher(field.getKey()).matches()
                        && !field.getValue().isNull()) {
                    field.setValue(object.textNode(MASK));
                } else {
                    mask(field.getValue());
                }
            });
        } else if (node != null && node.isArray()) {
            node.forEach(DeadLetterIndex::mask);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(DeadLetters.HEADER_PREFIX + name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

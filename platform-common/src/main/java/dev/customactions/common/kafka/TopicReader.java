package dev.customactions.common.kafka;

import dev.customactions.common.messaging.DeadLetters;
import io.quarkus.logging.Log;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads every partition of a topic without a consumer group, on a thread of its own, and hands
 * each record to a callback. From the beginning, it is how a service keeps an in-memory view of a
 * compacted state topic ({@code auth.tokens}, {@code definitions.changes}): the view is
 * {@linkplain #loaded() loaded} once it has caught up with the end offsets seen at start. From the
 * end, it follows what is new (each instance sees every record: replies to requests it made).
 * Once loaded it waits for new records in long polls ({@link #IDLE_WAIT}): a record that arrives ends the
 * wait at once, and a topic with nothing new costs the broker and the reader a request every few
 * seconds instead of two a second. A broker outage is retried every second. A record the callback can't apply goes to the topic's
 * {@code .dlq} with the reason ({@link DeadLetters}) and reading moves on. A reader of a whole state
 * topic meets such a record again at each start: it is dead-lettered once (the reader first reads
 * which of its records the dead-letter topic holds, by their {@code dead-letter-partition} and
 * {@code dead-letter-offset} headers).
 */
public final class TopicReader {

    /**
     * How long the broker holds a fetch that finds nothing new, and the reader's poll waits: a record
     * that arrives meanwhile is answered at once, so this bounds only the cost of a quiet topic.
     */
    static final Duration IDLE_WAIT = Duration.ofSeconds(5);

    /** A poll while loading, which checks after each one whether the view has caught up. */
    private static final Duration LOADING_POLL = Duration.ofMillis(200);

    private final String topic;
    private final List<String> topics;
    private final Map<String, Object> kafka;
    private final Consumer<ConsumerRecord<String, String>> apply;
    private final boolean fromBeginning;
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private volatile KafkaProducer<String, String> deadLetters;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running = true;
    /** Records on their dead-letter topic ({@code topic-partition@offset}), so that each goes there once. */
    private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();

    private Thread thread;

    /** A reader of the whole {@code topic} with the service's Kafka configuration, calling {@code apply} for each record. */
    public TopicReader(String topic, Map<String, Object> kafka, Consumer<ConsumerRecord<String, String>> apply) {
        this(topic, kafka, apply, true);
    }

    /** A reader of {@code topic} from its beginning or from its end (only records published after start). */
    public TopicReader(
            String topic,
            Map<String, Object> kafka,
            Consumer<ConsumerRecord<String, String>> apply,
            boolean fromBeginning) {
        this(List.of(topic), kafka, apply, fromBeginning);
    }

    /** A reader of every partition of several {@code topics} in one consumer, from their beginning or end. */
    public TopicReader(
            List<String> topics,
            Map<String, Object> kafka,
            Consumer<ConsumerRecord<String, String>> apply,
            boolean fromBeginning) {
        this.topics = List.copyOf(topics);
        this.topic = String.join(",", topics);
        this.kafka = kafka;
        this.apply = apply;
        this.fromBeginning = fromBeginning;
    }

    /** Starts reading on a daemon thread. */
    public void start() {
        thread = new Thread(this::run, topic + "-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops reading and waits (up to 5 s) for the thread to end. */
    public void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(5_000);
        }
        KafkaProducer<String, String> producer = deadLetters;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Completes once every record that existed at start has been applied. */
    public CompletableFuture<Void> loaded() {
        return loaded;
    }

    public boolean isLoaded() {
        return loaded.isDone();
    }

    /** Waits up to {@code timeout} for the view to be loaded; answers whether it is. */
    public boolean awaitLoaded(Duration timeout) {
        try {
            loaded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        while (running) {
            try {
                consume();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Log.warnf("Reading %s failed, retrying in 1 s: %s", topic, e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    // send's own future is not needed: its callback logs a failure.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void deadLetter(ConsumerRecord<String, String> record, RuntimeException reason) {
        if (!deadLettered.add(record.topic() + "-" + record.partition() + "@" + record.offset())) {
            // Its copy is on the dead-letter topic already (a reader of the whole topic meets it at each start).
            Log.debugf("%s-%d@%d is dead-lettered already", record.topic(), record.partition(), record.offset());
            return;
        }
        DeadLetters.counted(record.topic(), reason);
        if (deadLetters == null) {
            var props = new HashMap<String, Object>(kafka);
            props.keySet()
                    .removeIf(key -> key.startsWith("group.")
                            || key.contains("deserializer")
                            || key.startsWith("auto.")
                            || key.startsWith("enable.auto"));
            props.put(
                    ProducerConfig.CLIENT_ID_CONFIG,
                    topics.get(0) + "-dead-letters-" + ProcessHandle.current().pid());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            deadLetters = new KafkaProducer<>(props);
        }
        deadLetters.send(DeadLetters.record(record, reason), (metadata, failure) -> {
            if (failure != null) {
                Log.errorf(
                        "Dead-lettering %s-%d@%d failed: %s",
                        record.topic(), record.partition(), record.offset(), failure.getMessage());
            }
        });
    }

    private void consume() {
        var props = new HashMap<String, Object>(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) IDLE_WAIT.toMillis());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                topics.get(0) + "-reader-" + ProcessHandle.current().pid());
        try (var kafkaConsumer = new KafkaConsumer<String, String>(props)) {
            consumer = kafkaConsumer;
            var partitions = new ArrayList<TopicPartition>();
            for (String name : topics) {
                List<PartitionInfo> found = kafkaConsumer.partitionsFor(name, Duration.ofSeconds(30));
                if (found.isEmpty()) {
                    throw new IllegalStateException("topic " + name + " does not exist yet");
                }
                found.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            kafkaConsumer.assign(partitions);
            if (fromBeginning) {
                kafkaConsumer.seekToBeginning(partitions);
            } else {
                kafkaConsumer.seekToEnd(partitions);
                partitions.forEach(kafkaConsumer::position);
            }
            if (fromBeginning) {
                for (String name : topics) {
                    if (!name.endsWith(Topics.DLQ_SUFFIX)) {
                        deadLettered.addAll(alreadyDeadLettered(name, props));
                    }
                }
            }
            Map<TopicPartition, Long> endAtStart = kafkaConsumer.endOffsets(partitions);
            while (running) {
                if (!isLoaded()
                        && endAtStart.entrySet().stream()
                                .allMatch(end -> kafkaConsumer.position(end.getKey()) >= end.getValue())) {
                    loaded.complete(null);
                }
                for (ConsumerRecord<String, String> record :
                        kafkaConsumer.poll(isLoaded() ? IDLE_WAIT : LOADING_POLL)) {
                    try {
                        apply.accept(record);
                    } catch (RuntimeException e) {
                        deadLetter(record, e);
                    }
                }
            }
        } finally {
            consumer = null;
        }
    }

    /** The records of {@code topic} its dead-letter topic holds already, as {@code topic-partition@offset}. */
    private Set<String> alreadyDeadLettered(String topic, Map<String, Object> props) {
        var found = new HashSet<String>();
        var dlqProps = new HashMap<>(props);
        dlqProps.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                topic + "-dead-letter-reader-" + ProcessHandle.current().pid());
        dlqProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) LOADING_POLL.toMillis());
        try (var dlq = new KafkaConsumer<String, String>(dlqProps)) {
            List<TopicPartition> partitions = dlq.partitionsFor(Topics.dlq(topic), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return found;
            }
            dlq.assign(partitions);
            dlq.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = dlq.endOffsets(partitions);
            while (running && ends.entrySet().stream().anyMatch(end -> dlq.position(end.getKey()) < end.getValue())) {
                for (ConsumerRecord<String, String> copy : dlq.poll(LOADING_POLL)) {
                    if (topic.equals(header(copy, "dead-letter-topic"))) {
                        found.add(topic + "-" + header(copy, "dead-letter-partition") + "@"
                                + header(copy, "dead-letter-offset"));
                    }
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

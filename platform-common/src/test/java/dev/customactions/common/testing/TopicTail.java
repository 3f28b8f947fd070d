package dev.customactions.common.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Reads topics from their beginning, without a consumer group, for tests to look for records. */
public final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    private TopicTail(String bootstrapServers, String... topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName()));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** A reader of {@code topics} from their first records. */
    public static TopicTail of(String bootstrapServers, String... topics) {
        return new TopicTail(bootstrapServers, topics);
    }

    /** Every record read so far, after reading what is there now. */
    public synchronized List<ConsumerRecord<String, String>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return List.copyOf(records);
    }

    /** Every record there is now: reads until the end offsets of its partitions, as they were when called. */
    public synchronized List<ConsumerRecord<String, String>> readToEnd() {
        var partitions = consumer.assignment();
        var ends = consumer.endOffsets(partitions);
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    /** Waits up to {@code timeout} until the records read match {@code condition}; answers them. */
    public List<ConsumerRecord<String, String>> awaitUntil(
            Duration timeout, Predicate<List<ConsumerRecord<String, String>>> condition) {
        return Awaitility.await().atMost(timeout).until(this::poll, condition);
    }

    /** Waits up to {@code timeout} for one record matching {@code match}; answers the first. */
    public ConsumerRecord<String, String> awaitRecord(
            Duration timeout, Predicate<ConsumerRecord<String, String>> match) {
        return awaitUntil(timeout, all -> all.stream().anyMatch(match)).stream()
                .filter(match)
                .findFirst()
                .orElseThrow();
    }

    /** The value of header {@code name} of {@code record}, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

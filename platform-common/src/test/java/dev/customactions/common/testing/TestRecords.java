package dev.customactions.common.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes records as the platform's producers do: JSON data, CloudEvents binary-mode headers. */
public final class TestRecords {

    private TestRecords() {}

    /** Publishes {@code json} on {@code topic} with key {@code key}, CloudEvents id {@code id} and type {@code type}; waits for the ack. */
    public static void publish(String bootstrapServers, String topic, String key, String id, String type, String json) {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()))) {
            var record = new ProducerRecord<>(topic, key, json);
            record.headers()
                    .add("ce_specversion", bytes("1.0"))
                    .add("ce_id", bytes(id))
                    .add("ce_source", bytes("test"))
                    .add("ce_type", bytes(type))
                    .add("content-type", bytes("application/json"));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish a test record on " + topic, e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}

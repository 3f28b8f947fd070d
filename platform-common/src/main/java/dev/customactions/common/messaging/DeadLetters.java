package dev.customactions.common.messaging;

import dev.customactions.common.failure.Failures;
import dev.customactions.common.kafka.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.logging.Log;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Where a record that can't be applied goes: its topic's {@code .dlq}, with the reason in headers
 * (the names SmallRye's dead-letter strategy uses: {@code dead-letter-reason},
 * {@code dead-letter-cause}, {@code dead-letter-topic}, {@code dead-letter-partition},
 * {@code dead-letter-offset}), logged and counted as {@code customactions_dead_letters_total{topic}}
 * so that an alert sees it. The stream then moves on.
 */
public final class DeadLetters {

    /**
     * Header of a record an operator replayed from a dead-letter topic to its source topic: the dead
     * letter's id ({@code <dead-letter topic>:<partition>:<offset>}).
     */
    public static final String REPLAY_OF = "replay-of";

    /** Prefix of the headers a dead-letter record carries about why and from where. */
    public static final String HEADER_PREFIX = "dead-letter-";

    /** Metric of records sent to a dead-letter topic, by source topic. */
    public static final String METRIC = "customactions.dead.letters";

    private DeadLetters() {}

    /**
     * Sends {@code message} of {@code topic} to the dead-letter topic for {@code reason}: nacks it, which a
     * channel with {@code failure-strategy=dead-letter-queue} turns into a dead-letter record.
     */
    public static CompletionStage<Void> nack(Message<?> message, String topic, Throwable reason) {
        counted(topic, reason);
        return message.nack(reason);
    }

    /** Logs and counts a record of {@code topic} that the channel's dead-letter strategy sends on for {@code reason}. */
    public static void counted(String topic, Throwable reason) {
        Log.warnf("A %s record can't be applied, dead-lettered: %s", topic, Failures.reason(reason));
        Counter.builder(METRIC)
                .description("Records that could not be applied and went to their topic's dead-letter topic")
                .tag("topic", topic)
                .register(Metrics.globalRegistry)
                .increment();
    }

    /** The dead-letter record of {@code source}, for a reader that produces it itself. */
    public static ProducerRecord<String, String> record(ConsumerRecord<String, String> source, Throwable reason) {
        var record = new ProducerRecord<>(Topics.dlq(source.topic()), source.key(), source.value());
        source.headers().forEach(header -> record.headers().add(header));
        Throwable cause = reason.getCause() == null ? reason : reason.getCause();
        record.headers()
                .add("dead-letter-reason", bytes(Failures.reason(reason)))
                .add("dead-letter-cause", bytes(String.valueOf(cause.getMessage())))
                .add("dead-letter-exception-class-name", bytes(reason.getClass().getName()))
                .add("dead-letter-topic", bytes(source.topic()))
                .add("dead-letter-partition", bytes(Integer.toString(source.partition())))
                .add("dead-letter-offset", bytes(Long.toString(source.offset())));
        return record;
    }

    /** Whether {@code record} is an operator's replay of a dead letter. */
    public static boolean isReplay(ConsumerRecord<?, ?> record) {
        return record.headers().lastHeader(REPLAY_OF) != null;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.customactions.executor.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.messaging.DeadLetters;
import dev.customactions.executor.event.ChannelEventReceived;
import dev.customactions.executor.run.RunService;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Runs the triggers of each {@code channel.events} record: records of one conversation (one key) in order,
 * different conversations concurrently. The records of a poll are taken at once (one hop to the event loop per
 * poll, not per record: on a busy machine a hop per record is what held the reading back) and dispatched one by
 * one; a record waiting behind its workspace's share lets the consumer read on to other workspaces' records.
 *
 * <p>A poll's records of a partition are acknowledged together, once all are done (applied or dead-lettered),
 * and the offset committed only past polls that are all acknowledged (throttled strategy), so a crash loses
 * nothing: the records' own acknowledgements would let the commit pass records of the same poll still waiting. For the
 * same reason a record that can't be applied is written to {@code channel.events.dlq} here, with the headers
 * SmallRye's dead-letter strategy gives ({@link DeadLetters#record}), not nacked; while the broker refuses the
 * dead letter it is tried again each second.
 */
@ApplicationScoped
public class ChannelEventConsumer {

    /** Incoming channel of {@code channel.events}. */
    public static final String CHANNEL = "channel-events";

    private static final Duration DEAD_LETTER_RETRY = Duration.ofSeconds(1);

    private final RunDispatcher dispatcher;
    private final RunService runs;
    private final ObjectMapper mapper;
    private final ResultPublisher publisher;
    private final RecordsInFlight inFlight;

    ChannelEventConsumer(
            RunDispatcher dispatcher,
            RunService runs,
            ObjectMapper mapper,
            ResultPublisher publisher,
            RecordsInFlight inFlight) {
        this.dispatcher = dispatcher;
        this.inFlight = inFlight;
        this.runs = runs;
        this.mapper = mapper;
        this.publisher = publisher;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        var poll = new Poll(batch.getLatestOffsetRecords(), inFlight);
        var records = new ArrayList<IncomingKafkaRecordMetadata<String, String>>();
        for (KafkaRecord<String, String> message : batch) {
            // The channel's records are String-keyed and String-valued (its deserializers).
            @SuppressWarnings("unchecked")
            IncomingKafkaRecordMetadata<String, String> metadata =
                    message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
            poll.count(new TopicPartition(metadata.getTopic(), metadata.getPartition()));
            records.add(metadata);
        }
        CompletionStage<Void> taken = CompletableFuture.completedFuture(null);
        for (IncomingKafkaRecordMetadata<String, String> metadata : records) {
            taken = taken.thenCompose(ignored -> consume(metadata, poll));
        }
        return taken;
    }

    /** Dispatches one record of {@code poll} (the dispatcher ends it whatever fails on the way). */
    private CompletionStage<Void> consume(IncomingKafkaRecordMetadata<String, String> metadata, Poll poll) {
        ConsumerRecord<String, String> record = metadata.getRecord();
        var partition = new TopicPartition(record.topic(), record.partition());
        int generation = metadata.getConsumerGroupGenerationId();
        return dispatcher
                .dispatch(
                        record,
                        generation,
                        ChannelEventReceived.class,
                        mapper,
                        event -> {
                            if (event.workspaceId() == null || event.eventId() == null || event.kind() == null) {
                                throw new IllegalArgumentException("workspace_id, event_id and kind are required");
                            }
                        },
                        runs::onEvent,
                        new RunDispatcher.Outcome() {
                            @Override
                            public void applied() {
                                poll.done(partition, generation, true);
                            }

                            @Override
                            public CompletionStage<Void> deadLettered(Throwable reason) {
                                DeadLetters.counted(record.topic(), reason);
                                return deadLetter(record, reason)
                                        .whenComplete((ok, failure) -> poll.done(partition, generation, true));
                            }

                            @Override
                            public void dropped() {
                                poll.done(partition, generation, false);
                            }
                        })
                // Never a failed stage: SmallRye would dead-letter the whole poll.
                .exceptionally(failure -> {
                    Log.errorf(failure, "Taking %s-%d@%d failed", record.topic(), record.partition(), record.offset());
                    return null;
                });
    }

    /**
     * The records of one poll, per partition: a partition's last record (the one SmallRye's throttled strategy
     * tracks for the poll) is acknowledged once all of the partition's records of the poll are done, only if none
     * was dropped on a hand-over (that partition's next owner reads them), and only while the partition is still
     * assigned here as it was when they were read (an acknowledgement reaching a later assignment's commit would
     * let it pass records read again and not yet run).
     */
    private static final class Poll {

        private final Map<TopicPartition, KafkaRecord<String, String>> last;
        private final RecordsInFlight inFlight;
        private final Map<TopicPartition, int[]> left = new HashMap<>();
        private final Set<TopicPartition> dropped = new HashSet<>();

        Poll(Map<TopicPartition, KafkaRecord<String, String>> last, RecordsInFlight inFlight) {
            this.last = last;
            this.inFlight = inFlight;
        }

        synchronized void count(TopicPartition partition) {
            left.computeIfAbsent(partition, p -> new int[1])[0]++;
        }

        void done(TopicPartition partition, int generation, boolean run) {
            boolean acknowledge;
            synchronized (this) {
                if (!run) {
                    dropped.add(partition);
                }
                acknowledge = --left.get(partition)[0] == 0 && !dropped.contains(partition);
            }
            if (acknowledge) {
                inFlight.ifStillAssigned(
                        partition, generation, () -> last.get(partition).ack());
            }
        }
    }

    /** Writes {@code record}'s dead letter; completes once the broker has it, trying again while it refuses. */
    private CompletableFuture<Void> deadLetter(ConsumerRecord<String, String> record, Throwable reason) {
        Executor later = CompletableFuture.delayedExecutor(DEAD_LETTER_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        return publisher.deadLetter(record, reason).exceptionallyCompose(failure -> {
            Log.warnf(
                    "Dead-lettering %s-%d@%d failed, trying again: %s",
                    record.topic(), record.partition(), record.offset(), failure.getMessage());
            return CompletableFuture.supplyAsync(() -> null, later).thenCompose(ignored -> deadLetter(record, reason));
        });
    }
}

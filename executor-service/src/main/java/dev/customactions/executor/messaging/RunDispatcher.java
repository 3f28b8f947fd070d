package dev.customactions.executor.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.messaging.DeadLetters;
import dev.customactions.common.tracing.TraceContext;
import dev.customactions.executor.ExecutorConfig;
import dev.customactions.executor.definition.DefinitionCache;
import dev.customactions.executor.http.OutboundHttp;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Runs the work of incoming records concurrently across keys and in order within a key (a key is a
 * conversation): work for a key starts when the key's previous work is done. At most {@code max-in-flight}
 * records are run at once and, while other workspaces have had records in the last minute, at most
 * {@code max-in-flight-per-workspace} of one workspace, the workspaces waiting admitted in turn
 * ({@link Admission}): a workspace that floods lags alone. Up to {@code max-waiting-bytes} of records wait in
 * memory for their place while the consumer reads on; beyond that the consumer waits before it takes the next
 * record, so memory stays bounded and overload shows as lag, never as a failed run. A run waiting in line for a
 * slow host beyond that host's share ({@code max-in-flight-waiting-per-host}) gives its place back while it
 * waits, so records for other hosts keep being run. Nothing is admitted before the definitions cache is loaded.
 */
@ApplicationScoped
public class RunDispatcher {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** How long a workspace counts as active after its last record, for the per-workspace share. */
    static final Duration ACTIVE = Duration.ofSeconds(60);

    /** What becomes of a record taken: its work applied, or it goes to its dead-letter topic, or it is dropped. */
    public interface Outcome {

        /** The record's work is done. */
        void applied();

        /** The record can't be applied; completes once it is on its dead-letter topic. */
        CompletionStage<Void> deadLettered(Throwable reason);

        /** The record is neither run nor dead-lettered here: its partition was handed over (its next owner runs it). */
        void dropped();
    }

    private final DefinitionCache definitions;
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Admission admission;
    private final RecordsInFlight records;

    RunDispatcher(
            DefinitionCache definitions,
            ExecutorConfig config,
            OutboundHttp http,
            RecordsInFlight records,
            MeterRegistry registry) {
        this.definitions = definitions;
        this.records = records;
        this.admission = new Admission(
                config.maxInFlight(),
                config.maxInFlightPerWorkspace(),
                config.maxWaitingBytes(),
                ACTIVE.toNanos(),
                System::nanoTime);
        http.onWaitingBeyondShare(admission::aside);
        Gauge.builder("executor.runs.in.flight", admission, Admission::inFlight)
                .description("Records whose runs are admitted and not yet finished")
                .register(registry);
        Gauge.builder("executor.runs.waiting", admission, Admission::waiting)
                .description("Records taken from their topic and waiting for a place, behind their workspace's share")
                .register(registry);
    }

    /**
     * Dispatches the invocation {@code message} (see {@link #dispatch(ConsumerRecord, int, boolean, Class,
     * ObjectMapper, Consumer, BiFunction, Outcome)}), acknowledged once its work is done or nacked to the
     * dead-letter topic of the channel's {@code dead-letter-queue} failure strategy: for a channel consumed a
     * record at a time, whose every record's acknowledgement the commit strategy tracks. Someone waits for each
     * invocation: they have a lane of their own per workspace, and the consumer never waits for room.
     */
    public <T> CompletionStage<Void> dispatchInvocation(
            Message<String> message,
            Class<T> type,
            ObjectMapper mapper,
            Consumer<T> check,
            BiFunction<T, Context, Uni<Void>> work) {
        var metadata = message.getMetadata(IncomingKafkaRecordMetadata.class);
        if (metadata.isEmpty()) {
            return DeadLetters.nack(message, "", new IllegalArgumentException("not a Kafka record"));
        }
        // The channel's records are String-keyed and String-valued (its deserializers).
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, String> kafka = metadata.get();
        ConsumerRecord<String, String> record = kafka.getRecord();
        return dispatch(record, kafka.getConsumerGroupGenerationId(), false, type, mapper, check, work, new Outcome() {
            @Override
            public void applied() {
                message.ack();
            }

            @Override
            public CompletionStage<Void> deadLettered(Throwable reason) {
                return DeadLetters.nack(message, record.topic(), reason);
            }

            @Override
            public void dropped() {
                // Neither acknowledged nor nacked: the commit does not pass it.
            }
        });
    }

    /**
     * Dispatches the channel event {@code record}, read in consumer group generation {@code generation}, in its
     * workspace's lane: see below.
     */
    public <T> CompletionStage<Void> dispatch(
            ConsumerRecord<String, String> record,
            int generation,
            Class<T> type,
            ObjectMapper mapper,
            Consumer<T> check,
            BiFunction<T, Context, Uni<Void>> work,
            Outcome outcome) {
        return dispatch(record, generation, true, type, mapper, check, work, outcome);
    }

    /**
     * Reads {@code record} as a {@code type} checked by {@code check} (which throws when a required field is
     * missing) and admits {@code work} on it, with the trace context its producer sent, under the record's key;
     * when the work is done, {@code outcome} is told it was applied, or that the record goes to the dead-letter
     * topic if the work failed: the work waits out an unavailable database or broker itself, so a failure is a
     * record that can't be applied. An unreadable record is dead-lettered at once. The answer completes when the
     * consumer may take its next record (the record may still wait in memory for its place).
     */
    private <T> CompletionStage<Void> dispatch(
            ConsumerRecord<String, String> record,
            int generation,
            boolean channelEvent,
            Class<T> type,
            ObjectMapper mapper,
            Consumer<T> check,
            BiFunction<T, Context, Uni<Void>> work,
            Outcome outcome) {
        var partition = new TopicPartition(record.topic(), record.partition());
        RecordsInFlight.Partition token = records.taken(partition, record.offset(), generation);
        if (token == null) {
            // Handed over meanwhile: its next owner reads it from the offset committed on hand-over.
            outcome.dropped();
            return DONE;
        }
        var taken = new Taken(token, record.offset(), outcome);
        try {
            T value;
            try {
                value = mapper.readValue(record.value(), type);
                check.accept(value);
            } catch (Exception e) {
                return taken.deadLettered(e);
            }
            String key = record.key() == null ? "" : record.key();
            Context trace = TraceContext.extract(record.headers());
            int bytes = record.serializedValueSize() + Math.max(0, record.serializedKeySize());
            String workspace = workspace(key);
            String lane = channelEvent ? workspace : workspace + " invocations";
            var asking =
                    new Admission.Ticket(workspace, lane, partition, record.offset(), bytes, channelEvent, null, null);
            return definitions
                    .loaded()
                    .thenCompose(loaded ->
                            admit(key, asking, taken, () -> Uni.createFrom().deferred(() -> work.apply(value, trace))))
                    .exceptionally(failure -> {
                        taken.deadLettered(failure);
                        return null;
                    });
        } catch (RuntimeException e) {
            return taken.deadLettered(e);
        }
    }

    /** {@code partitions} are this consumer's (again): their records are admitted again. */
    void reopen(Collection<TopicPartition> partitions) {
        admission.reopen(partitions);
    }

    /** Drops the records of {@code partitions} still waiting for a place: their partitions are being handed over. */
    void dropWaiting(Collection<TopicPartition> partitions) {
        admission.drop(partitions);
    }

    /**
     * Admits the work under {@code key} in the lane of {@code asking} (which has no steps yet). The key's
     * previous work in that lane is looked up as the record is queued, under the admission's lock, so a key's
     * records run in the order they were queued whichever thread gives them their places (a lane's records are
     * given places in order; a conversation's channel events and invocations are not ordered between them). A
     * record dropped lets the key's next one go once its own previous one is done.
     */
    // whenComplete's own futures are not needed: each callback ends its record by finish() or done.complete().
    @SuppressWarnings("FutureReturnValueIgnored")
    private CompletionStage<Void> admit(String key, Admission.Ticket asking, Taken taken, Supplier<Uni<Void>> work) {
        String tail = asking.lane() + '\u0000' + key;
        var done = new CompletableFuture<Void>();
        return admission.enter(() -> {
            CompletableFuture<Void> previous = tails.put(tail, done);
            CompletableFuture<Void> after = previous == null ? DONE : previous;
            Runnable start = () -> after.whenComplete((ignored, failure) -> admission.run(() -> work.get()
                    .subscribe()
                    .with(
                            ok -> finish(tail, asking.lane(), done, taken, null),
                            error -> finish(tail, asking.lane(), done, taken, error))));
            Runnable dropped = () -> {
                after.whenComplete((ignored, failure) -> {
                    tails.remove(tail, done);
                    done.complete(null);
                });
                taken.dropped();
            };
            return new Admission.Ticket(
                    asking.workspace(),
                    asking.lane(),
                    asking.partition(),
                    asking.offset(),
                    asking.bytes(),
                    asking.waitsForRoom(),
                    start,
                    dropped);
        });
    }

    /** The workspace of a record keyed {@code key}: the key's part before the first {@code :}. */
    static String workspace(String key) {
        int end = key.indexOf(':');
        return end < 0 ? key : key.substring(0, end);
    }

    private void finish(String tail, String lane, CompletableFuture<Void> done, Taken taken, Throwable error) {
        tails.remove(tail, done);
        done.complete(null);
        admission.release(lane);
        if (error == null) {
            taken.applied();
        } else {
            taken.deadLettered(error);
        }
    }

    /**
     * A record taken, ended once whatever paths reach its end: its outcome told, then its partition's count of
     * records in flight.
     */
    private final class Taken {

        private final RecordsInFlight.Partition token;
        private final long offset;
        private final Outcome outcome;
        private final AtomicBoolean ended = new AtomicBoolean();

        Taken(RecordsInFlight.Partition token, long offset, Outcome outcome) {
            this.token = token;
            this.offset = offset;
            this.outcome = outcome;
        }

        void applied() {
            if (ended.compareAndSet(false, true)) {
                try {
                    outcome.applied();
                } finally {
                    records.done(token);
                }
            }
        }

        CompletionStage<Void> deadLettered(Throwable reason) {
            if (!ended.compareAndSet(false, true)) {
                return DONE;
            }
            CompletionStage<Void> written;
            try {
                written = outcome.deadLettered(reason);
            } catch (RuntimeException e) {
                written = CompletableFuture.failedFuture(e);
            }
            return written.whenComplete((ok, failure) -> {
                if (failure == null) {
                    records.done(token);
                } else {
                    // Neither applied nor on its dead-letter topic: the partition's hand-over commits no further.
                    records.dropped(token, offset);
                }
            });
        }

        void dropped() {
            if (ended.compareAndSet(false, true)) {
                try {
                    outcome.dropped();
                } finally {
                    records.dropped(token, offset);
                }
            }
        }
    }
}

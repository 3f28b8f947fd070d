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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Runs the work of incoming records concurrently across keys and in order within a key (a key is
 * a conversation): work for a key starts when the key's previous work is done. At most
 * {@code max-in-flight} pieces of work are admitted at once; the consumer waits for a free place
 * before it takes the next record, so memory stays bounded and overload shows as lag, never as a
 * failed run. A run waiting in line for a slow host beyond that host's share
 * ({@code max-in-flight-waiting-per-host}) gives its place back while it waits, so records for other
 * hosts keep being taken; such runs are bounded by {@code max-in-flight} too, so at most twice
 * {@code max-in-flight} records are ever admitted. Nothing is admitted before the definitions cache
 * is loaded.
 */
@ApplicationScoped
public class RunDispatcher {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

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
        this.admission = new Admission(config.maxInFlight());
        http.onWaitingBeyondShare(admission::aside);
        Gauge.builder("executor.runs.in.flight", this, dispatcher -> dispatcher.inFlight())
                .description("Records whose runs are admitted and not yet finished")
                .register(registry);
    }

    /**
     * Reads {@code message} as a {@code type} checked by {@code check} (which throws when a required
     * field is missing) and admits {@code work} on it, with the trace context its producer sent,
     * under the record's key; when the work is done
     * the message is acknowledged, or nacked (to the dead-letter topic) if it failed: the work waits out
     * an unavailable database or broker itself, so a failure is a record that can't be applied. An
     * unreadable record is nacked at once. The answer completes once the work is admitted.
     */
    public <T> CompletionStage<Void> dispatch(
            Message<String> message,
            Class<T> type,
            ObjectMapper mapper,
            Consumer<T> check,
            BiFunction<T, Context, Uni<Void>> work) {
        var metadata = message.getMetadata(IncomingKafkaRecordMetadata.class);
        String topic = metadata.map(IncomingKafkaRecordMetadata::getTopic).orElse("");
        TopicPartition partition = metadata.map(m -> new TopicPartition(m.getTopic(), m.getPartition()))
                .orElse(null);
        if (partition != null && !records.taken(partition, metadata.get().getOffset())) {
            // Handed over meanwhile: its next owner reads it from the offset committed on hand-over.
            return DONE;
        }
        T value;
        try {
            value = mapper.readValue(message.getPayload(), type);
            check.accept(value);
        } catch (Exception e) {
            return DeadLetters.nack(message, topic, e).whenComplete((ok, failure) -> done(partition));
        }
        String key = metadata.map(m -> String.valueOf(m.getKey())).orElse("");
        Context trace = metadata.map(m -> TraceContext.extract(m.getHeaders())).orElse(Context.root());
        return submit(
                key,
                () -> work.apply(value, trace),
                () -> {
                    message.ack();
                    done(partition);
                },
                failure -> DeadLetters.nack(message, topic, failure).whenComplete((ok, e) -> done(partition)));
    }

    private void done(TopicPartition partition) {
        if (partition != null) {
            records.done(partition);
        }
    }

    /**
     * Admits {@code work} under {@code key}; the answer completes once it is admitted (not when it is
     * done). When the work is done, {@code onSuccess} or {@code onFailure} is called.
     */
    public CompletionStage<Void> submit(
            String key, Supplier<Uni<Void>> work, Runnable onSuccess, Consumer<Throwable> onFailure) {
        return definitions.loaded().thenCompose(loaded -> admission.acquire()).thenRun(() -> {
            var done = new CompletableFuture<Void>();
            CompletableFuture<Void> previous = tails.put(key, done);
            (previous == null ? DONE : previous).whenComplete((ignored, failure) -> Uni.createFrom()
                    .deferred(work::get)
                    .subscribe()
                    .with(
                            ok -> finish(key, done, onSuccess, null, null),
                            error -> finish(key, done, null, onFailure, error)));
        });
    }

    private void finish(
            String key,
            CompletableFuture<Void> done,
            Runnable onSuccess,
            Consumer<Throwable> onFailure,
            Throwable error) {
        tails.remove(key, done);
        done.complete(null);
        admission.release();
        if (error == null) {
            onSuccess.run();
        } else {
            onFailure.accept(error);
        }
    }

    int inFlight() {
        return admission.inFlight();
    }
}

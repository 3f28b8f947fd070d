package dev.customactions.objects.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.customactions.common.failure.Failures;
import dev.customactions.common.messaging.DeadLetters;
import dev.customactions.common.tracing.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How the objects service's consumers take a batch of records: each is read, an unreadable one goes
 * to its dead-letter topic; the others are applied together; when that fails (not the database
 * being down: the apply step waits that out), they are applied one by one so that only the record
 * at fault is dead-lettered. The batch is acknowledged once those dead-letter writes completed.
 * The apply step may answer records it refused for a cause an operator can fix (a data model that
 * lacks what they write): those go to the dead-letter topic too, to be replayed once fixed.
 * Each record read gets a span in its producer's trace, covering the apply its record took part in.
 */
final class Batches {

    /** Reads one record's value; throws for a record that can't be read. */
    interface Reader<T> {
        T read(KafkaRecord<String, String> record) throws JsonProcessingException;
    }

    /** Applies items; answers those (of the list given, by identity) to dead-letter, with the reason. */
    interface Apply<T> {
        Map<T, String> apply(List<T> items);
    }

    /** Why an applied record was dead-lettered: it was refused for a cause an operator can fix. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private Batches() {}

    /** Whether {@code record} is an operator's replay of a dead letter. */
    static boolean isReplay(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> DeadLetters.isReplay(metadata.getRecord()))
                .orElse(false);
    }

    // The refused items are told apart by identity (two records may read as equal items), whatever map apply uses.
    @SuppressWarnings("IdentityHashMapUsage")
    static <T> CompletionStage<Void> consume(
            KafkaRecordBatch<String, String> batch, Reader<T> reader, Apply<T> apply, Tracer tracer) {
        var items = new ArrayList<T>();
        var records = new ArrayList<KafkaRecord<String, String>>();
        var spans = new ArrayList<Span>();
        var deadLettered = new ArrayList<CompletableFuture<Void>>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                items.add(reader.read(record));
                records.add(record);
                spans.add(tracer.spanBuilder("store " + record.getTopic())
                        .setParent(TraceContext.extract(record.getHeaders()))
                        .setSpanKind(SpanKind.CONSUMER)
                        .setAttribute("messaging.destination.name", record.getTopic())
                        .startSpan());
            } catch (JsonProcessingException | IllegalArgumentException e) {
                deadLettered.add(DeadLetters.nack(record, record.getTopic(), e).toCompletableFuture());
            }
        }
        var refused = new IdentityHashMap<T, String>();
        try {
            refused.putAll(apply.apply(items));
        } catch (RuntimeException e) {
            Log.warnf(
                    "A batch of %d %s records failed (%s); applying them one by one",
                    items.size(), records.isEmpty() ? "" : records.get(0).getTopic(), Failures.reason(e));
            for (int i = 0; i < items.size(); i++) {
                try {
                    refused.putAll(apply.apply(List.of(items.get(i))));
                } catch (RuntimeException alone) {
                    spans.get(i).setStatus(StatusCode.ERROR, Failures.reason(alone));
                    deadLettered.add(
                            DeadLetters.nack(records.get(i), records.get(i).getTopic(), alone)
                                    .toCompletableFuture());
                }
            }
        }
        for (int i = 0; i < items.size(); i++) {
            String reason = refused.get(items.get(i));
            if (reason != null) {
                spans.get(i).setStatus(StatusCode.ERROR, reason);
                deadLettered.add(DeadLetters.nack(records.get(i), records.get(i).getTopic(), new Refused(reason))
                        .toCompletableFuture());
            }
        }
        spans.forEach(Span::end);
        return CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new))
                .thenCompose(done -> batch.ack());
    }
}

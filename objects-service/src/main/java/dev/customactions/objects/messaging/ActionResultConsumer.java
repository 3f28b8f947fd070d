package dev.customactions.objects.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.customactions.common.failure.Failures;
import dev.customactions.common.messaging.DeadLetters;
import dev.customactions.objects.event.ActionResultReceived;
import dev.customactions.objects.result.ActionResultApplier;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Consumes {@code action.results} in batches (the records one poll brings, in partition order)
 * and stores the writes of live, successful runs through {@link ActionResultApplier}. A record
 * that can't be read, or that the applier fails on for a reason other than the database being
 * unavailable, goes to {@code action.results.dlq}; the batch's offsets are committed only after its
 * transaction (and those dead-letter writes) completed.
 */
@ApplicationScoped
public class ActionResultConsumer {

    /** Incoming channel of {@code action.results}. */
    public static final String CHANNEL = "action-results";

    private final ActionResultApplier applier;
    private final ObjectMapper mapper;

    ActionResultConsumer(ActionResultApplier applier, ObjectMapper mapper) {
        this.applier = applier;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        var results = new ArrayList<ActionResultReceived>();
        var records = new ArrayList<KafkaRecord<String, String>>();
        var deadLettered = new ArrayList<CompletableFuture<Void>>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                results.add(read(record.getPayload()));
                records.add(record);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                deadLettered.add(DeadLetters.nack(record, record.getTopic(), e).toCompletableFuture());
            }
        }
        try {
            applier.apply(results);
        } catch (RuntimeException e) {
            // Not the database being down (the applier waits that out): a result the applier can't handle.
            // Each is applied alone, so that only the one at fault goes to the dead-letter topic.
            Log.warnf("A batch of %d action.results failed (%s); applying them one by one", results.size(),
                    Failures.reason(e));
            for (int i = 0; i < results.size(); i++) {
                try {
                    applier.apply(List.of(results.get(i)));
                } catch (RuntimeException alone) {
                    deadLettered.add(DeadLetters.nack(records.get(i), records.get(i).getTopic(), alone)
                            .toCompletableFuture());
                }
            }
        }
        return CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new)).thenCompose(done -> batch.ack());
    }

    private ActionResultReceived read(String json) throws JsonProcessingException {
        if (json == null) {
            throw new IllegalArgumentException("no value");
        }
        ActionResultReceived result = mapper.readValue(json, ActionResultReceived.class);
        List<String> missing = new ArrayList<>();
        if (result.runId() == null) {
            missing.add("run_id");
        }
        if (result.workspaceId() == null) {
            missing.add("workspace_id");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing " + String.join(", ", missing));
        }
        return result;
    }
}

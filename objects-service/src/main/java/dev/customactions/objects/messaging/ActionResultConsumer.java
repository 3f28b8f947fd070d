package dev.customactions.objects.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.customactions.objects.event.ActionResultReceived;
import dev.customactions.objects.result.ActionResultApplier;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Consumes {@code action.results} in batches (the records one poll brings, in partition order)
 * and stores the writes of live, successful runs through {@link ActionResultApplier}. A record
 * that can't be read goes to {@code action.results.dlq}; the batch's offsets are committed only
 * after its transaction (and those dead-letter writes) completed.
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
        var unreadable = new ArrayList<CompletableFuture<Void>>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                results.add(read(record.getPayload()));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                Log.warnf("Unreadable action.results record (partition %d, key %s): %s", record.getPartition(),
                        record.getKey(), e.getMessage());
                unreadable.add(record.nack(e).toCompletableFuture());
            }
        }
        applier.apply(results);
        return CompletableFuture.allOf(unreadable.toArray(CompletableFuture[]::new)).thenCompose(done -> batch.ack());
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

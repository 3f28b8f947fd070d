package dev.customactions.objects.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.objects.event.ActionResultReceived;
import dev.customactions.objects.result.ActionResultApplier;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

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
    private final Tracer tracer;

    ActionResultConsumer(ActionResultApplier applier, ObjectMapper mapper, Tracer tracer) {
        this.applier = applier;
        this.mapper = mapper;
        this.tracer = tracer;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return Batches.consume(batch, this::read, applier::apply, tracer);
    }

    private ActionResultReceived read(KafkaRecord<String, String> record) throws JsonProcessingException {
        String json = record.getPayload();
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
        return Batches.isReplay(record) ? result.asReplay() : result;
    }
}

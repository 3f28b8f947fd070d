package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.executor.event.RunCompleted;
import io.opentelemetry.context.Context;

/**
 * A finished run: the result to publish, the same as JSON (serialized once, for the run log and for
 * {@code action.results}), the detail kept in the run log (request, response, attempts; secrets masked)
 * and the trace context of the run's span, sent with the result.
 */
// A run on its way to the log and the topic, never compared: the result JSON is bytes serialized once.
@SuppressWarnings("ArrayRecordComponent")
public record RunRecord(RunCompleted result, byte[] resultJson, JsonNode detail, Context trace) {}

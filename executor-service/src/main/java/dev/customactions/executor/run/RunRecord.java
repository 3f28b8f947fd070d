package dev.customactions.executor.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.executor.event.RunCompleted;

/**
 * A finished run: the result to publish, the same as JSON (serialized once, for the run log and for
 * {@code action.results}), and the detail kept in the run log (request, response, attempts; secrets masked).
 */
public record RunRecord(RunCompleted result, byte[] resultJson, JsonNode detail) {}

package dev.customactions.executor.runlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.executor.event.RunCompleted;
import dev.customactions.executor.event.RunMode;
import dev.customactions.executor.run.RunRecord;
import io.opentelemetry.context.Context;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run log's writes: stores and publication marks in one statement, each once, all or none. */
@QuarkusTest
class RunLogWriteTest {

    @Inject
    RunLog runLog;

    @Inject
    ObjectMapper mapper;

    @Test
    void oneWriteStoresNewRunsAndMarksOthersPublishedAndARunStoredAgainKeepsItsFirstRow() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String third = UUID.randomUUID().toString();
        runLog.write(List.of(record(first, RunCompleted.SUCCESS), record(second, RunCompleted.SUCCESS)), List.of());
        assertEquals(
                Map.of(first, RunLog.State.STORED, second, RunLog.State.STORED, third, RunLog.State.NONE),
                runLog.states(List.of(first, second, third)));

        // A redelivery's store of the first run (a different outcome) with a new run, and marks, in one statement.
        runLog.write(
                List.of(record(first, RunCompleted.FAILURE), record(third, RunCompleted.SUCCESS)),
                List.of(first, second));

        assertEquals(
                Map.of(first, RunLog.State.PUBLISHED, second, RunLog.State.PUBLISHED, third, RunLog.State.STORED),
                runLog.states(List.of(first, second, third)));
        assertEquals(
                RunCompleted.SUCCESS, runLog.storedResult(first).orElseThrow().status(), "the first row stays");
        assertEquals(third, runLog.storedResult(third).orElseThrow().runId());
    }

    @Test
    void aWriteThatFailsLeavesNothingBehind() throws Exception {
        String stored = UUID.randomUUID().toString();
        String marked = UUID.randomUUID().toString();
        runLog.write(List.of(record(marked, RunCompleted.SUCCESS)), List.of());
        // PostgreSQL refuses a JSON text with a NUL character: the whole statement fails, the mark included.
        RunRecord refused = new RunRecord(
                result(stored, RunCompleted.SUCCESS),
                "{\"x\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8),
                mapper.createObjectNode(),
                Context.root());

        assertThrows(RunLog.RunLogException.class, () -> runLog.write(List.of(refused), List.of(marked)));

        assertEquals(
                Map.of(stored, RunLog.State.NONE, marked, RunLog.State.STORED), runLog.states(List.of(stored, marked)));
    }

    private RunRecord record(String runId, String status) throws Exception {
        RunCompleted result = result(runId, status);
        return new RunRecord(
                result,
                mapper.writeValueAsBytes(result),
                mapper.createObjectNode().put("attempts", 1),
                Context.root());
    }

    private static RunCompleted result(String runId, String status) {
        Instant now = Instant.now();
        return new RunCompleted(
                runId,
                "ws-" + runId,
                RunMode.LIVE,
                "action-1",
                3,
                "Get order",
                "trigger-1",
                null,
                "evt-" + runId,
                "conversation-1",
                null,
                status,
                status.equals(RunCompleted.SUCCESS),
                status.equals(RunCompleted.FAILURE) ? new RunCompleted.Error("timeout", "no answer in 10 s") : null,
                status.equals(RunCompleted.FAILURE) ? null : 200,
                12,
                Map.of(),
                List.of(),
                now.minusMillis(12),
                now,
                null,
                null,
                null);
    }
}

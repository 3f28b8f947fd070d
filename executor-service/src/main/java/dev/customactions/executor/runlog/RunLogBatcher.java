package dev.customactions.executor.runlog;

import dev.customactions.common.batch.MicroBatcher;
import dev.customactions.executor.ExecutorConfig;
import dev.customactions.executor.run.RunRecord;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Groups the run log work of concurrent runs in batches of two kinds, one statement per batch:
 * look-ups of run states; and writes, which store finished runs and mark published runs together.
 * A statement costs PostgreSQL far more than a row (about 120-200 µs against 10-60), and runs that
 * arrive one at a time would each pay their own, so a look-up or a store waits up to the run log
 * window ({@code customactions.executor.run-log-window}, 5 ms) for others, and a publication mark,
 * which nothing urgent waits for, at least {@link #LATE_WAIT} to go in the statement of a store.
 * Under load the next batch gathers while one is in the database. A batch that fails is replayed one
 * item per statement, so one bad run fails alone. A batch's answers complete on the thread that did
 * its work, after the next batch has been handed to another worker.
 */
@ApplicationScoped
public class RunLogBatcher {

    /** The most items in one batch. */
    static final int MAX_BATCH = 500;
    /** How long an item that is not urgent waits for an urgent one to go with. */
    static final Duration LATE_WAIT = Duration.ofMillis(5);

    private final MicroBatcher<String, RunLog.State> states;
    private final MicroBatcher<Write, Void> writes;
    /** Whether look-ups and stores go at once (no window) rather than waiting for others. */
    private final boolean urgent;

    /** A store of a finished run or a publication mark (exactly one of the two). */
    private record Write(RunRecord record, String publishedRunId) {}

    RunLogBatcher(RunLog runLog, ExecutorConfig config) {
        Executor workers = Infrastructure.getDefaultWorkerPool();
        this.urgent = config.runLogWindow().isZero();
        Duration window = urgent ? LATE_WAIT : config.runLogWindow();
        this.states = new MicroBatcher<>("run log look-up", workers, MAX_BATCH, window, ids -> {
            Map<String, RunLog.State> found = runLog.states(ids);
            return ids.stream().map(found::get).toList();
        });
        this.writes = new MicroBatcher<>("run log write", workers, MAX_BATCH, window, batch -> {
            runLog.write(
                    batch.stream().map(Write::record).filter(Objects::nonNull).toList(),
                    batch.stream()
                            .map(Write::publishedRunId)
                            .filter(Objects::nonNull)
                            .toList());
            return nothing(batch.size());
        });
    }

    @PreDestroy
    void close() {
        states.close();
        writes.close();
    }

    /** How far {@code runId} has come. */
    public CompletableFuture<RunLog.State> state(String runId) {
        return states.submit(runId, urgent);
    }

    /** Stores {@code record} unless a run of its id is stored already; completes once committed. */
    public CompletableFuture<Void> store(RunRecord record) {
        return writes.submit(new Write(record, null), urgent);
    }

    /**
     * Marks {@code runId} published; completes once committed. A mark is not urgent (only the record's
     * acknowledgement and its conversation's next run wait for it): it waits up to the window (at least
     * {@link #LATE_WAIT}) to go in the statement of a store.
     */
    public CompletableFuture<Void> markPublished(String runId) {
        return writes.submit(new Write(null, runId), false);
    }

    private static List<Void> nothing(int size) {
        var answers = new ArrayList<Void>(size);
        for (int i = 0; i < size; i++) {
            answers.add(null);
        }
        return answers;
    }
}

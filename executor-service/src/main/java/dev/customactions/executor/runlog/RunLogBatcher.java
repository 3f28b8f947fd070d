package dev.customactions.executor.runlog;

import dev.customactions.executor.run.RunRecord;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Groups the run log work of concurrent runs in batches of two kinds, one statement per batch:
 * look-ups of run states; and writes, which store finished runs and mark published runs together.
 * A statement costs PostgreSQL far more than a row (about 120-200 µs against 10-60), and batches
 * are small (at 1,000 runs/s one or two runs each), so a publication mark, which nothing urgent
 * waits for, waits a few milliseconds to go in the statement of a store. A batch leaves as soon as
 * the previous one of its kind is done, so a run alone waits no longer than before; under load the
 * next batch gathers while one is in the database. A batch that fails is replayed one item per
 * statement, so one bad run fails alone. A batch's answers complete on the thread that did its
 * work, after the next batch has been handed to another worker.
 */
@ApplicationScoped
public class RunLogBatcher {

    /** The most items in one batch. */
    static final int MAX_BATCH = 500;
    /** How long an item that is not urgent waits for an urgent one to go with. */
    static final long LATE_WAIT_MS = 5;

    private final Batch<String, RunLog.State> states;
    private final Batch<Write, Void> writes;

    /** A store of a finished run or a publication mark (exactly one of the two). */
    private record Write(RunRecord record, String publishedRunId) {}

    RunLogBatcher(RunLog runLog) {
        Executor workers = Infrastructure.getDefaultWorkerPool();
        this.states = new Batch<>(workers, ids -> {
            Map<String, RunLog.State> found = runLog.states(ids);
            return ids.stream().map(found::get).toList();
        });
        this.writes = new Batch<>(workers, batch -> {
            runLog.write(
                    batch.stream().map(Write::record).filter(Objects::nonNull).toList(),
                    batch.stream()
                            .map(Write::publishedRunId)
                            .filter(Objects::nonNull)
                            .toList());
            return nothing(batch.size());
        });
    }

    /** How far {@code runId} has come. */
    public CompletableFuture<RunLog.State> state(String runId) {
        return states.submit(runId, true);
    }

    /** Stores {@code record} unless a run of its id is stored already; completes once committed. */
    public CompletableFuture<Void> store(RunRecord record) {
        return writes.submit(new Write(record, null), true);
    }

    /**
     * Marks {@code runId} published; completes once committed. A mark is not urgent (only the record's
     * acknowledgement and its conversation's next run wait for it): it waits up to {@link #LATE_WAIT_MS}
     * to go in the statement of a store.
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

    /**
     * Items waiting for one kind of work, drained by at most one worker at a time. An urgent item
     * starts a drain at once (or as soon as the running one is done); one that is not waits up to
     * {@link #LATE_WAIT_MS} for an urgent one to go with, then goes anyway.
     */
    private static final class Batch<I, O> {

        private record Pending<I, O>(I item, boolean urgent, CompletableFuture<O> answer) {}

        private final Executor workers;
        private final Function<List<I>, List<O>> work;
        private final ConcurrentLinkedQueue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger urgent = new AtomicInteger();
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean lateDrainScheduled = new AtomicBoolean();
        private final Executor late =
                CompletableFuture.delayedExecutor(LATE_WAIT_MS, TimeUnit.MILLISECONDS, Runnable::run);

        Batch(Executor workers, Function<List<I>, List<O>> work) {
            this.workers = workers;
            this.work = work;
        }

        CompletableFuture<O> submit(I item, boolean urgentItem) {
            var pending = new Pending<I, O>(item, urgentItem, new CompletableFuture<>());
            queue.add(pending);
            if (urgentItem) {
                urgent.incrementAndGet();
                startDraining(false);
            } else {
                scheduleLateDrain();
            }
            return pending.answer();
        }

        /** Starts a drain if an urgent item waits, or with {@code any} if any item waits. */
        private void startDraining(boolean any) {
            if ((any ? !queue.isEmpty() : urgent.get() > 0) && draining.compareAndSet(false, true)) {
                try {
                    workers.execute(this::drain);
                } catch (RuntimeException e) {
                    draining.set(false);
                    throw e;
                }
            }
        }

        private void scheduleLateDrain() {
            if (lateDrainScheduled.compareAndSet(false, true)) {
                // If a drain is running then, it takes what waits, or schedules this again when it ends.
                late.execute(() -> {
                    lateDrainScheduled.set(false);
                    startDraining(true);
                });
            }
        }

        private void drain() {
            var answers = new ArrayList<Runnable>();
            try {
                var batch = new ArrayList<Pending<I, O>>();
                Pending<I, O> next;
                while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                    batch.add(next);
                    if (next.urgent()) {
                        urgent.decrementAndGet();
                    }
                }
                if (!batch.isEmpty()) {
                    run(batch, answers);
                }
            } finally {
                draining.set(false);
                startDraining(false);
                if (!queue.isEmpty()) {
                    scheduleLateDrain();
                }
            }
            // The answers complete on this thread once the next batch (if any gathered) is with another worker:
            // what follows an answer is short (the next step is handed to the HTTP client, the Kafka producer or
            // the next batch), and a thread woken per batch to answer it would cost more than that.
            for (Runnable answer : answers) {
                try {
                    answer.run();
                } catch (RuntimeException e) {
                    Log.errorf(e, "A run's next step failed after its run log answer");
                }
            }
        }

        /** Does {@code batch}'s work and adds to {@code answers} what completes each of its items. */
        private void run(List<Pending<I, O>> batch, List<Runnable> answers) {
            List<O> results;
            try {
                results = work.apply(batch.stream().map(Pending::item).toList());
            } catch (Exception e) {
                // Exception, not only RuntimeException: an interceptor may rethrow a checked one (a failed
                // commit), and an answer left incomplete would hold its run, and its conversation, forever.
                if (batch.size() == 1) {
                    CompletableFuture<O> answer = batch.get(0).answer();
                    answers.add(() -> answer.completeExceptionally(e));
                } else {
                    batch.forEach(pending -> run(List.of(pending), answers));
                }
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<O> answer = batch.get(i).answer();
                O result = results.get(i);
                answers.add(() -> answer.complete(result));
            }
        }
    }
}

package dev.customactions.common.batch;

import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gathers the items that concurrent callers submit into batches, so that they share one database
 * round trip: a statement costs PostgreSQL far more than a row. At most one batch is worked on at a
 * time, on a worker; items that arrive meanwhile form the next batch, which leaves as soon as that
 * one is done, so an item alone waits no longer than its own statement. An urgent item starts a
 * batch at once; one that is not waits up to {@code lateWait} for an urgent one to go with, then
 * goes anyway. A batch whose work fails is replayed one item at a time, so one bad item fails
 * alone. Answers complete on the worker that did the batch, once the next batch is with another.
 * The waits are timed by a thread of the batcher's own ({@link #close()} ends it): a timer thread shared
 * by the whole JVM (the JDK's delayed executor) outlives an application restarted in it, and work handed
 * to the workers from there found a stale CDI state (a bean could not be created after a restart).
 *
 * @param <I> an item of work
 * @param <O> its answer
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

    /** The work of one batch: one answer per item, in order. */
    @FunctionalInterface
    public interface Work<I, O> {
        List<O> apply(List<I> items) throws Exception;
    }

    private record Pending<I, O>(I item, boolean urgent, CompletableFuture<O> answer) {}

    private final String name;
    private final Executor workers;
    private final int maxBatch;
    private final Work<I, O> work;
    private final ScheduledExecutorService timer;
    private final Duration lateWait;
    private final ConcurrentLinkedQueue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger urgent = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean lateDrainScheduled = new AtomicBoolean();

    /**
     * @param name     what the batches are of, for logs
     * @param workers  where batches are worked on (blocking work is fine: one batch at a time)
     * @param maxBatch the most items in one batch
     * @param lateWait how long an item that is not urgent waits for an urgent one
     * @param work     the work of one batch
     */
    public MicroBatcher(String name, Executor workers, int maxBatch, Duration lateWait, Work<I, O> work) {
        this.name = name;
        this.workers = workers;
        this.maxBatch = maxBatch;
        this.work = work;
        this.lateWait = lateWait;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + " window");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Submits an urgent item: its batch starts at once, or as soon as the running one is done. */
    public CompletableFuture<O> submit(I item) {
        return submit(item, true);
    }

    /** Submits {@code item}; one that is not {@code urgent} may wait a little for an urgent one to go with. */
    public CompletableFuture<O> submit(I item, boolean urgentItem) {
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

    // Nothing waits for a late drain: the timer's future would only tell that it ran.
    @SuppressWarnings("FutureReturnValueIgnored")
    private void scheduleLateDrain() {
        if (lateDrainScheduled.compareAndSet(false, true)) {
            // If a drain is running then, it takes what waits, or schedules this again when it ends.
            try {
                timer.schedule(
                        () -> {
                            lateDrainScheduled.set(false);
                            startDraining(true);
                        },
                        lateWait.toNanos(),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                // Closed (the service stops): what waits goes now.
                lateDrainScheduled.set(false);
                startDraining(true);
            }
        }
    }

    /** Ends the batcher's timer: items submitted afterwards go at once. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void drain() {
        var answers = new ArrayList<Runnable>();
        try {
            var batch = new ArrayList<Pending<I, O>>();
            Pending<I, O> next;
            while (batch.size() < maxBatch && (next = queue.poll()) != null) {
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
        // what follows an answer is short, and a thread woken per batch to answer it would cost more than that.
        for (Runnable answer : answers) {
            try {
                answer.run();
            } catch (RuntimeException e) {
                Log.errorf(e, "What followed an answer of a %s batch failed", name);
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
            // commit), and an answer left incomplete would hold its caller forever.
            if (batch.size() == 1) {
                CompletableFuture<O> answer = batch.get(0).answer();
                answers.add(() -> answer.completeExceptionally(e));
            } else {
                Log.debugf("A %s batch of %d failed (%s); each item alone now", name, batch.size(), e.getMessage());
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

package dev.customactions.gateway;

import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Gathers the requests that arrive while one batch is being handled into the next batch, so that
 * many concurrent callers share one database round trip. A lone request is handled at once.
 */
final class MicroBatcher<I, O> {

    /** Handles a batch; answers one output per input, in order. */
    @FunctionalInterface
    interface Handler<I, O> {
        List<O> handle(List<I> inputs) throws Exception;
    }

    private record Pending<I, O>(I input, CompletableFuture<O> result) {}

    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Handler<I, O> handler;
    private final int maxBatch;
    private final Thread thread;
    private volatile boolean running = true;

    MicroBatcher(String name, int maxBatch, Handler<I, O> handler) {
        this.handler = handler;
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    CompletableFuture<O> submit(I input) {
        var result = new CompletableFuture<O>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("shutting down"));
            return result;
        }
        queue.add(new Pending<>(input, result));
        return result;
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    private void run() {
        var batch = new ArrayList<Pending<I, O>>(maxBatch);
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, maxBatch - 1);
            handle(batch);
            batch.clear();
        }
        Pending<I, O> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("shutting down"));
        }
    }

    private void handle(List<Pending<I, O>> batch) {
        try {
            List<O> outputs = handler.handle(batch.stream().map(Pending::input).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(outputs.get(i));
            }
        } catch (Exception e) {
            Log.warnf("A batch of %d failed: %s", batch.size(), e.getMessage());
            batch.forEach(pending -> pending.result().completeExceptionally(e));
        }
    }
}

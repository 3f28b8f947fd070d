package dev.customactions.executor.run;

import dev.customactions.action.ActionDefinition;
import dev.customactions.common.failure.Failures;
import dev.customactions.executor.event.RunCompleted;
import dev.customactions.executor.messaging.ResultPublisher;
import dev.customactions.executor.runlog.RunLog;
import dev.customactions.executor.runlog.RunLogBatcher;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Carries one run from plan to published result, exactly once per run id: a run already in the
 * run log is not called again (its stored result is re-published if it was not marked published), a
 * new one is run, stored, published, then marked published before its record is acknowledged. While PostgreSQL is unavailable the database steps are retried
 * with backoff (up to 10 s apart), so the run waits instead of being lost. The look-up, the store
 * and the publication mark of concurrent runs share statements ({@link RunLogBatcher}).
 */
@ApplicationScoped
public class RunPipeline {

    private static final Duration FIRST_RETRY = Duration.ofMillis(ActionDefinition.Retry.FIRST_BACKOFF_MS);
    private static final Duration LAST_RETRY = Duration.ofMillis(ActionDefinition.Retry.MAX_BACKOFF_MS);

    private final ActionRunner runner;
    private final RunLog runLog;
    private final RunLogBatcher batcher;
    private final ResultPublisher publisher;

    RunPipeline(ActionRunner runner, RunLog runLog, RunLogBatcher batcher, ResultPublisher publisher) {
        this.runner = runner;
        this.runLog = runLog;
        this.batcher = batcher;
        this.publisher = publisher;
    }

    /** Runs {@code plan} unless it ran before; completes with its result once that is on {@code action.results}. */
    public Uni<RunCompleted> execute(RunPlan plan) {
        return batched(() -> batcher.state(plan.runId())).chain(state -> switch (state) {
            case PUBLISHED -> database(() -> runLog.storedResult(plan.runId()).orElseThrow());
            case STORED ->
                database(() -> runLog.storedResult(plan.runId()).orElseThrow())
                        .call(result -> publish(result, () -> publisher.publish(result)));
            case NONE ->
                runner.run(plan)
                        .call(record -> batched(() -> batcher.store(record)))
                        .call(record -> publish(
                                record.result(),
                                () -> publisher.publish(record.result(), record.resultJson(), record.trace())))
                        .map(RunRecord::result);
        });
    }

    private Uni<Void> publish(RunCompleted result, Supplier<CompletionStage<Void>> send) {
        return retried(
                        Uni.createFrom().completionStage(send),
                        failure -> true,
                        failure -> Log.warnf(
                                "Publishing result %s failed, retrying: %s", result.runId(), failure.getMessage()))
                // Marked before the record is acknowledged: a redelivery after a crash then finds the run
                // published and sends nothing again (only a crash between Kafka's ack and this mark does).
                .call(() -> batched(() -> batcher.markPublished(result.runId())));
    }

    /** {@code step} on a worker thread, retried with backoff while the database is unavailable. */
    private static <T> Uni<T> database(Supplier<T> step) {
        return whileDatabaseDown(Uni.createFrom().item(step).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /** A batched run log step, asked again with backoff while the database is unavailable. */
    private static <T> Uni<T> batched(Supplier<CompletionStage<T>> step) {
        return whileDatabaseDown(Uni.createFrom().completionStage(step));
    }

    private static <T> Uni<T> whileDatabaseDown(Uni<T> step) {
        return retried(
                step,
                Failures::isTransient,
                failure -> Log.warnf("Database unavailable, retrying: %s", failure.getMessage()));
    }

    /**
     * {@code step}, subscribed again with backoff (200 ms growing to 10 s) for as long as it fails with
     * what {@code retryable} accepts. The retry operators are only built once a failure happened: on the
     * way every run takes they cost more than the step they guard.
     */
    private static <T> Uni<T> retried(Uni<T> step, Predicate<Throwable> retryable, Consumer<Throwable> onRetry) {
        return step.onFailure(retryable).recoverWithUni(first -> {
            onRetry.accept(first);
            return Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(FIRST_RETRY)
                    .chain(() -> step)
                    .onFailure(retryable)
                    .invoke(onRetry)
                    .onFailure(retryable)
                    .retry()
                    .withBackOff(FIRST_RETRY, LAST_RETRY)
                    .indefinitely();
        });
    }
}

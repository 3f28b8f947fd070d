package dev.customactions.objects.result;

import dev.customactions.common.failure.Failures;
import dev.customactions.objects.event.ActionResultReceived;
import dev.customactions.objects.model.AttributeCheck;
import dev.customactions.objects.rejection.Rejections;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Applies a batch of {@code action.results}: the whole batch in one transaction; when the stored
 * data refuses one of its writes, again one result per transaction, so that the result at fault is
 * rejected alone and the others are applied. While the database is unavailable
 * ({@link Failures#isTransient}) the batch is retried (backing off up to 10 s) and its partitions wait. Counts
 * {@code objects_action_results_total{outcome}}: applied, rejected, duplicate, skipped (test
 * runs and failures store nothing). A result rejected only for what the data model lacks is answered
 * to be dead-lettered, so that an operator can replay it once the attribute or type exists.
 */
@ApplicationScoped
public class ActionResultApplier {

    /** Reasons of a rejection that an operator can fix in the data model, then replay the result. */
    static final Set<String> FIXABLE = Set.of(
            AttributeCheck.UNKNOWN_ATTRIBUTE,
            AttributeCheck.ARCHIVED_ATTRIBUTE,
            ResultCheck.UNKNOWN_OBJECT_TYPE,
            ResultCheck.ARCHIVED_OBJECT_TYPE);

    /** Metric of handled results. */
    public static final String METRIC = "objects.action.results";

    private final ResultWriter writer;
    private final Rejections rejections;
    private final MeterRegistry registry;

    ActionResultApplier(ResultWriter writer, Rejections rejections, MeterRegistry registry) {
        this.writer = writer;
        this.rejections = rejections;
        this.registry = registry;
    }

    @Retry(maxRetries = -1, delay = 200, jitter = 100, maxDuration = 0)
    @RetryWhen(exception = Failures.Transient.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public Map<ActionResultReceived, String> apply(List<ActionResultReceived> results) {
        var stored = new LinkedHashMap<String, ActionResultReceived>();
        int skipped = 0;
        for (ActionResultReceived result : results) {
            if (!result.stores()) {
                skipped++;
            } else {
                // A run id twice in one batch is one run delivered twice: the first is applied.
                stored.putIfAbsent(ResultWriter.runKey(result), result);
            }
        }
        int duplicatesInBatch = results.size() - skipped - stored.size();
        var list = new ArrayList<>(stored.values());
        ResultWriter.Outcome outcome;
        try {
            outcome = writer.apply(list);
        } catch (WriteConflict conflict) {
            if (list.size() > 1) {
                Log.debugf(
                        "A batch of %d results met a conflict (%s); applying them one by one",
                        list.size(), conflict.getMessage());
            }
            outcome = ResultWriter.Outcome.NONE;
            for (ActionResultReceived result : list) {
                outcome = outcome.plus(applyAlone(result));
            }
        }
        registry.counter(METRIC, "outcome", "applied").increment(outcome.applied());
        registry.counter(METRIC, "outcome", "rejected")
                .increment(outcome.rejections().size());
        registry.counter(METRIC, "outcome", "duplicate").increment(outcome.duplicates() + duplicatesInBatch);
        registry.counter(METRIC, "outcome", "skipped").increment(skipped);
        rejections.count(outcome.rejections());
        return fixable(stored, outcome.rejections());
    }

    /**
     * The rejected results whose every problem an operator can fix in the data model (a missing or
     * archived attribute or object type), with the reason: they go to the dead-letter topic, to be replayed.
     */
    private static Map<ActionResultReceived, String> fixable(
            Map<String, ActionResultReceived> stored, List<Rejections.Rejection> rejections) {
        var refused = new IdentityHashMap<ActionResultReceived, String>();
        for (Rejections.Rejection rejection : rejections) {
            if (rejection.problems().stream().allMatch(problem -> FIXABLE.contains(problem.reason()))) {
                ActionResultReceived result = stored.get(rejection.workspaceId() + ':' + rejection.sourceId());
                if (result != null) {
                    refused.put(
                            result,
                            "Writes rejected: "
                                    + rejection.problems().stream()
                                            .map(problem -> problem.reason() + " at " + problem.field() + " ("
                                                    + problem.message() + ")")
                                            .collect(Collectors.joining("; ")));
                }
            }
        }
        return refused;
    }

    private ResultWriter.Outcome applyAlone(ActionResultReceived result) {
        try {
            return writer.apply(List.of(result));
        } catch (WriteConflict conflict) {
            Log.infof(
                    "Result of run %s in workspace %s rejected: %s",
                    result.runId(), result.workspaceId(), conflict.getMessage());
            return writer.reject(result, conflict.problems());
        }
    }
}

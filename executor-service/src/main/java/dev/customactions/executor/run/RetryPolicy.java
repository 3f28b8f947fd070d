package dev.customactions.executor.run;

import dev.customactions.action.ActionDefinition;
import dev.customactions.executor.http.OutboundResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What a third party's answer means for the call and an action's opt-in retry policy: a 2xx goes on;
 * 429 and 5xx fail retryably (with the server's {@code Retry-After}), 401/403 as {@code auth_failed},
 * the rest as {@code http_error}; a retry waits with exponential backoff and jitter (200 ms doubling,
 * 10 s at most), at least what {@code Retry-After} asks, and never past the action's total budget.
 */
final class RetryPolicy {

    private RetryPolicy() {}

    /**
     * Fails the call unless {@code response} is a 2xx or a status {@code spec} declares as "nothing
     * found": 429 and 5xx as retryable, 401/403 as auth_failed.
     */
    static void checkStatus(OutboundResponse response, ActionDefinition spec) {
        int status = response.status();
        if (status / 100 == 2 || spec.notFound(status)) {
            return;
        }
        String message = "The API answered HTTP " + status;
        if (status == 429) {
            throw new RetryableFailure(
                    RunFailure.RATE_LIMITED, message + " (too many requests)", response.header("Retry-After"));
        }
        if (status == 401 || status == 403) {
            throw new RunFailure(RunFailure.AUTH_FAILED, message + " (the credentials were refused)");
        }
        if (status >= 500) {
            throw new RetryableFailure(RunFailure.HTTP_ERROR, message, response.header("Retry-After"));
        }
        throw new RunFailure(RunFailure.HTTP_ERROR, message);
    }

    /** A failure the action's retry policy may retry (5xx, 429), with the server's Retry-After if it sent one. */
    static final class RetryableFailure extends RunFailure {
        private static final long serialVersionUID = 1L;

        private final String retryAfter;

        RetryableFailure(String type, String message, String retryAfter) {
            super(type, message);
            this.retryAfter = retryAfter;
        }
    }

    /**
     * How long to wait before attempt {@code number + 1} of a call first started at {@code firstStart}
     * ({@link System#nanoTime()}), or null when the run should not be retried.
     */
    static Duration delay(ActionDefinition.Retry retry, long firstStart, int number, RunFailure failure) {
        boolean retryable = failure instanceof RetryableFailure || RunFailure.CONNECTION_FAILED.equals(failure.type());
        if (retry == null || !retryable || retry.maxAttempts() == null || number >= retry.maxAttempts()) {
            return null;
        }
        long backoff = ActionDefinition.Retry.backoffMs(number);
        long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        if (failure instanceof RetryableFailure retryable429 && retryable429.retryAfter != null) {
            Long asked = retryAfterMs(retryable429.retryAfter);
            if (asked != null) {
                delay = Math.max(delay, asked);
            }
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstStart);
        if (elapsed + delay >= retry.budgetMs()) {
            return null;
        }
        return Duration.ofMillis(delay);
    }

    static Long retryAfterMs(String value) {
        String v = value.trim();
        if (v.matches("[0-9]{1,6}")) {
            return Long.parseLong(v) * 1_000L;
        }
        try {
            long ms = Duration.between(Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME))
                    .toMillis();
            return Math.max(ms, 0);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

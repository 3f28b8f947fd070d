package dev.customactions.executor.http;

import dev.customactions.executor.definition.ConnectionSpec;
import dev.customactions.executor.run.RunFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The optional rate limit of a connection ({@code rate_limit_per_minute}): calls made with it are
 * spaced evenly (one every 60 s / limit), each waiting for its slot without holding a thread. A
 * call whose slot lies beyond its timeout fails at once with {@code rate_limited}. The limit holds
 * per executor instance.
 */
@ApplicationScoped
public class ConnectionRateLimiter {

    private final Map<String, AtomicLong> nextSlot = new ConcurrentHashMap<>();

    /** Completes when a call with {@code connection} may go; at once for a connection without a limit. */
    public Uni<Void> acquire(ConnectionSpec connection, long timeoutMs) {
        String limit = connection == null ? null : connection.settings().get("rate_limit_per_minute");
        if (limit == null) {
            return Uni.createFrom().voidItem();
        }
        long perMinute = Long.parseLong(limit);
        long intervalNanos = TimeUnit.MINUTES.toNanos(1) / Math.max(perMinute, 1);
        AtomicLong next = nextSlot.computeIfAbsent(connection.id(), id -> new AtomicLong(System.nanoTime()));
        long now = System.nanoTime();
        long slot;
        while (true) {
            long current = next.get();
            slot = Math.max(now, current);
            if (slot - now > TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
                return Uni.createFrom()
                        .failure(new RunFailure(
                                RunFailure.RATE_LIMITED,
                                "The connection's rate limit (" + perMinute
                                        + " calls a minute) leaves no slot within this call's timeout"));
            }
            if (next.compareAndSet(current, slot + intervalNanos)) {
                break;
            }
        }
        long waitNanos = slot - now;
        return waitNanos <= 0
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(waitNanos));
    }
}

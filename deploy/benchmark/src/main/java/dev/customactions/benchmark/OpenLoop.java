package dev.customactions.benchmark;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends requests at a fixed arrival rate, whatever the answers do (open loop), and records each
 * latency from the moment the request was due, not from when it could be sent: a server that
 * stalls is charged for every request that waited (no coordinated omission).
 */
final class OpenLoop {

    /** What one run measured. */
    record Result(
            String target,
            int rate,
            long sent,
            long ok,
            Map<Integer, Long> statuses,
            long failures,
            double seconds,
            Histogram latencies) {

        double okPerSecond() {
            return ok / seconds;
        }

        double percentileMs(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1_000_000.0;
        }
    }

    private final HttpClient client;
    private final RequestOptions request;
    private final String token;

    OpenLoop(HttpClient client, RequestOptions request, String token) {
        this.client = client;
        this.request = request;
        this.token = token;
    }

    /** Sends {@code rate} requests a second for {@code seconds}; {@code body} makes the i-th body. */
    Result run(String target, int rate, int seconds, LongFunction<String> body) throws InterruptedException {
        long total = (long) rate * seconds;
        long intervalNs = 1_000_000_000L / rate;
        var recorder = new Recorder(3);
        var ok = new AtomicLong();
        var failures = new AtomicLong();
        var statuses = new ConcurrentHashMap<Integer, AtomicLong>();
        var done = new CountDownLatch(1);
        var outstanding = new AtomicLong(total);
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNs;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Buffer payload = Buffer.buffer(body.apply(i));
            client.request(new RequestOptions(request)
                            .putHeader("Authorization", "Bearer " + token)
                            .putHeader("Content-Type", "application/json"))
                    .compose(req -> req.send(payload))
                    .onComplete(answer -> {
                        recorder.recordValue(Math.max(1, System.nanoTime() - due));
                        if (answer.succeeded()) {
                            int status = answer.result().statusCode();
                            statuses.computeIfAbsent(status, s -> new AtomicLong())
                                    .incrementAndGet();
                            if (status == 200) {
                                ok.incrementAndGet();
                            }
                        } else {
                            failures.incrementAndGet();
                        }
                        if (outstanding.decrementAndGet() == 0) {
                            done.countDown();
                        }
                    });
        }
        if (!done.await(seconds + 60L, TimeUnit.SECONDS)) {
            failures.addAndGet(outstanding.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return new Result(
                target, rate, total, ok.get(), counts, failures.get(), elapsed, recorder.getIntervalHistogram());
    }

    static RequestOptions post(String host, int port, String path) {
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(port)
                .setURI(path);
    }
}

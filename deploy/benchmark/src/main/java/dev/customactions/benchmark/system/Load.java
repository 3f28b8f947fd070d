package dev.customactions.benchmark.system;

import dev.customactions.benchmark.Compilations;
import dev.customactions.benchmark.CpuUsage;
import dev.customactions.benchmark.ResultsReader;
import dev.customactions.localstack.Launcher;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-loop load on one workspace: sends a step's {@code notify_new_message} events to the gateway
 * at its rate and follows each to its result and its write; also the warm-up, the idle measurement and
 * the step where a second workspace keeps its pace while the first floods.
 */
final class Load {

    /** Distinct order numbers the events ask about, the message body the trigger binds (from 1000 up). */
    static final int ORDER_NUMBERS = 50_000;
    /** How often the consumer lag is read while a step runs. */
    static final int LAG_EVERY_SECONDS = 5;
    /** Seconds of no load measured after the warm-up. */
    static final int IDLE_SECONDS = 20;
    /** The rate of the workspace that keeps sending while another floods. */
    static final int STEADY_RATE = 1;

    private static final URI GATEWAY = URI.create(Launcher.url("channel-gateway"));

    private final HttpClient client;
    private final Setup.Workspace workspace;
    private final int conversations;
    private final ScheduledExecutorService sampler;
    private final Statements statements;
    private final ResultsReader<Step> reader;
    private final ConsumerLag lag;
    private final Connection objects;

    /** The step of a workspace that floods and the step of another, sending an event a second meanwhile. */
    record TwoWorkspaces(Step flood, Step steady) {}

    /**
     * What a step is measured with: the load's client and workspace, the samplers and the readers of
     * results and writes.
     */
    Load(
            HttpClient client,
            Setup.Workspace workspace,
            int conversations,
            ScheduledExecutorService sampler,
            Statements statements,
            ResultsReader<Step> reader,
            ConsumerLag lag,
            Connection objects) {
        this.client = client;
        this.workspace = workspace;
        this.conversations = conversations;
        this.sampler = sampler;
        this.statements = statements;
        this.reader = reader;
        this.lag = lag;
        this.objects = objects;
    }

    /** The gateway's {@code notify_new_message}, sent with {@code admin}'s token. */
    static RequestOptions notifyNewMessage(String admin) {
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(GATEWAY.getHost())
                .setPort(GATEWAY.getPort())
                .setURI("/custom_channel_events/notify_new_message")
                .putHeader("Authorization", "Bearer " + admin)
                .putHeader("Content-Type", "application/json");
    }

    /** A notify_new_message body; the message's body is the order number the trigger binds. */
    static String event(String eventId, String conversation, long order) {
        return "{\"event_id\":\"" + eventId + "\",\"external_conversation_id\":\"conv_" + conversation
                + "\",\"contact\":{\"type\":\"user\",\"external_id\":\"user_" + conversation
                + "\",\"name\":\"Jane Doe\",\"email\":\"jane" + conversation + "@example.com\"},\"body\":\"" + order
                + "\"}";
    }

    /** The wall clock in microseconds since the epoch, as the writes' {@code processed_at} is read. */
    static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** Loads the whole system at {@code rate} until every JVM's JIT has settled, for {@code maxSeconds} at most. */
    Warmup warmUp(int rate, int maxSeconds, int drain) throws InterruptedException {
        System.out.printf(
                Locale.ROOT,
                "==> Warming the whole system up at %d events/s until every JVM's JIT uses under %.0f %% of a core"
                        + " over %d s (at most %d s)%n",
                rate,
                Warmup.SETTLED_JIT_PERCENT,
                Warmup.WINDOW_SECONDS,
                maxSeconds);
        var warm = new Step("warm", rate, 0, maxSeconds);
        reader.steps.put(warm.tag, warm);
        Warmup warmed = Warmup.until(warm, sampler, () -> run(warm));
        awaitDrained(warm, drain);
        reader.steps.remove(warm.tag);
        System.out.println("==> " + warmed.summary());
        return warmed;
    }

    /**
     * What the platform spends with no load at all (polls, timers, metrics) over {@link #IDLE_SECONDS}:
     * per second, not per action, so it weighs most at low rates.
     */
    Map<String, Double> idle() throws InterruptedException {
        System.out.printf(Locale.ROOT, "==> Idle: %d s without load%n", IDLE_SECONDS);
        reader.pause();
        var from = CpuUsage.sample();
        Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
        Map<String, Double> idle = CpuUsage.sample().since(from);
        reader.resume();
        return idle;
    }

    /**
     * Sets up a second workspace as the first, then measures the first flooding at {@code floodRate} (drained for
     * as long as the overload step) while the second sends {@link #STEADY_RATE} events a second.
     */
    TwoWorkspaces twoWorkspaces(
            Setup setup, String bootstrapServers, String stamp, int floodRate, SystemBenchmark.Settings settings)
            throws Exception {
        Setup.Workspace steadyOne = setup.newWorkspace("System benchmark, steady " + stamp);
        try (var steadyReader = new ResultsReader<Step>(bootstrapServers, steadyOne.id(), Step::record)) {
            steadyReader.start();
            setup.probe(client, steadyOne, steadyReader, objects);
            var steadyLoad =
                    new Load(client, steadyOne, conversations, sampler, statements, steadyReader, lag, objects);
            var flood = new Step("flood" + floodRate, floodRate, settings.warmup(), settings.seconds());
            var steady = new Step("steady", STEADY_RATE, settings.warmup(), settings.seconds());
            System.out.printf(
                    Locale.ROOT,
                    "==> Two workspaces: one offers %d events/s, the other %d/s%n",
                    floodRate,
                    STEADY_RATE);
            var steadyDone = CompletableFuture.runAsync(() -> {
                try {
                    steadyLoad.measure(steady, settings.drain());
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            measure(flood, settings.overloadDrain());
            steadyDone.get();
            return new TwoWorkspaces(flood, steady);
        }
    }

    /** Runs {@code step}, waits up to {@code drain} s for its backlog, collects its writes and prints it. */
    void measure(Step step, int drain) throws Exception {
        reader.steps.put(step.tag, step);
        var lagSampling = sampler.scheduleAtFixedRate(
                () -> {
                    try {
                        step.maxLag.accumulateAndGet(lag.lag("executor-service", "channel.events"), Math::max);
                    } catch (Exception e) {
                        System.out.println("Reading the consumer lag failed: " + e);
                    }
                },
                0,
                LAG_EVERY_SECONDS,
                TimeUnit.SECONDS);
        run(step);
        awaitDrained(step, drain);
        lagSampling.cancel(false);
        // An event without a result counts as lost only once nothing is left to do: while the executor
        // or the objects service still has a backlog, it is only not done yet.
        step.backlogLeft = !drained(step)
                && (lag.lag("executor-service", "channel.events") > 0
                        || lag.lag("objects-service", "action.results") > 0);
        collectWrites(step, 30);
        step.compute();
        System.out.println(step.summary());
    }

    /** A last look: writes that came after a step's deadline are no longer lost. */
    void lastLook(List<Step> steps) throws Exception {
        for (Step step : steps) {
            if (step.lost() > 0) {
                collectWrites(step, 1);
                step.compute();
            }
        }
    }

    /**
     * Sends the step's events at its rate (open loop); each latency is charged from the event's due time.
     * The measured window's samples are taken on the sampler's thread and read once the step has drained:
     * nothing waits for them (a warm-up ended early still takes its closing sample when its cap would have run out).
     */
    @SuppressWarnings("FutureReturnValueIgnored")
    private void run(Step step) {
        System.out.printf(
                Locale.ROOT,
                "==> %d events/s: %d s warm-up, %d s measured%n",
                step.rate,
                step.warmupSeconds,
                step.seconds);
        var request = notifyNewMessage(workspace.admin());
        step.startWallMicros = wallMicros();
        step.startNs = System.nanoTime();
        long measuredFrom = step.dueNs(step.warmupCount) - System.nanoTime();
        sampler.schedule(
                () -> {
                    step.jitFrom = Compilations.sample();
                    step.cpuFrom = CpuUsage.sample();
                    statements.reset();
                },
                measuredFrom,
                TimeUnit.NANOSECONDS);
        sampler.schedule(
                () -> {
                    step.cpuTo = CpuUsage.sample();
                    step.statements = statements.read();
                    step.jitTo = Compilations.sample();
                },
                measuredFrom + TimeUnit.SECONDS.toNanos(step.seconds),
                TimeUnit.NANOSECONDS);
        int n = 0;
        for (; n < step.total && n < step.limit; n++) {
            int i = n;
            long wait = step.dueNs(i) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Buffer body = Buffer.buffer(
                    event("evt_" + step.tag + "_" + i, String.valueOf(i % conversations), 1000 + i % ORDER_NUMBERS));
            client.request(request).compose(r -> r.send(body)).onComplete(answer -> {
                step.answeredNs.set(i, System.nanoTime());
                int status = answer.succeeded() ? answer.result().statusCode() : -1;
                step.status.set(i, status);
                if (status == 200) {
                    step.accepted.incrementAndGet();
                }
                step.answered.incrementAndGet();
            });
        }
        step.sent = n;
    }

    /**
     * Waits until every event is answered and every accepted one has its result, at most {@code drain} s
     * after the last was due.
     */
    private static void awaitDrained(Step step, int drain) throws InterruptedException {
        long deadline = step.dueNs(Math.max(0, step.sent - 1)) + TimeUnit.SECONDS.toNanos(drain);
        while (System.nanoTime() < deadline && !drained(step)) {
            Thread.sleep(100);
        }
    }

    private static boolean drained(Step step) {
        return step.answered.get() >= step.sent && step.results.get() >= step.accepted.get();
    }

    /** Reads the step's {@code applied_run} rows until every successful result has one or {@code seconds} pass. */
    private void collectWrites(Step step, int seconds) throws Exception {
        var byRun = new HashMap<String, Integer>();
        int expected = 0;
        for (int i = 0; i < step.total; i++) {
            String run = step.runIds.get(i);
            if (run != null) {
                byRun.put(run, i);
                if (step.resultState.get(i) == 1) {
                    expected++;
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            int found = 0;
            try (PreparedStatement statement = objects.prepareStatement("""
                    SELECT run_id, outcome, (extract(epoch from processed_at) * 1000000)::bigint FROM applied_run
                    WHERE workspace_id = ? AND processed_at >= ?""")) {
                statement.setString(1, workspace.id());
                statement.setTimestamp(
                        2,
                        Timestamp.from(Instant.EPOCH
                                .plus(step.startWallMicros, ChronoUnit.MICROS)
                                .minusSeconds(1)));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Integer i = byRun.get(rows.getString(1));
                        if (i != null) {
                            step.writtenMicros[i] = rows.getLong(3);
                            step.rejected[i] = "rejected".equals(rows.getString(2));
                            found++;
                        }
                    }
                }
            }
            if (found >= expected || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(500);
        }
    }
}

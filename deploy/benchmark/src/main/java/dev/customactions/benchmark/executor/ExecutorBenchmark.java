package dev.customactions.benchmark.executor;

import dev.customactions.benchmark.Benchmarks;
import dev.customactions.benchmark.CpuUsage;
import dev.customactions.benchmark.Options;
import dev.customactions.benchmark.ResultsReader;
import dev.customactions.benchmark.StandIn;
import dev.customactions.localstack.Launcher;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The executor's benchmark: starts PostgreSQL, Kafka and the executor service on this machine,
 * and a local HTTPS stand-in for a third-party API in this process (answering a small JSON order
 * after a set delay). Publishes one live action (GET an order by id; outputs mapped to a
 * conversation attribute and an {@code Order} custom object) and one trigger on
 * {@code new_message} on {@code definitions.changes}, then, for each upstream delay and each
 * arrival rate, produces channel events at that fixed rate (open loop, over many conversations)
 * and reads {@code action.results}: results per second, latency from each event's due time to its
 * result (no coordinated omission), the same minus the upstream's delay (the platform's overhead),
 * and the run's own {@code duration_ms}.
 * <p>
 * Options: {@code --delays 0,100} {@code --rates-0 1000,2000,...} {@code --rates-100 500,1000,...}
 * {@code --seconds 20} {@code --warmup 60} {@code --warmup-rate 300} {@code --conversations 10000}
 * {@code --connections-per-host 256} {@code --protocol http1|h2} {@code --settle 10} {@code --pause-ms 0} {@code --home <repo>}.
 */
public final class ExecutorBenchmark {

    private static final String EVENT_TYPE = "dev.customactions.channel.event.accepted";
    private static final String CHANGED_TYPE = "dev.customactions.definition.changed";
    /** The executor's JIT compilers below this share of a core: the warm-up is over. */
    private static final double SETTLED_JIT_PERCENT = 5;

    private static final int WARMUP_SLICE_SECONDS = 10;
    private static final int MAX_WARMUP_SECONDS = 420;
    /** How long the executor is frozen in the middle of each step's measure (0: never). */
    private static int pauseMs;
    /** The warm-up as it went: its length and the compilers' share in its last slice. */
    private static int warmupSeconds;

    private static double warmupJit = Double.NaN;
    /** The wall clock in nanoseconds minus {@link System#nanoTime()}, read once. */
    private static final long WALL_MINUS_NANO = wallMinusNano();

    private ExecutorBenchmark() {}

    /** One rate at one upstream delay: what was offered and what came back. */
    static final class Step {
        final String tag;
        final int delayMs;
        final int rate;
        final long total;
        final long intervalNs;
        volatile long start;
        final Histogram endToEnd = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        final Histogram overhead = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        final Histogram runDuration = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        /** From the due time to the call's start (Kafka hop in, the run log look-up, rendering). */
        final Histogram beforeCall = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        /** From the call's end to the result read (run log store, publication, Kafka hop out). */
        final Histogram afterCall = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        /** From the call's end to the result's record created (the run log store), millisecond precision. */
        final Histogram toRecord = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);

        final AtomicLong received = new AtomicLong();
        /** Per second of the step (by due time): the worst end-to-end latency, before-call and run time, in ms. */
        final long[][] worstPerSecond;

        final AtomicLong sendFailures = new AtomicLong();
        final Map<String, Long> failures = new ConcurrentHashMap<>();
        volatile long lastSeen;
        double seconds;
        long newConnections;
        /** Connections opened while the step settled, before its measure. */
        volatile long settleConnections;
        /** CPU over the step, % of one core: the executor, Kafka, PostgreSQL, this process with the stand-in, and the machine (% of all cores). */
        Map<String, Double> cpu = Map.of();
        /** The executor's CPU time per result, in microseconds. */
        double executorCpuPerRunUs;

        Step(String tag, int delayMs, int rate, int seconds) {
            this.tag = tag;
            this.delayMs = delayMs;
            this.rate = rate;
            this.total = (long) rate * seconds;
            this.intervalNs = 1_000_000_000L / rate;
            this.worstPerSecond = new long[seconds + 1][3];
        }

        double resultsPerSecond() {
            return received.get() / seconds;
        }

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Charges the result of the step's event {@code i}, read at {@code seen}. */
        void record(long i, JsonObject result, long seen) {
            long latency = Math.max(1, seen - (start + i * intervalNs));
            endToEnd.recordValue(latency);
            overhead.recordValue(Math.max(1, latency - TimeUnit.MILLISECONDS.toNanos(delayMs)));
            runDuration.recordValue(Math.max(1, TimeUnit.MILLISECONDS.toNanos(result.getLong("duration_ms", 0L))));
            // Wall clock (the executor's timestamps) against this process's monotonic clock, same machine.
            long due = start + i * intervalNs;
            beforeCall.recordValue(Math.max(1, wallToNano(result.getString("started_at")) - due));
            afterCall.recordValue(Math.max(1, seen - wallToNano(result.getString("finished_at"))));
            long producedNs =
                    TimeUnit.MILLISECONDS.toNanos(result.getLong(ResultsReader.PRODUCED_AT_MS)) - WALL_MINUS_NANO;
            toRecord.recordValue(Math.max(1, producedNs - wallToNano(result.getString("finished_at"))));
            long[] worst = worstPerSecond[(int) Math.min(worstPerSecond.length - 1, i / rate)];
            synchronized (worst) {
                worst[0] = Math.max(worst[0], latency / 1_000_000);
                worst[1] = Math.max(worst[1], (wallToNano(result.getString("started_at")) - due) / 1_000_000);
                worst[2] = Math.max(worst[2], result.getLong("duration_ms", 0L));
            }
            if (!"success".equals(result.getString("status"))) {
                JsonObject error = result.getJsonObject("error");
                failures.merge(error == null ? "unknown" : error.getString("type"), 1L, Long::sum);
            }
            lastSeen = seen;
            received.incrementAndGet();
        }

        /** {@code instant} (ISO-8601, wall clock) on the {@link System#nanoTime()} scale. */
        static long wallToNano(String instant) {
            Instant at = Instant.parse(instant);
            long wallNs = at.getEpochSecond() * 1_000_000_000L + at.getNano();
            return wallNs - WALL_MINUS_NANO;
        }

        static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private static long wallMinusNano() {
        Instant now = Instant.now();
        long nano = System.nanoTime();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano() - nano;
    }

    public static void main(String[] args) throws Exception {
        var options = Options.parse(
                args,
                "--delays",
                "--rates-0",
                "--rates-100",
                "--seconds",
                "--warmup",
                "--warmup-rate",
                "--conversations",
                "--connections-per-host",
                "--protocol",
                "--settle",
                "--pause-ms");
        Path home = options.home();
        int[] delays = options.integers("--delays", 0, 100);
        int[] rates0 = options.integers("--rates-0", 100, 200, 300, 400, 500, 750, 1000, 1500, 2000, 2500, 3000);
        int[] rates100 = options.integers("--rates-100", 100, 200, 300, 400, 500, 750, 1000, 1500, 2000, 2500);
        int warmupRate = options.integer("--warmup-rate", 300);
        int seconds = options.integer("--seconds", 20);
        int warmup = options.integer("--warmup", 60);
        int settle = options.integer("--settle", 10);
        pauseMs = options.integer("--pause-ms", 0);
        int conversationCount = options.integer("--conversations", 10_000);
        int connectionsPerHost = options.integer("--connections-per-host", 256);
        String protocol = options.strings("--protocol", List.of("http1")).get(0);
        if (!protocol.equals("h2") && !protocol.equals("http1")) {
            throw new IllegalArgumentException(
                    "--protocol is http1 (the executor's default) or h2 (HTTP/2 on both sides)");
        }
        Path tls = home.resolve("deploy/benchmark/src/main/resources/tls");
        Path dataDir = Files.createTempDirectory("benchmark-executor-");
        var steps = new ArrayList<Step>();
        var standIn = new StandIn(tls.resolve("standin.p12"), false, protocol.equals("h2"));
        var env = new TreeMap<>(StandIn.executorEnv(tls.resolve("trust.p12")));
        env.put("CUSTOMACTIONS_EXECUTOR_MAX_CONNECTIONS_PER_HOST", String.valueOf(connectionsPerHost));
        env.put("CUSTOMACTIONS_EXECUTOR_HTTP2", String.valueOf(protocol.equals("h2")));
        String workspace = UUID.randomUUID().toString();
        try (var platform =
                        Launcher.start(home, dataDir, true, List.of("executor-service"), Benchmarks.serviceEnv(env));
                var producer = producer(platform.kafkaBootstrapServers());
                var results = new ResultsReader<Step>(platform.kafkaBootstrapServers(), workspace, Step::record)) {
            List<String> conversations = new ArrayList<>();
            for (int i = 0; i < conversationCount; i++) {
                conversations.add(UUID.randomUUID().toString());
            }
            publishDefinitions(producer, workspace, standIn.port());
            results.start();
            awaitProbe(producer, results, workspace, conversations.get(0));

            // Warm-up at a low rate: on two cores the JIT compilers take minutes of load to settle (a service runs
            // warm after its first minutes), and a step measured while they compile measures them. So the warm-up
            // goes on past --warmup, in slices, until the executor's compiler threads are nearly idle. The connection
            // pool then grows with the measured steps, as it would with a rising load (the table counts the new
            // connections).
            System.out.println("==> Warming up for at least " + warmup + " s at " + warmupRate + " events/s");
            standIn.delayMs = 0;
            var warm = new Step("warm", 0, warmupRate, warmup);
            run(producer, results, workspace, conversations, warm);
            double jit = warm.cpu.getOrDefault("executor" + CpuUsage.JIT, Double.NaN);
            int warmed = warmup;
            for (int slice = 1; jit > SETTLED_JIT_PERCENT && warmed < MAX_WARMUP_SECONDS; slice++) {
                System.out.printf(
                        "    the executor's JIT compilers at %.0f %% of a core: %d s more%n",
                        jit, WARMUP_SLICE_SECONDS);
                var more = new Step("warm" + slice, 0, warmupRate, WARMUP_SLICE_SECONDS);
                run(producer, results, workspace, conversations, more);
                warmed += WARMUP_SLICE_SECONDS;
                jit = more.cpu.getOrDefault("executor" + CpuUsage.JIT, Double.NaN);
            }
            warmupSeconds = warmed;
            warmupJit = jit;
            System.out.printf(
                    "    (warm-up: %d s, the executor's JIT compilers at %.0f %% of a core in its last %d s; "
                            + "%d TLS connections opened to the stand-in)%n",
                    warmed, jit, warmed == warmup ? warmup : WARMUP_SLICE_SECONDS, standIn.connections.get());

            for (int delay : delays) {
                standIn.delayMs = delay;
                int[] rates = delay == 0 ? rates0 : rates100;
                for (int rate : rates) {
                    var step = new Step("d" + delay + "r" + rate, delay, rate, seconds);
                    run(producer, results, workspace, conversations, step, standIn, settle);
                    print(step);
                    steps.add(step);
                    if (saturated(step)) {
                        break;
                    }
                }
            }
            System.out.println("Stand-in answered " + standIn.calls.get() + " calls");
        } finally {
            standIn.close();
        }
        Benchmarks.writeLatest(
                home,
                protocol.equals("h2") ? "executor-h2" : "executor",
                report(steps, seconds, conversationCount, connectionsPerHost, protocol, warmup, warmupRate, settle));
    }

    /** Produces {@code step.total} events at {@code step.rate}/s, then waits for their results (at most 60 s more). */
    private static void run(
            KafkaProducer<String, String> producer,
            ResultsReader<Step> results,
            String workspace,
            List<String> conversations,
            Step step)
            throws InterruptedException {
        run(producer, results, workspace, conversations, step, null, 0);
    }

    /**
     * Produces {@code settleSeconds} of events at the step's rate, not measured (their results are dropped),
     * then without a pause {@code step.total} measured ones, and waits for their results (at most 60 s more).
     * The settling lets the executor's pool grow to the step's concurrency before the measure: a step's
     * figures are its steady state, and the connections opened on the way are counted apart.
     */
    // The timed tasks' and sends' futures are not needed: what they do is read back from the results.
    @SuppressWarnings("FutureReturnValueIgnored")
    private static void run(
            KafkaProducer<String, String> producer,
            ResultsReader<Step> results,
            String workspace,
            List<String> conversations,
            Step step,
            StandIn standIn,
            int settleSeconds)
            throws InterruptedException {
        long settleEvents = (long) step.rate * settleSeconds;
        long settleStart = System.nanoTime();
        long start = settleStart + settleEvents * step.intervalNs;
        step.start = start;
        results.steps.put(step.tag, step);
        long connectionsBefore = standIn == null ? 0 : standIn.connections.get();
        // Sampled at the measure's start on another thread: reading /proc here would make the first events late.
        CompletableFuture<CpuUsage.Sample> cpuFrom = CompletableFuture.supplyAsync(
                () -> {
                    step.settleConnections = standIn == null ? 0 : standIn.connections.get() - connectionsBefore;
                    return CpuUsage.sample();
                },
                CompletableFuture.delayedExecutor(start - System.nanoTime(), TimeUnit.NANOSECONDS));
        if (pauseMs > 0 && standIn != null) {
            CompletableFuture.runAsync(
                    ExecutorBenchmark::pauseExecutor,
                    CompletableFuture.delayedExecutor(
                            start + step.total * step.intervalNs / 2 - System.nanoTime(), TimeUnit.NANOSECONDS));
        }
        for (long i = -settleEvents; i < step.total; i++) {
            long due = start + i * step.intervalNs;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String conversation = conversations.get((int) ((i + settleEvents) % conversations.size()));
            String eventId = i < 0 ? "evt_" + step.tag + "-settle_" + (i + settleEvents) : "evt_" + step.tag + "_" + i;
            producer.send(
                    event(workspace, conversation, eventId, String.valueOf(1000 + (i + settleEvents) % 50_000)),
                    (metadata, failure) -> {
                        if (failure != null) {
                            step.sendFailures.incrementAndGet();
                        }
                    });
        }
        long lastDue = start + (step.total - 1) * step.intervalNs;
        while (step.received.get() < step.total && System.nanoTime() - lastDue < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(50);
        }
        long end = step.received.get() == step.total ? step.lastSeen : System.nanoTime();
        step.seconds = (end - start) / 1e9;
        results.steps.remove(step.tag);
        CpuUsage.Sample cpuTo = CpuUsage.sample();
        CpuUsage.Sample from = cpuFrom.join();
        step.newConnections =
                (standIn == null ? 0 : standIn.connections.get() - connectionsBefore) - step.settleConnections;
        step.cpu = cpuTo.since(from);
        long executorNanos =
                cpuTo.cpuNanos().getOrDefault("executor", 0L) - from.cpuNanos().getOrDefault("executor", 0L);
        step.executorCpuPerRunUs = step.received.get() == 0 ? Double.NaN : executorNanos / 1e3 / step.received.get();
    }

    /**
     * Freezes the executor's process for {@code pauseMs} (SIGSTOP, then SIGCONT), as a long GC pause or a host
     * that gave it no CPU would: the events meanwhile pile up, and the step shows how the executor recovers
     * (how many connections it opens for the backlog, how long the tail lasts).
     */
    private static void pauseExecutor() {
        List<ProcessHandle> executors = CpuUsage.processes("executor");
        try {
            for (ProcessHandle executor : executors) {
                new ProcessBuilder("kill", "-STOP", String.valueOf(executor.pid()))
                        .inheritIO()
                        .start()
                        .waitFor();
            }
            Thread.sleep(pauseMs);
        } catch (Exception e) {
            System.out.println("    (could not pause the executor: " + e + ")");
        } finally {
            for (ProcessHandle executor : executors) {
                try {
                    new ProcessBuilder("kill", "-CONT", String.valueOf(executor.pid()))
                            .inheritIO()
                            .start()
                            .waitFor();
                } catch (Exception e) {
                    System.out.println("    (could not resume the executor " + executor.pid() + ": " + e + ")");
                }
            }
        }
    }

    /** Saturated: less than 95 % of the offered rate came back as results, or the median above one second. */
    private static boolean saturated(Step step) {
        return step.resultsPerSecond() < 0.95 * step.rate
                || step.received.get() < step.total
                || Step.ms(step.endToEnd, 50) > 1000;
    }

    /** Sustained: not saturated, p99 under one second and no failed run. */
    private static boolean sustained(Step step) {
        return !saturated(step) && Step.ms(step.endToEnd, 99) < 1000 && step.failed() == 0;
    }

    private static void print(Step s) {
        System.out.printf(
                "delay %3d ms, %5d/s offered: %7.0f results/s, end-to-end p50 %7.2f p99 %8.2f p99.9 %8.2f ms, "
                        + "overhead p50 %7.2f p99 %8.2f p99.9 %8.2f ms, run p99 %7.2f ms, before call p50 %.1f p99 %.1f, "
                        + "after call p50 %.1f p99 %.1f ms (store p50 %.1f p99 %.1f), failures %s, missing %d, new connections %d (settling %d); "
                        + "CPU %% of a core: executor %.0f (%.0f µs a run, JIT %.0f), kafka %.0f, postgres %.0f, benchmark %.0f, machine %.0f%%%n",
                s.delayMs,
                s.rate,
                s.resultsPerSecond(),
                Step.ms(s.endToEnd, 50),
                Step.ms(s.endToEnd, 99),
                Step.ms(s.endToEnd, 99.9),
                Step.ms(s.overhead, 50),
                Step.ms(s.overhead, 99),
                Step.ms(s.overhead, 99.9),
                Step.ms(s.runDuration, 99),
                Step.ms(s.beforeCall, 50),
                Step.ms(s.beforeCall, 99),
                Step.ms(s.afterCall, 50),
                Step.ms(s.afterCall, 99),
                Step.ms(s.toRecord, 50),
                Step.ms(s.toRecord, 99),
                s.failures,
                s.total - s.received.get(),
                s.newConnections,
                s.settleConnections,
                s.cpu.getOrDefault("executor", Double.NaN),
                s.executorCpuPerRunUs,
                s.cpu.getOrDefault("executor" + CpuUsage.JIT, Double.NaN),
                s.cpu.getOrDefault("kafka", Double.NaN),
                s.cpu.getOrDefault("postgres", Double.NaN),
                s.cpu.getOrDefault("benchmark", Double.NaN),
                s.cpu.getOrDefault("machine", Double.NaN));
        var slow = new StringBuilder();
        for (int second = 0; second < s.worstPerSecond.length; second++) {
            long[] worst = s.worstPerSecond[second];
            if (worst[0] > 50) {
                slow.append(String.format(" %ds:%d/%d/%d", second, worst[0], worst[1], worst[2]));
            }
        }
        if (!slow.isEmpty()) {
            System.out.println(
                    "    seconds with a result later than 50 ms (worst end-to-end/before call/run ms):" + slow);
        }
    }

    /** One live action calling the stand-in and one trigger running it on every new message. */
    private static void publishDefinitions(KafkaProducer<String, String> producer, String workspace, int port)
            throws Exception {
        String actionId = UUID.randomUUID().toString();
        String triggerId = UUID.randomUUID().toString();
        String action = """
                {"name": "Get order", "live_version": 1, "definition": {
                  "http_method": "get", "url": "https://127.0.0.1:%d/orders/{{order_id}}.json",
                  "data_inputs": [{"name": "order_id", "type": "string", "required": true}],
                  "response_fields": [
                    {"name": "order_number", "path": "$.order.id", "type": "string"},
                    {"name": "fulfillment_status", "path": "$.order.fulfillment_status", "type": "string"}],
                  "object_mappings": [
                    {"target": "conversation", "attributes": {"order_status": "fulfillment_status"}},
                    {"target": "custom_object", "object_type": "Order", "external_id_output": "order_number",
                     "attributes": {"status": "fulfillment_status"}, "references": ["conversation"]}],
                  "timeout_ms": 10000}}""".formatted(port);
        String trigger = """
                {"name": "On every message", "action_id": "%s", "event_kinds": ["new_message"], "condition": null,
                 "input_bindings": {"order_id": "{{event.body}}"}}""".formatted(actionId);
        producer.send(definition(workspace, "action", actionId, action)).get(30, TimeUnit.SECONDS);
        producer.send(definition(workspace, "trigger", triggerId, trigger)).get(30, TimeUnit.SECONDS);
    }

    private static ProducerRecord<String, String> definition(
            String workspace, String kind, String id, String definition) {
        String change = "{\"workspace_id\":\"" + workspace + "\",\"kind\":\"" + kind + "\",\"id\":\"" + id
                + "\",\"version\":1,\"changed_at\":\"" + Instant.now() + "\",\"definition\":" + definition + "}";
        return Benchmarks.withCloudEventHeaders(
                new ProducerRecord<>("definitions.changes", workspace + ":" + kind + ":" + id, change), CHANGED_TYPE);
    }

    /** Publishes probe events until one comes back as a successful result: the executor has the definitions. */
    private static void awaitProbe(
            KafkaProducer<String, String> producer, ResultsReader<Step> results, String workspace, String conversation)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            String eventId = "evt_probe_" + attempt;
            producer.send(event(workspace, conversation, eventId, "1001")).get(30, TimeUnit.SECONDS);
            JsonObject result = results.awaitProbe(eventId, TimeUnit.SECONDS.toNanos(3));
            if (result != null) {
                System.out.println("==> The executor runs the action: " + result.encode());
                return;
            }
        }
        throw new IllegalStateException("No result for the probe events within 60 s");
    }

    /** A {@code channel.events} record, the gateway's shape, a new message whose body is an order number. */
    static ProducerRecord<String, String> event(String workspace, String conversation, String eventId, String body) {
        String json = "{\"workspace_id\":\"" + workspace + "\",\"event_id\":\"" + eventId
                + "\",\"kind\":\"new_message\","
                + "\"conversation_id\":\"" + conversation + "\",\"external_conversation_id\":\"conv_" + conversation
                + "\","
                + "\"contact\":{\"contact_id\":\"contact-" + conversation
                + "\",\"type\":\"user\",\"external_id\":\"user_"
                + conversation + "\",\"name\":\"Jane Doe\",\"email\":\"jane@example.com\"},\"body\":\"" + body + "\","
                + "\"quick_reply_option_id\":null,\"attribute\":null,\"received_at\":\"" + Instant.now() + "\"}";
        return Benchmarks.withCloudEventHeaders(
                new ProducerRecord<>("channel.events", workspace + ":" + conversation, json), EVENT_TYPE);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                1,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()));
    }

    private static String report(
            List<Step> steps,
            int seconds,
            int conversations,
            int connectionsPerHost,
            String protocol,
            int warmup,
            int warmupRate,
            int settle) {
        var out = new StringBuilder();
        out.append("# Executor benchmark, ")
                .append(LocalDate.now(ZoneId.systemDefault()))
                .append("\n\n");
        out.append("Machine: ")
                .append(Benchmarks.machine())
                .append(". Everything on this one machine: event producer, result reader, HTTPS stand-in, ")
                .append("executor service (one instance), Kafka, PostgreSQL.\n");
        out.append(
                        "One live action (GET `https://127.0.0.1:<port>/orders/{{order_id}}.json`, two outputs, a conversation ")
                .append("mapping and an `Order` custom object mapping) triggered by every `new_message` event; ")
                .append(conversations)
                .append(" conversations; open loop, ")
                .append(seconds)
                .append(" s measured per rate after ")
                .append(settle)
                .append(" s at that rate and delay that are not (the ")
                .append(
                        "executor's pool grows to the step's concurrency: a step's figures are its steady state); the stand-in answers a small JSON after the delay shown, ")
                .append(
                        protocol.equals("h2")
                                ? "over HTTP/2 (the executor with `http2` on, the stand-in offering it)"
                                : "over HTTP/1.1")
                .append("; ")
                .append("`max-connections-per-host` ")
                .append(connectionsPerHost)
                .append("; warm-up ")
                .append(warmupSeconds)
                .append(" s at ")
                .append(warmupRate)
                .append(" events/s before the first step (at least ")
                .append(warmup)
                .append(" s, then until the executor's JIT compilers used under ")
                .append(String.format("%.0f", SETTLED_JIT_PERCENT))
                .append(" % of a core over ")
                .append(WARMUP_SLICE_SECONDS)
                .append(" s, at most ")
                .append(MAX_WARMUP_SECONDS)
                .append(" s; last: ")
                .append(String.format("%.0f", warmupJit))
                .append(" %)")
                .append(
                        pauseMs > 0
                                ? "; **the executor frozen for " + pauseMs
                                        + " ms (SIGSTOP, SIGCONT) in the middle of each "
                                        + "step's measure**, as a long GC pause or a host giving it no CPU would: the step shows the recovery"
                                : "")
                .append(".\n");
        out.append(
                        "End-to-end: from each event's due time (before it is produced on `channel.events`) to its result read ")
                .append(
                        "from `action.results`, no coordinated omission. Overhead: end-to-end minus the stand-in's delay ")
                .append("(two Kafka hops, the run log in PostgreSQL, TLS, the executor's work). Run: the result's ")
                .append("`duration_ms` (the call as the executor timed it). Before call: due time to the call's start ")
                .append(
                        "(Kafka hop in, run log look-up, rendering). Run log store: the call's end to the result's record ")
                .append(
                        "created (ms precision). After call: the call's end to the result read (store, publication, Kafka hop ")
                .append("out); the executor's timestamps against this process's clock, same machine. ")
                .append("New TLS connections: opened to the stand-in ")
                .append(
                        "during the step's measure, and in brackets while it settled (the executor's pool grows with the ")
                .append("concurrency, up to `max-connections-per-host`). ")
                .append(
                        "CPU: each process's CPU time from the step's start to its last result, % of one core (bench: the ")
                .append(
                        "event producer, the result reader and the stand-in); machine: busy share of all cores; per run: the ")
                .append("executor's CPU time over the results of the step; JIT: the executor's JIT compiler threads, ")
                .append("% of one core (part of the executor's share).\n\n");
        out.append("| upstream delay | offered/s | results/s | failed | missing | end-to-end p50 / p99 / p99.9 ms ")
                .append("| overhead p50 / p99 / p99.9 ms | run p50 / p99 ms | before call p50 / p99 ms ")
                .append("| run log store p50 / p99 ms | after call p50 / p99 ms | new TLS connections (settling) ")
                .append("| CPU % executor / kafka / pg / bench | machine busy | executor CPU per run µs | JIT % |\n");
        out.append("|---:|---:|---:|---|---:|---|---|---|---|---|---|---:|---|---:|---:|---:|\n");
        for (Step s : steps) {
            out.append(String.format(
                    "| %d ms | %d | %.0f | %s | %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.0f / %.0f "
                            + "| %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %d (%d) | %.0f / %.0f / %.0f / %.0f | %.0f %% | %.0f | %.0f |%n",
                    s.delayMs,
                    s.rate,
                    s.resultsPerSecond(),
                    s.failures.isEmpty() ? "–" : new TreeMap<>(s.failures).toString(),
                    s.total - s.received.get(),
                    Step.ms(s.endToEnd, 50),
                    Step.ms(s.endToEnd, 99),
                    Step.ms(s.endToEnd, 99.9),
                    Step.ms(s.overhead, 50),
                    Step.ms(s.overhead, 99),
                    Step.ms(s.overhead, 99.9),
                    Step.ms(s.runDuration, 50),
                    Step.ms(s.runDuration, 99),
                    Step.ms(s.beforeCall, 50),
                    Step.ms(s.beforeCall, 99),
                    Step.ms(s.toRecord, 50),
                    Step.ms(s.toRecord, 99),
                    Step.ms(s.afterCall, 50),
                    Step.ms(s.afterCall, 99),
                    s.newConnections,
                    s.settleConnections,
                    s.cpu.getOrDefault("executor", Double.NaN),
                    s.cpu.getOrDefault("kafka", Double.NaN),
                    s.cpu.getOrDefault("postgres", Double.NaN),
                    s.cpu.getOrDefault("benchmark", Double.NaN),
                    s.cpu.getOrDefault("machine", Double.NaN),
                    s.executorCpuPerRunUs,
                    s.cpu.getOrDefault("executor" + CpuUsage.JIT, Double.NaN)));
        }
        out.append("\n");
        for (int delay : steps.stream().mapToInt(s -> s.delayMs).distinct().toArray()) {
            double best = steps.stream()
                    .filter(s -> s.delayMs == delay && sustained(s))
                    .mapToDouble(Step::resultsPerSecond)
                    .max()
                    .orElse(0);
            out.append(String.format(
                    "Upstream at %d ms: highest rate sustained (≥ 95 %% of offered, p99 < 1 s, no failed run): "
                            + "%.0f results/s.%n",
                    delay, best));
        }
        return out.toString();
    }
}

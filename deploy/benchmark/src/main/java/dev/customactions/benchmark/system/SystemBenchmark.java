package dev.customactions.benchmark.system;

import dev.customactions.benchmark.Benchmarks;
import dev.customactions.benchmark.Compilations;
import dev.customactions.benchmark.CpuUsage;
import dev.customactions.benchmark.Options;
import dev.customactions.benchmark.ResultsReader;
import dev.customactions.benchmark.StandIn;
import dev.customactions.localstack.Launcher;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The whole system on this machine: starts PostgreSQL, Kafka and the four services with the
 * launcher and a local HTTPS stand-in for a shop's API; sets up one workspace through the public
 * APIs (a conversation attribute, an {@code Order} type, a live action GETting an order from the
 * stand-in and mapping it onto the conversation and an {@code Order} instance, a trigger on every
 * new message); measures the ceilings of the parts bare (one Kafka hop, the stand-in with the
 * executor's HTTP client, PostgreSQL upserts); then, at each arrival rate, sends
 * {@code notify_new_message} events to the gateway in an open loop and follows each one to its
 * result on {@code action.results} and its {@code applied_run} row in the objects service's
 * database. Writes a Markdown report and PNG charts.
 * <p>
 * Options: {@code --rates 100,250,500,...} {@code --seconds 20} {@code --warmup 5}
 * {@code --warmup-rate 100} {@code --warmup-total 60} (the whole system warmed up once first)
 * {@code --conversations 1000} {@code --connections 128} {@code --drain 60} {@code --home <repo>}.
 */
public final class SystemBenchmark {

    private static final String GATEWAY = Launcher.url("channel-gateway");
    private static final String DEFINITIONS = Launcher.url("definitions-service");
    private static final String EXECUTOR = Launcher.url("executor-service");
    private static final String OBJECTS = Launcher.url("objects-service");
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final String[] PERCENTILE_NAMES = {"p50", "p99", "p99.9"};
    private static final double[] PERCENTILES = {50, 99, 99.9};

    private SystemBenchmark() {}

    /** One arrival rate: warm-up then measured events, each followed to its result and its write. */
    static final class Step {
        final int rate;
        final int warmupSeconds;
        final int seconds;
        final String tag;
        final int total;
        final int warmupCount;
        final long intervalNs;
        long startNs;
        long startWallMicros;
        final AtomicIntegerArray status;
        final AtomicLongArray answeredNs;
        final AtomicLongArray resultNs;
        final AtomicIntegerArray resultState;
        final AtomicReferenceArray<String> runIds;
        final long[] writtenMicros;
        final boolean[] rejected;
        final AtomicLong answered = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong results = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final Map<String, Long> failedRuns = new ConcurrentHashMap<>();
        /** Events to send at most: lowered while the step runs to end it early (a warm-up that settled). */
        volatile int limit;
        /** Events sent (all of them unless the step was ended early). */
        volatile int sent;
        /** The drain time ran out while the executor or the objects service still had records to do. */
        boolean backlogLeft;
        /** Accepted events without a result or write when the drain time ran out while a backlog was left. */
        long notDone;
        /** The sustained rate this step offers twice (an overload step), 0 for a step of {@code --rates}. */
        int overloadOf;
        /** Largest lag of channel.events for the executor's group seen during the step, -1 if never read. */
        final AtomicLong maxLag = new AtomicLong(-1);

        volatile CpuUsage.Sample cpuFrom;
        volatile CpuUsage.Sample cpuTo;
        /** Each JVM's compilations just before and just after the measured window. */
        volatile Compilations.Sample jitFrom;

        volatile Compilations.Sample jitTo;
        /** PostgreSQL's statements over the measured window, the costliest first. */
        volatile List<Statements.Statement> statements = List.of();
        // computed after the step
        double acceptedPerSecond;
        double resultsPerSecond;
        double writtenPerSecond;
        final Histogram toWrite = new Histogram(TimeUnit.MINUTES.toNanos(30), 3);
        final Histogram toResult = new Histogram(TimeUnit.MINUTES.toNanos(30), 3);
        final Histogram gateway = new Histogram(TimeUnit.MINUTES.toNanos(30), 3);
        long non200;
        long failed;
        long rejectedCount;
        long noResult;
        long noWrite;

        Step(String tag, int rate, int warmupSeconds, int seconds) {
            this.rate = rate;
            this.warmupSeconds = warmupSeconds;
            this.seconds = seconds;
            this.tag = tag;
            this.total = rate * (warmupSeconds + seconds);
            this.warmupCount = rate * warmupSeconds;
            this.intervalNs = 1_000_000_000L / rate;
            status = new AtomicIntegerArray(total);
            answeredNs = new AtomicLongArray(total);
            resultNs = new AtomicLongArray(total);
            resultState = new AtomicIntegerArray(total);
            runIds = new AtomicReferenceArray<>(total);
            writtenMicros = new long[total];
            rejected = new boolean[total];
            limit = total;
        }

        long dueNs(int i) {
            return startNs + i * intervalNs;
        }

        long dueWallMicros(int i) {
            return startWallMicros + i * intervalNs / 1000;
        }

        long lost() {
            return noResult + noWrite;
        }

        /**
         * CPU microseconds per action written in the measured window, for each part of
         * {@link CpuUsage#PARTS} and their sum ("platform": all but the load generator and stand-in;
         * "all": everything); empty if the CPU wasn't sampled or nothing was written.
         */
        Map<String, Double> cpuMicrosPerAction() {
            var perAction = new LinkedHashMap<String, Double>();
            if (cpuFrom == null || cpuTo == null || writtenPerSecond == 0) {
                return perAction;
            }
            var shares = cpuTo.since(cpuFrom);
            double platform = 0;
            double compiling = 0;
            for (String part : CpuUsage.PARTS) {
                // a share of 100 is one core: 1,000,000 µs of CPU per second
                double micros = shares.get(part) * 10_000 / writtenPerSecond;
                perAction.put(part, micros);
                if (!part.equals("benchmark")) {
                    platform += micros;
                    compiling += shares.get(part + CpuUsage.JIT) * 10_000 / writtenPerSecond;
                }
            }
            perAction.put("platform", platform);
            perAction.put("platform" + CpuUsage.JIT, compiling);
            perAction.put("all", platform + perAction.get("benchmark"));
            return perAction;
        }

        double ms(Histogram histogram, double percentile) {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
        }

        /** Saturated: accepted or written below 95 % of the offered rate, p99 to the write above 1 s, or a loss. */
        boolean saturated() {
            return acceptedPerSecond < 0.95 * rate
                    || writtenPerSecond < 0.95 * rate
                    || ms(toWrite, 99) > 1000
                    || lost() > 0
                    || notDone > 0;
        }

        boolean clean() {
            return !saturated() && non200 == 0 && failed == 0 && rejectedCount == 0;
        }

        /** Charges the result of the step's event {@code index}, read at {@code seen}; a second result is a duplicate. */
        void record(long index, JsonObject result, long seen) {
            int i = (int) index;
            if (!resultNs.compareAndSet(i, 0, seen)) {
                duplicates.incrementAndGet();
                return;
            }
            boolean success = "success".equals(result.getString("status"));
            resultState.set(i, success ? 1 : 2);
            runIds.set(i, result.getString("run_id"));
            if (!success) {
                JsonObject error = result.getJsonObject("error");
                failedRuns.merge(error == null ? result.getString("status") : error.getString("type"), 1L, Long::sum);
            }
            results.incrementAndGet();
        }
    }

    public static void main(String[] args) throws Exception {
        var options = Options.parse(
                args,
                "--rates",
                "--seconds",
                "--warmup",
                "--conversations",
                "--connections",
                "--drain",
                "--warmup-rate",
                "--warmup-max",
                "--overload",
                "--two-workspaces");
        Path home = options.home();
        int[] rates = options.integers("--rates", 100, 250, 500, 1000, 1500, 2000, 2500);
        int warmupRate = options.integer("--warmup-rate", 200);
        int warmupMax = options.integer("--warmup-max", 900);
        int seconds = options.integer("--seconds", 60);
        int warmup = options.integer("--warmup", 5);
        int conversations = options.integer("--conversations", 1000);
        int connections = options.integer("--connections", 128);
        int drain = options.integer("--drain", 60);
        boolean overload = options.integer("--overload", 1) != 0;
        boolean twoWorkspaces = options.integer("--two-workspaces", 1) != 0;
        String command = "deploy/benchmark/run-system"
                + (args.length == 0
                                ? ""
                                : " "
                                        + String.join(
                                                " ",
                                                Arrays.stream(args)
                                                        .filter(a -> !a.startsWith("/"))
                                                        .toList()))
                        .replace("--home ", "");
        Path tls = home.resolve("deploy/benchmark/src/main/resources/tls");
        Path dataDir = home.resolve("deploy/benchmark/target/system-data");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path outDir = home.resolve("deploy/benchmark/results/system-" + stamp);
        var steps = new ArrayList<Step>();
        var ceilings = new ArrayList<Ceilings.Ceiling>();
        long t0Ns;
        long t0WallMicros;
        var env = Benchmarks.serviceEnv(StandIn.executorEnv(tls.resolve("trust.p12")));
        Warmup warmed = null;
        Map<String, Double> idle = Map.of();
        TwoWorkspaces two = null;
        long coldStartNs = System.nanoTime();
        try (var standIn = new StandIn(tls.resolve("standin.p12"), true);
                var platform = Launcher.start(home, dataDir, true, List.of(), env)) {
            coldStartNs = System.nanoTime() - coldStartNs;
            var postgres = platform.stack().postgres();
            Workspace measured = newWorkspace(platform.adminToken(), "System benchmark " + stamp, standIn.port());
            String admin = measured.admin();
            String workspace = measured.id();
            try (var reader = new ResultsReader<Step>(platform.kafkaBootstrapServers(), workspace, Step::record);
                    var lag = new ConsumerLag(platform.kafkaBootstrapServers());
                    Connection objects = DriverManager.getConnection(
                            postgres.jdbcUrl("objects"), postgres.user(), postgres.password());
                    var statements =
                            new Statements(postgres.jdbcUrl("postgres"), postgres.user(), postgres.password())) {
                reader.start();
                Vertx vertx = Vertx.vertx();
                HttpClient client = vertx.createHttpClient(
                        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
                probe(client, admin, reader, objects, workspace);

                var sampler = Executors.newSingleThreadScheduledExecutor();
                System.out.printf(
                        "==> Warming the whole system up at %d events/s until every JVM's JIT uses under %.0f %% of a core"
                                + " over %d s (at most %d s)%n",
                        warmupRate, Warmup.SETTLED_JIT_PERCENT, Warmup.WINDOW_SECONDS, warmupMax);
                var warm = new Step("warm", warmupRate, 0, warmupMax);
                reader.steps.put(warm.tag, warm);
                warmed =
                        Warmup.until(warm, sampler, () -> run(client, admin, warm, conversations, sampler, statements));
                awaitDrained(warm, drain);
                reader.steps.remove(warm.tag);
                System.out.println("==> " + warmed.summary());
                // What the platform spends with no load at all (polls, timers, metrics): per second, not per
                // action, so it weighs most at low rates.
                System.out.printf("==> Idle: %d s without load%n", IDLE_SECONDS);
                reader.pause();
                var idleFrom = CpuUsage.sample();
                Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
                idle = CpuUsage.sample().since(idleFrom);
                reader.resume();

                System.out.println("==> Ceilings of the parts");
                Ceilings.kafka(platform.kafkaBootstrapServers(), sampleEvent(workspace), 50_000);
                ceilings.add(Ceilings.kafka(platform.kafkaBootstrapServers(), sampleEvent(workspace), 300_000));
                ceilings.add(Ceilings.standIn(standIn.port(), tls.resolve("trust.p12"), 64, 3, 10));
                postgres.createDatabase("benchmark");
                ceilings.add(Ceilings.postgres(
                        postgres.jdbcUrl("benchmark"), postgres.user(), postgres.password(), 500, 10));
                ceilings.add(
                        Ceilings.postgres(postgres.jdbcUrl("benchmark"), postgres.user(), postgres.password(), 1, 5));
                ceilings.forEach(c -> System.out.printf("%-32s %,10.0f/s  (%s)%n", c.part(), c.perSecond(), c.how()));

                var harness =
                        new Harness(client, admin, conversations, sampler, statements, reader, lag, objects, workspace);
                t0Ns = System.nanoTime();
                t0WallMicros = wallMicros();
                for (int rate : rates) {
                    var step = new Step("r" + rate, rate, warmup, seconds);
                    measure(step, drain, harness);
                    steps.add(step);
                    if (step.saturated() && rate >= 500) {
                        break;
                    }
                }
                // Twice the highest rate sustained, drained for longer: does throughput hold under overload?
                int sustainedRate = steps.stream()
                        .filter(Step::clean)
                        .mapToInt(s -> s.rate)
                        .max()
                        .orElse(0);
                if (overload && sustainedRate > 0 && steps.stream().noneMatch(s -> s.rate >= 2 * sustainedRate)) {
                    var step = new Step("r" + 2 * sustainedRate, 2 * sustainedRate, warmup, seconds);
                    step.overloadOf = sustainedRate;
                    measure(step, Math.max(drain, 4 * seconds), harness);
                    steps.add(step);
                }
                // Two workspaces: one floods at twice the highest rate sustained while another sends an event a second.
                if (twoWorkspaces && sustainedRate > 0) {
                    two = twoWorkspaces(
                            platform.adminToken(),
                            platform.kafkaBootstrapServers(),
                            standIn.port(),
                            harness,
                            stamp,
                            2 * sustainedRate,
                            warmup,
                            seconds,
                            drain);
                }
                // A last look: writes that came after a step's deadline are no longer lost.
                for (Step step : steps) {
                    if (step.lost() > 0) {
                        collectWrites(objects, workspace, step, 1);
                        compute(step);
                    }
                }
                sampler.shutdownNow();
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
        Files.createDirectories(outDir);
        charts(outDir, steps, t0Ns, t0WallMicros);
        String report = report(
                steps,
                ceilings,
                seconds,
                warmup,
                conversations,
                connections,
                warmed,
                idle,
                coldStartNs,
                drain,
                two,
                command,
                home.relativize(outDir).toString(),
                home.resolve("deploy/benchmark/results").relativize(outDir).toString());
        Files.writeString(outDir.resolve("report.md"), report.replace("](system-" + stamp + "/", "]("));
        Files.writeString(home.resolve("deploy/benchmark/results/system-latest.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("Written to " + outDir + " and deploy/benchmark/results/system-latest.md");
    }

    // ---- set-up through the public APIs ----

    /** A workspace of the benchmark: its admin token and its id. */
    private record Workspace(String admin, String id) {}

    /** A new workspace named {@code name}, set up as every workspace of the benchmark (see {@link #setUp}). */
    private static Workspace newWorkspace(String bootstrapToken, String name, int standInPort) throws Exception {
        String admin = newWorkspaceAdmin(bootstrapToken, name);
        String id = new JsonObject(call("GET", DEFINITIONS + "/workspaces/current", admin, null, 200)).getString("id");
        setUp(admin, standInPort);
        return new Workspace(admin, id);
    }

    private static String newWorkspaceAdmin(String bootstrapToken, String name) throws Exception {
        var created = new JsonObject(call(
                "POST",
                DEFINITIONS + "/workspaces",
                bootstrapToken,
                new JsonObject().put("name", name).encode(),
                201));
        String token = created.getJsonObject("admin_token").getString("token");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String url : List.of(
                DEFINITIONS + "/workspaces/current", EXECUTOR + "/runs", OBJECTS + "/data_attributes?model=contact")) {
            while (status("GET", url, token) != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The new workspace's token is not accepted at " + url);
                }
                Thread.sleep(200);
            }
        }
        return token;
    }

    /** The data model, the action (published) and the trigger. */
    private static void setUp(String admin, int port) throws Exception {
        call(
                "POST",
                OBJECTS + "/data_attributes",
                admin,
                new JsonObject()
                        .put("name", "order_status")
                        .put("model", "conversation")
                        .put("data_type", "string")
                        .put("description", "Status of the last order asked about")
                        .put("messenger_writable", true)
                        .encode(),
                201);
        call(
                "POST",
                OBJECTS + "/custom_object_types",
                admin,
                new JsonObject()
                        .put("identifier", "Order")
                        .put("name", "Order")
                        .put(
                                "attributes",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "status")
                                                .put("data_type", "string"))
                                        .add(new JsonObject()
                                                .put("name", "total_price")
                                                .put("data_type", "decimal")))
                        .encode(),
                201);
        String action = """
                {"name": "Get order", "description": "Fetch an order by its number", "http_method": "get",
                 "url": "https://127.0.0.1:%d/orders/{{order_id}}.json",
                 "data_inputs": [{"name": "order_id", "type": "string", "required": true}],
                 "response_fields": [
                   {"name": "fulfillment_status", "path": "$.order.fulfillment_status", "type": "string"},
                   {"name": "order_number", "path": "$.order.id", "type": "string"},
                   {"name": "total_price", "path": "$.order.total_price", "type": "decimal"}],
                 "object_mappings": [
                   {"target": "conversation", "attributes": {"order_status": "fulfillment_status"}},
                   {"target": "custom_object", "object_type": "Order", "external_id_output": "order_number",
                    "attributes": {"status": "fulfillment_status", "total_price": "total_price"},
                    "references": ["conversation"]}],
                 "timeout_ms": 10000}""".formatted(port);
        String actionId = new JsonObject(call("POST", DEFINITIONS + "/actions", admin, action, 201)).getString("id");
        call("POST", DEFINITIONS + "/actions/" + actionId + "/publish", admin, null, 200);
        call(
                "POST",
                DEFINITIONS + "/triggers",
                admin,
                new JsonObject()
                        .put("name", "Every message")
                        .put("action_id", actionId)
                        .put("event_kinds", new JsonArray().add("new_message"))
                        .put("input_bindings", new JsonObject().put("order_id", "{{event.body}}"))
                        .put("enabled", true)
                        .encode(),
                201);
    }

    /** Sends probe events until one comes back as a successful result whose write is in PostgreSQL. */
    private static void probe(
            HttpClient client, String admin, ResultsReader<Step> reader, Connection objects, String workspace)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            String eventId = "evt_probe_" + attempt;
            int answer = client.request(new RequestOptions(post())
                            .putHeader("Authorization", "Bearer " + admin)
                            .putHeader("Content-Type", "application/json"))
                    .compose(request -> request.send(Buffer.buffer(event(eventId, "probe", 1001))))
                    .map(response -> response.statusCode())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            JsonObject result = answer == 200 ? reader.awaitProbe(eventId, TimeUnit.SECONDS.toNanos(3)) : null;
            if (result != null) {
                for (int i = 0; i < 100; i++) {
                    try (var statement = objects.prepareStatement(
                            "SELECT outcome FROM applied_run WHERE workspace_id = ? AND run_id = ?")) {
                        statement.setString(1, workspace);
                        statement.setString(2, result.getString("run_id"));
                        try (ResultSet row = statement.executeQuery()) {
                            if (row.next()) {
                                System.out.println("==> End to end works: " + result.encode() + " -> applied_run "
                                        + row.getString(1));
                                return;
                            }
                        }
                    }
                    Thread.sleep(100);
                }
                throw new IllegalStateException("The probe's result was not applied: " + result.encode());
            }
            if (answer != 200) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("No result for the probe events within 120 s");
    }

    // ---- load ----

    private static RequestOptions post() {
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost("localhost")
                .setPort(8081)
                .setURI("/custom_channel_events/notify_new_message");
    }

    /** A notify_new_message body; the message's body is the order number the trigger binds. */
    static String event(String eventId, String conversation, long order) {
        return "{\"event_id\":\"" + eventId + "\",\"external_conversation_id\":\"conv_" + conversation
                + "\",\"contact\":{\"type\":\"user\",\"external_id\":\"user_" + conversation
                + "\",\"name\":\"Jane Doe\",\"email\":\"jane" + conversation + "@example.com\"},\"body\":\"" + order
                + "\"}";
    }

    /** A channel event as the gateway publishes it, for the Kafka ceiling's record size. */
    static String sampleEvent(String workspace) {
        return "{\"workspace_id\":\"" + workspace + "\",\"event_id\":\"evt_r1000_12345\",\"kind\":\"new_message\","
                + "\"conversation_id\":\"7b0e3a6c-5a1e-4a7c-9d1e-0f2b3c4d5e6f\",\"external_conversation_id\":\"conv_345\","
                + "\"contact\":{\"contact_id\":\"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f\",\"type\":\"user\",\"external_id\":"
                + "\"user_345\",\"name\":\"Jane Doe\",\"email\":\"jane345@example.com\"},\"body\":\"13345\","
                + "\"quick_reply_option_id\":null,\"attribute\":null,\"received_at\":\"" + Instant.now() + "\"}";
    }

    /** What a step is measured with: the load's client and token, the samplers and the readers of results and writes. */
    private record Harness(
            HttpClient client,
            String admin,
            int conversations,
            ScheduledExecutorService sampler,
            Statements statements,
            ResultsReader<Step> reader,
            ConsumerLag lag,
            Connection objects,
            String workspace) {}

    /** The step of a workspace that floods and the step of another, sending an event a second meanwhile. */
    private record TwoWorkspaces(Step flood, Step steady) {}

    /**
     * Sets up a second workspace as the first, then measures the first flooding at {@code floodRate} (drained for
     * up to four times its length, as the overload step) while the second sends an event a second.
     */
    private static TwoWorkspaces twoWorkspaces(
            String bootstrapToken,
            String bootstrapServers,
            int standInPort,
            Harness flooding,
            String stamp,
            int floodRate,
            int warmup,
            int seconds,
            int drain)
            throws Exception {
        Workspace steadyOne = newWorkspace(bootstrapToken, "System benchmark, steady " + stamp, standInPort);
        String admin = steadyOne.admin();
        String workspace = steadyOne.id();
        try (var reader = new ResultsReader<Step>(bootstrapServers, workspace, Step::record)) {
            reader.start();
            probe(flooding.client(), admin, reader, flooding.objects(), workspace);
            var steadyHarness = new Harness(
                    flooding.client(),
                    admin,
                    flooding.conversations(),
                    flooding.sampler(),
                    flooding.statements(),
                    reader,
                    flooding.lag(),
                    flooding.objects(),
                    workspace);
            var flood = new Step("flood" + floodRate, floodRate, warmup, seconds);
            var steady = new Step("steady", 1, warmup, seconds);
            System.out.printf("==> Two workspaces: one offers %d events/s, the other 1/s%n", floodRate);
            var steadyDone = CompletableFuture.runAsync(() -> {
                try {
                    measure(steady, drain, steadyHarness);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            measure(flood, Math.max(drain, 4 * seconds), flooding);
            steadyDone.get();
            return new TwoWorkspaces(flood, steady);
        }
    }

    /** Runs {@code step}, waits up to {@code drain} s for its backlog, collects its writes and prints it. */
    private static void measure(Step step, int drain, Harness h) throws Exception {
        h.reader().steps.put(step.tag, step);
        var lagSampling = h.sampler()
                .scheduleAtFixedRate(
                        () -> {
                            try {
                                step.maxLag.accumulateAndGet(
                                        h.lag().lag("executor-service", "channel.events"), Math::max);
                            } catch (Exception e) {
                                System.out.println("Reading the consumer lag failed: " + e);
                            }
                        },
                        0,
                        5,
                        TimeUnit.SECONDS);
        run(h.client(), h.admin(), step, h.conversations(), h.sampler(), h.statements());
        awaitDrained(step, drain);
        lagSampling.cancel(false);
        // An event without a result counts as lost only once nothing is left to do: while the executor
        // or the objects service still has a backlog, it is only not done yet.
        step.backlogLeft = !drained(step)
                && (h.lag().lag("executor-service", "channel.events") > 0
                        || h.lag().lag("objects-service", "action.results") > 0);
        collectWrites(h.objects(), h.workspace(), step, 30);
        compute(step);
        print(step);
    }

    /** Sends the step's events at its rate (open loop); each latency is charged from the event's due time. */
    private static void run(
            HttpClient client,
            String admin,
            Step step,
            int conversations,
            ScheduledExecutorService sampler,
            Statements statements) {
        System.out.printf(
                "==> %d events/s: %d s warm-up, %d s measured%n", step.rate, step.warmupSeconds, step.seconds);
        var request = new RequestOptions(post())
                .putHeader("Authorization", "Bearer " + admin)
                .putHeader("Content-Type", "application/json");
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
                    event("evt_" + step.tag + "_" + i, String.valueOf(i % conversations), 1000 + i % 50_000));
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

    /** Waits until every event is answered and every accepted one has its result, at most {@code drain} s after the last was due. */
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
    private static void collectWrites(Connection objects, String workspace, Step step, int seconds) throws Exception {
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
                statement.setString(1, workspace);
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

    private static void compute(Step step) {
        long measuredFrom = step.dueNs(step.warmupCount);
        long measuredTo = measuredFrom + TimeUnit.SECONDS.toNanos(step.seconds);
        long wallFrom = step.dueWallMicros(step.warmupCount);
        long wallTo = wallFrom + TimeUnit.SECONDS.toMicros(step.seconds);
        long acceptedInWindow = 0;
        long resultsInWindow = 0;
        long writtenInWindow = 0;
        step.toWrite.reset();
        step.toResult.reset();
        step.gateway.reset();
        step.non200 = 0;
        step.failed = 0;
        step.rejectedCount = 0;
        step.noResult = 0;
        step.noWrite = 0;
        step.notDone = 0;
        for (int i = 0; i < step.total; i++) {
            int status = step.status.get(i);
            long answered = step.answeredNs.get(i);
            long result = step.resultNs.get(i);
            long written = step.writtenMicros[i];
            boolean unfinished = result == 0 || (step.resultState.get(i) == 1 && written == 0);
            if (status != 200) {
                step.non200++;
            } else if (unfinished && step.backlogLeft) {
                step.notDone++;
            } else if (result == 0) {
                step.noResult++;
            } else if (unfinished) {
                step.noWrite++;
            }
            if (step.resultState.get(i) == 2) {
                step.failed++;
            }
            if (written != 0 && step.rejected[i]) {
                step.rejectedCount++;
            }
            if (status == 200 && answered >= measuredFrom && answered < measuredTo) {
                acceptedInWindow++;
            }
            if (result >= measuredFrom && result < measuredTo) {
                resultsInWindow++;
            }
            if (written >= wallFrom && written < wallTo && !step.rejected[i]) {
                writtenInWindow++;
            }
            if (i >= step.warmupCount) {
                if (answered != 0) {
                    step.gateway.recordValue(Math.max(1, answered - step.dueNs(i)));
                }
                if (result != 0) {
                    step.toResult.recordValue(Math.max(1, result - step.dueNs(i)));
                }
                if (written != 0) {
                    step.toWrite.recordValue(Math.max(1, (written - step.dueWallMicros(i)) * 1000));
                }
            }
        }
        step.acceptedPerSecond = acceptedInWindow / (double) step.seconds;
        step.resultsPerSecond = resultsInWindow / (double) step.seconds;
        step.writtenPerSecond = writtenInWindow / (double) step.seconds;
    }

    private static void print(Step s) {
        System.out.printf(
                "%5d/s offered: accepted %6.0f/s, results %6.0f/s, written %6.0f/s; to write p50 %8.1f p99 %8.1f "
                        + "p99.9 %8.1f ms; gateway p99 %7.1f ms; non-200 %d, failed runs %s, rejected %d, lost %d (no result %d, "
                        + "no write %d), duplicates %d; max lag %d; CPU %s; CPU µs per action %s%n",
                s.rate,
                s.acceptedPerSecond,
                s.resultsPerSecond,
                s.writtenPerSecond,
                s.ms(s.toWrite, 50),
                s.ms(s.toWrite, 99),
                s.ms(s.toWrite, 99.9),
                s.ms(s.gateway, 99),
                s.non200,
                s.failedRuns,
                s.rejectedCount,
                s.lost(),
                s.noResult,
                s.noWrite,
                s.duplicates.get(),
                s.maxLag.get(),
                cpu(s),
                perAction(s));
    }

    private static String cpu(Step s) {
        if (s.cpuFrom == null || s.cpuTo == null) {
            return "–";
        }
        var parts = new ArrayList<String>();
        s.cpuTo.since(s.cpuFrom).forEach((part, share) -> parts.add(part + " " + Math.round(share)));
        return String.join(", ", parts);
    }

    private static String perAction(Step s) {
        var parts = new ArrayList<String>();
        s.cpuMicrosPerAction().forEach((part, micros) -> parts.add(part + " " + Math.round(micros)));
        return parts.isEmpty() ? "–" : String.join(", ", parts);
    }

    private static String shorten(String query) {
        String oneLine = query.replace("|", "\\|").replace("`", "'");
        return oneLine.length() <= 110 ? oneLine : oneLine.substring(0, 107) + "...";
    }

    private static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private static String call(String method, String url, String token, String body, int expected) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static int status(String method, String url, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    // ---- report ----

    private static void charts(Path outDir, List<Step> steps, long t0Ns, long t0WallMicros) throws Exception {
        if (steps.isEmpty()) {
            return;
        }
        Charts.latency(
                outDir.resolve("latency.png"),
                steps.stream().map(s -> s.rate).toList(),
                steps.stream()
                        .map(s -> Arrays.stream(PERCENTILES)
                                .map(p -> s.ms(s.toWrite, p))
                                .toArray())
                        .toList(),
                Arrays.stream(PERCENTILE_NAMES)
                        .map(n -> n + " event due → write in PostgreSQL")
                        .toArray(String[]::new));
        int length = 1;
        double[][] series = new double[4][7200];
        for (Step s : steps) {
            for (int i = 0; i < s.total; i++) {
                length = Math.max(length, add(series[0], (s.dueNs(i) - t0Ns) / 1_000_000_000L));
                if (s.status.get(i) == 200) {
                    length = Math.max(length, add(series[1], (s.answeredNs.get(i) - t0Ns) / 1_000_000_000L));
                }
                if (s.resultNs.get(i) != 0) {
                    length = Math.max(length, add(series[2], (s.resultNs.get(i) - t0Ns) / 1_000_000_000L));
                }
                if (s.writtenMicros[i] != 0 && !s.rejected[i]) {
                    length = Math.max(length, add(series[3], (s.writtenMicros[i] - t0WallMicros) / 1_000_000L));
                }
            }
        }
        int n = length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        Charts.throughput(
                outDir.resolve("throughput.png"),
                x,
                Arrays.stream(series).map(values -> Arrays.copyOf(values, n)).toList(),
                new String[] {"offered", "accepted by the gateway", "results on action.results", "writes in PostgreSQL"
                });
    }

    private static int add(double[] bins, long second) {
        if (second < 0 || second >= bins.length) {
            return 0;
        }
        bins[(int) second]++;
        return (int) second + 1;
    }

    /** Seconds of no load measured after the warm-up. */
    private static final int IDLE_SECONDS = 20;

    private static String report(
            List<Step> steps,
            List<Ceilings.Ceiling> ceilings,
            int seconds,
            int warmup,
            int conversations,
            int connections,
            Warmup warmed,
            Map<String, Double> idle,
            long coldStartNs,
            int drain,
            TwoWorkspaces two,
            String command,
            String outDir,
            String outDirFromResults)
            throws Exception {
        var out = new StringBuilder();
        out.append("# Whole-system benchmark, ").append(LocalDate.now()).append("\n\n");
        out.append("Machine: ")
                .append(machine())
                .append(". Everything on this one machine: the load generator, ")
                .append(
                        "the HTTPS stand-in, the four services and the console (one process each), Kafka and PostgreSQL.\n\n");
        out.append("Command: `")
                .append(command)
                .append("` (report and charts in `")
                .append(outDir)
                .append("/`).\n\n");
        out.append(
                        "What runs: one workspace set up through the public APIs (a conversation attribute, an `Order` type, ")
                .append(
                        "a live action GETting `https://127.0.0.1:<port>/orders/{{order_id}}.json` from the stand-in, which ")
                .append(
                        "answers at once, mapping the status onto the conversation and the order onto an `Order` instance ")
                .append(
                        "referencing the conversation, and a trigger on `new_message` binding `order_id` to the message ")
                .append("body). The load: `notify_new_message` events to the gateway at a fixed rate (open loop, ")
                .append(connections)
                .append(" connections, ")
                .append(conversations)
                .append(" conversations, 50,000 order numbers), each matching the one trigger; ")
                .append(warmup)
                .append(" s warm-up then ")
                .append(seconds)
                .append(" s measured per rate, after a warm-up that ends when the platform's JIT has settled (")
                .append(warmed == null ? "not run" : warmed.summary())
                .append("; the cold start, launcher to healthy, took ")
                .append(Math.round(coldStartNs / 1e9))
                .append(" s). The steps go ")
                .append("up until one is saturated at 500/s or above; every event is followed to its result and write ")
                .append("(at most ")
                .append(drain)
                .append(
                        " s after the last was due) before the next step; then, unless `--overload 0`, one step offers ")
                .append("twice the highest rate sustained and is drained for up to four times its length.\n\n");
        out.append("- **accepted/s**: 200 answers of the gateway within the measured window.\n")
                .append(
                        "- **actions/s end to end**: runs whose write is in PostgreSQL (`applied_run` row of the objects ")
                .append("service, outcome `applied`) with `processed_at` within the measured window.\n")
                .append(
                        "- **to write p50 / p99 / p99.9**: from each measured event's due time in the open loop (not from when ")
                .append(
                        "it could be sent: no coordinated omission) to its `applied_run.processed_at`, the objects service's ")
                .append("clock (same machine) at the start of the transaction that stored the writes and the mark.\n")
                .append(
                        "- **to result p99**: from the due time to the moment the benchmark read the result on `action.results` ")
                .append("(it reads them in batches of up to ")
                .append(ResultsReader.READ_EVERY_MS)
                .append(" ms).\n")
                .append(
                        "- **max lag**: the most records of `channel.events` not yet committed by the executor's consumer ")
                .append(
                        "group (end offsets less committed offsets: the executor's `customactions_consumer_lag`, read from ")
                .append(
                        "the broker every 5 s, from the step's first event until it drained): how far behind overload put it, since it takes only what it can run.\n")
                .append(
                        "- **lost**: acknowledged (200) events without a result on `action.results`, or with a successful ")
                .append(
                        "result but no `applied_run` row, once the backlog has drained (both consumer groups at lag 0); ")
                .append("when the drain time runs out with a backlog left, such events are \"not done within ")
                .append(drain)
                .append(" s\", never lost.\n")
                .append("- **CPU %**: each process's CPU time over the measured window, 100 = one core ")
                .append(
                        "(gw = gateway, def = definitions, exec = executor, obj = objects, bench = load generator + stand-in); ")
                .append("machine: busy share of both cores.\n\n");
        out.append(
                        "| offered/s | accepted/s | actions/s end to end | to write p50 / p99 / p99.9 ms | to result p99 ms ")
                .append(
                        "| gateway p99 ms | failures | lost | max lag | CPU % gw / def / exec / obj / console / kafka / pg / bench ")
                .append("| machine busy |\n");
        out.append("|---:|---:|---:|---|---:|---:|---|---:|---:|---|---:|\n");
        for (Step s : steps) {
            var failures = new TreeMap<String, Long>(s.failedRuns);
            if (s.non200 > 0) {
                failures.put("gateway non-200", s.non200);
            }
            if (s.rejectedCount > 0) {
                failures.put("writes rejected", s.rejectedCount);
            }
            if (s.duplicates.get() > 0) {
                failures.put("duplicate results", s.duplicates.get());
            }
            String cpu = "–";
            String machine = "–";
            if (s.cpuFrom != null && s.cpuTo != null) {
                var shares = s.cpuTo.since(s.cpuFrom);
                cpu = Arrays.stream(CpuUsage.PARTS)
                        .map(p -> String.valueOf(Math.round(shares.get(p))))
                        .reduce((a, b) -> a + " / " + b)
                        .orElse("");
                machine = Math.round(shares.get("machine")) + " %";
            }
            out.append(String.format(
                    "| %d | %.0f | %.0f | %.1f / %.1f / %.1f | %.1f | %.1f | %s | %s | %s | %s | %s |%n",
                    s.rate,
                    s.acceptedPerSecond,
                    s.writtenPerSecond,
                    s.ms(s.toWrite, 50),
                    s.ms(s.toWrite, 99),
                    s.ms(s.toWrite, 99.9),
                    s.ms(s.toResult, 99),
                    s.ms(s.gateway, 99),
                    failures.isEmpty() ? "0 failed runs" : failures.toString(),
                    s.notDone == 0
                            ? String.valueOf(s.lost())
                            : String.format("%d (%,d not done within %d s)", s.lost(), s.notDone, drain),
                    s.maxLag.get() < 0 ? "–" : String.format("%,d", s.maxLag.get()),
                    cpu,
                    machine));
        }
        if (two != null) {
            Step flood = two.flood();
            Step steady = two.steady();
            out.append(String.format(
                    "%n**Two workspaces.** A second workspace, set up the same way, sent one event a second while the "
                            + "first offered %d events/s (twice the highest rate sustained), each for %d s measured: the "
                            + "flooding one had %.0f actions/s written, to write p99 %.1f ms, max lag %s, lost %d; the "
                            + "steady one's events to result p50 %.1f ms, p99 %.1f ms (to write p99 %.1f ms), lost %d. While "
                            + "several workspaces send events, the executor gives one at most `max-in-flight-per-workspace` "
                            + "runs; the rest of a flood waits in memory or in Kafka, and only that workspace lags.%n",
                    flood.rate,
                    flood.seconds,
                    flood.writtenPerSecond,
                    flood.ms(flood.toWrite, 99),
                    flood.maxLag.get() < 0 ? "–" : String.format("%,d", flood.maxLag.get()),
                    flood.lost(),
                    steady.ms(steady.toResult, 50),
                    steady.ms(steady.toResult, 99),
                    steady.ms(steady.toWrite, 99),
                    steady.lost()));
        }
        out.append("\n### CPU per action\n\n")
                .append("CPU microseconds per action written end to end, by process, over each step's measured window ")
                .append(
                        "(a process's CPU time divided by the actions written in the window; the platform's sum leaves out ")
                .append("the load generator and the stand-in, which a real deployment doesn't run). Target: at most ")
                .append(
                        "1,000 µs summed over the platform's processes at 300 events/s. \"Of which JIT\": the platform's JVMs compiling ")
                .append(
                        "their hot code (HotSpot's compiler threads), which shrinks as a run goes on. Less sensitive to the ")
                .append(
                        "machine's mood than throughput, but a saturated step charges its backlog's CPU to fewer written ")
                .append("actions.\n\n");
        out.append("| offered/s | actions/s | gateway | definitions | executor | objects | console | kafka | postgres ")
                .append("| **platform** | of which JIT | bench | all |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Step s : steps) {
            var perAction = s.cpuMicrosPerAction();
            var cells = new ArrayList<String>();
            for (String part : new String[] {
                "gateway",
                "definitions",
                "executor",
                "objects",
                "console",
                "kafka",
                "postgres",
                "platform",
                "platform" + CpuUsage.JIT,
                "benchmark",
                "all"
            }) {
                Double micros = perAction.get(part);
                String cell = micros == null ? "–" : String.format("%,.0f", micros);
                cells.add(part.equals("platform") && micros != null ? "**" + cell + "**" : cell);
            }
            out.append(String.format("| %d | %.0f | %s |%n", s.rate, s.writtenPerSecond, String.join(" | ", cells)));
        }
        for (Step s : steps) {
            if (s.jitFrom != null && s.jitTo != null) {
                var rates = new ArrayList<String>();
                s.jitTo.perMinuteSince(s.jitFrom).forEach((jvm, rate) -> rates.add(jvm + " " + rate));
                out.append(String.format(
                        "%nJIT at %d/s, methods compiled / compiled methods thrown away (deoptimized) per minute over the "
                                + "step (`sun.ci.totalCompiles`, `sun.ci.totalInvalidates`): %s.%n",
                        s.rate, String.join(", ", rates)));
            }
        }
        if (!idle.isEmpty()) {
            var parts = new ArrayList<String>();
            double platform = 0;
            for (String part : CpuUsage.PARTS) {
                parts.add(String.format("%s %.1f (JIT %.1f)", part, idle.get(part), idle.get(part + CpuUsage.JIT)));
                platform += part.equals("benchmark") ? 0 : idle.get(part);
            }
            out.append(String.format(
                    "%nWith no load (%d s after the warm-up), CPU %% of a core: %s; the platform %.1f %% (target ≤ 3 %%), "
                            + "that is %,.0f µs per second whatever the rate (%,.0f µs per action at 100 actions/s).%n",
                    IDLE_SECONDS, String.join(", ", parts), platform, platform * 10_000, platform * 100));
        }
        for (Step s : steps) {
            if (s.statements.isEmpty() || s.writtenPerSecond == 0) {
                continue;
            }
            double actions = s.writtenPerSecond * s.seconds;
            out.append(String.format("%n### PostgreSQL statements at %d/s offered%n%n", s.rate))
                    .append(
                            "From `pg_stat_statements` over the measured window, the costliest ten: calls and execution ")
                    .append("time per written action (time inside PostgreSQL, not the round trip).\n\n")
                    .append("| database | statement | calls per action | rows per call | µs per action |\n")
                    .append("|---|---|---:|---:|---:|\n");
            s.statements.stream()
                    .limit(10)
                    .forEach(st -> out.append(String.format(
                            "| %s | `%s` | %.2f | %.1f | %.0f |%n",
                            st.database(),
                            shorten(st.query()),
                            st.calls() / actions,
                            st.calls() == 0 ? 0.0 : st.rows() / (double) st.calls(),
                            st.totalMs() * 1000 / actions)));
            long calls =
                    s.statements.stream().mapToLong(Statements.Statement::calls).sum();
            out.append(String.format("%nAll statements: %.1f calls per written action.%n", calls / actions));
        }
        out.append("\n![Latency against rate](").append(outDirFromResults).append("/latency.png)\n\n");
        out.append("![Throughput over time](").append(outDirFromResults).append("/throughput.png)\n\n");

        out.append("## Ceilings of the parts (same run, measured bare after the warm-up)\n\n");
        out.append("| part | per second | how |\n|---|---:|---|\n");
        for (var c : ceilings) {
            out.append(String.format("| %s | %,.0f | %s |%n", c.part(), c.perSecond(), c.how()));
        }
        var lowest = ceilings.stream()
                .filter(c -> !c.part().contains("single row"))
                .min(Comparator.comparingDouble(Ceilings.Ceiling::perSecond))
                .orElse(null);
        double sustained = steps.stream()
                .filter(Step::clean)
                .mapToDouble(s -> s.writtenPerSecond)
                .max()
                .orElse(0);
        double highest =
                steps.stream().mapToDouble(s -> s.writtenPerSecond).max().orElse(0);
        out.append("\n## Headline\n\n");
        out.append(String.format(
                "- Highest rate sustained end to end (≥ 95 %% of offered accepted and written, p99 to write "
                        + "< 1 s, no failure, nothing lost): **%,.0f actions/s**; highest written rate seen in any step: %,.0f/s.%n",
                sustained, highest));
        if (lowest != null) {
            out.append(String.format(
                    "- Lowest ceiling of the parts: %s, %,.0f/s. The system sustains **%.1f %%** of it "
                            + "(highest seen: %.1f %%).%n",
                    lowest.part(),
                    lowest.perSecond(),
                    100 * sustained / lowest.perSecond(),
                    100 * highest / lowest.perSecond()));
        }
        steps.stream()
                .filter(s -> s.rate == 500)
                .findFirst()
                .ifPresent(s -> out.append(String.format(
                        "- At 500 events/s: p99 end to end (to the write) %.1f ms, target < 100 ms: %s.%n",
                        s.ms(s.toWrite, 99), s.ms(s.toWrite, 99) < 100 ? "met" : "missed")));
        out.append(String.format(
                "- Target ≥ 1,500 actions/s sustained with nothing lost: %s.%n",
                sustained >= 1500
                        ? "met"
                        : String.format(
                                "missed by %,.0f actions/s (%.0f %% of the target)",
                                1500 - sustained, 100 * sustained / 1500)));
        steps.stream()
                .filter(s -> s.overloadOf > 0)
                .findFirst()
                .ifPresent(s -> out.append(String.format(
                        "- At twice the sustained rate (%,d events/s offered for %d s, after %,d/s was sustained): "
                                + "**%,.0f actions/s** written over the step, %.0f %% of the sustained rate (target ≥ 90 %%); "
                                + "%,d lost, %,d not done within the drain (target: nothing lost).%n",
                        s.rate,
                        s.seconds,
                        s.overloadOf,
                        s.writtenPerSecond,
                        100 * s.writtenPerSecond / s.overloadOf,
                        s.lost(),
                        s.notDone)));
        steps.stream()
                .filter(s -> s.rate == 300 && !s.cpuMicrosPerAction().isEmpty())
                .findFirst()
                .ifPresent(s -> out.append(String.format(
                        "- At 300 events/s: **%,.0f µs of CPU per action** summed over the "
                                + "platform's processes (%,.0f µs with the load generator and stand-in), target ≤ 1,000 µs: %s.%n",
                        s.cpuMicrosPerAction().get("platform"),
                        s.cpuMicrosPerAction().get("all"),
                        s.cpuMicrosPerAction().get("platform") <= 1000 ? "met" : "missed")));
        long lost = steps.stream().mapToLong(Step::lost).sum();
        out.append(String.format("- Lost over the whole run: %d.%n", lost));
        Step busiest = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (busiest != null && busiest.cpuFrom != null && busiest.cpuTo != null) {
            var shares = busiest.cpuTo.since(busiest.cpuFrom);
            var ranked = new LinkedHashMap<String, Double>();
            shares.entrySet().stream()
                    .filter(e -> !e.getKey().equals("machine"))
                    .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .forEach(e -> ranked.put(e.getKey(), e.getValue()));
            var top = new ArrayList<String>();
            ranked.forEach((part, share) -> top.add(String.format("%s %.0f %%", part, share)));
            out.append(String.format(
                    "- At the last step (%d/s offered) the machine was %.0f %% busy; CPU by process: %s.%n",
                    busiest.rate, shares.get("machine"), String.join(", ", top)));
        }
        return out.toString();
    }

    private static String machine() throws Exception {
        String cpu = "unknown CPU";
        String memory = "unknown memory";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .findFirst()
                    .orElse(memory);
        } catch (Exception e) {
            // not Linux
        }
        return String.format(
                "%d cores (`nproc`), %s, %s, %s %s, Java %s (%s)",
                Runtime.getRuntime().availableProcessors(),
                memory,
                cpu,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.version"),
                System.getProperty("java.vendor"));
    }
}

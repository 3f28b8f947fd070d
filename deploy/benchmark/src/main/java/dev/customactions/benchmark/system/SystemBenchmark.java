package dev.customactions.benchmark.system;

import dev.customactions.benchmark.Benchmarks;
import dev.customactions.benchmark.Options;
import dev.customactions.benchmark.ResultsReader;
import dev.customactions.benchmark.StandIn;
import dev.customactions.localstack.Launcher;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The whole system on this machine: starts PostgreSQL, Kafka and the four services with the
 * launcher and a local HTTPS stand-in for a shop's API; sets up one workspace through the public
 * APIs ({@link Setup}); warms the platform up and measures it idle; measures the ceilings of the
 * parts bare (one Kafka hop, the stand-in with the executor's HTTP client, PostgreSQL upserts);
 * then, at each arrival rate, sends {@code notify_new_message} events to the gateway in an open loop
 * and follows each one to its result on {@code action.results} and its {@code applied_run} row in the
 * objects service's database ({@link Load}). Writes a Markdown report ({@link Report}) and PNG charts
 * ({@link Charts}).
 * <p>
 * Options: {@code --rates 100,250,500,...} {@code --seconds 60} {@code --warmup 5}
 * {@code --warmup-rate 200} {@code --warmup-max 900} (the whole system warmed up once first)
 * {@code --conversations 1000} {@code --connections 128} {@code --drain 60} {@code --overload 1}
 * {@code --two-workspaces 1} {@code --home <repo>}.
 */
public final class SystemBenchmark {

    /** The rising steps stop at the first saturated one from this rate on. */
    static final int STOP_SATURATED_FROM = 500;
    /** The overload step, and the workspace that floods, offer this many times the highest rate sustained. */
    static final int OVERLOAD_FACTOR = 2;
    /** The overload step, and the workspace that floods, drain for up to this many times their length. */
    static final int OVERLOAD_DRAIN_FACTOR = 4;

    private SystemBenchmark() {}

    /** The command line's options, and the command itself as the report shows it. */
    record Settings(
            Path home,
            List<Integer> rates,
            int warmupRate,
            int warmupMax,
            int seconds,
            int warmup,
            int conversations,
            int connections,
            int drain,
            boolean overload,
            boolean twoWorkspaces,
            String command) {

        /** The options of {@code args}, each defaulted as {@code deploy/benchmark/run-system} documents. */
        static Settings parse(String[] args) {
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
            String given = args.length == 0
                    ? ""
                    : " "
                            + String.join(
                                    " ",
                                    Arrays.stream(args)
                                            .filter(a -> !a.startsWith("/"))
                                            .toList());
            return new Settings(
                    options.home(),
                    Arrays.stream(options.integers("--rates", 100, 250, 500, 1000, 1500, 2000, 2500))
                            .boxed()
                            .toList(),
                    options.integer("--warmup-rate", 200),
                    options.integer("--warmup-max", 900),
                    options.integer("--seconds", 60),
                    options.integer("--warmup", 5),
                    options.integer("--conversations", 1000),
                    options.integer("--connections", 128),
                    options.integer("--drain", 60),
                    options.integer("--overload", 1) != 0,
                    options.integer("--two-workspaces", 1) != 0,
                    "deploy/benchmark/run-system" + given.replace("--home ", ""));
        }

        /** How long the overload step and the flooding workspace may drain. */
        int overloadDrain() {
            return Math.max(drain, OVERLOAD_DRAIN_FACTOR * seconds);
        }
    }

    public static void main(String[] args) throws Exception {
        var settings = Settings.parse(args);
        Path home = settings.home();
        Path tls = home.resolve("deploy/benchmark/src/main/resources/tls");
        Path dataDir = home.resolve("deploy/benchmark/target/system-data");
        String stamp = LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path results = home.resolve("deploy/benchmark/results");
        Path outDir = results.resolve("system-" + stamp);
        var env = Benchmarks.serviceEnv(StandIn.executorEnv(tls.resolve("trust.p12")));
        Report.Run run;
        long coldStartNs = System.nanoTime();
        try (var standIn = new StandIn(tls.resolve("standin.p12"), true);
                var platform = Launcher.start(home, dataDir, true, List.of(), env)) {
            coldStartNs = System.nanoTime() - coldStartNs;
            run = measure(settings, platform, standIn, tls, stamp, coldStartNs);
        }
        Files.createDirectories(outDir);
        Charts.draw(outDir, run);
        String markdown = new Report(settings, run)
                .markdown(
                        home.relativize(outDir).toString(),
                        results.relativize(outDir).toString());
        Files.writeString(outDir.resolve("report.md"), markdown.replace("](system-" + stamp + "/", "]("));
        Files.writeString(results.resolve("system-latest.md"), markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.println("Written to " + outDir + " and deploy/benchmark/results/system-latest.md");
    }

    /** Everything measured on the started platform, in order, for the report. */
    private static Report.Run measure(
            Settings settings, Launcher platform, StandIn standIn, Path tls, String stamp, long coldStartNs)
            throws Exception {
        var postgres = platform.stack().postgres();
        var setup = new Setup(platform.adminToken(), standIn.port());
        Setup.Workspace measured = setup.newWorkspace("System benchmark " + stamp);
        try (var reader = new ResultsReader<Step>(platform.kafkaBootstrapServers(), measured.id(), Step::record);
                var lag = new ConsumerLag(platform.kafkaBootstrapServers());
                Connection objects =
                        DriverManager.getConnection(postgres.jdbcUrl("objects"), postgres.user(), postgres.password());
                var statements = new Statements(postgres.jdbcUrl("postgres"), postgres.user(), postgres.password())) {
            reader.start();
            Vertx vertx = Vertx.vertx();
            HttpClient client = vertx.createHttpClient(
                    new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(settings.connections()).setMaxWaitQueueSize(-1));
            setup.probe(client, measured, reader, objects);

            var sampler = Executors.newSingleThreadScheduledExecutor();
            var load = new Load(client, measured, settings.conversations(), sampler, statements, reader, lag, objects);
            Warmup warmup = load.warmUp(settings.warmupRate(), settings.warmupMax(), settings.drain());
            Map<String, Double> idle = load.idle();
            List<Ceilings.Ceiling> ceilings = ceilings(platform, standIn, tls, measured.id());

            long t0Ns = System.nanoTime();
            long t0WallMicros = Load.wallMicros();
            var steps = new ArrayList<Step>();
            for (int rate : settings.rates()) {
                var step = new Step("r" + rate, rate, settings.warmup(), settings.seconds());
                load.measure(step, settings.drain());
                steps.add(step);
                if (step.saturated() && rate >= STOP_SATURATED_FROM) {
                    break;
                }
            }
            // Twice the highest rate sustained, drained for longer: does throughput hold under overload?
            int sustainedRate = Step.sustainedRate(steps);
            int overloadRate = OVERLOAD_FACTOR * sustainedRate;
            if (settings.overload() && sustainedRate > 0 && steps.stream().noneMatch(s -> s.rate >= overloadRate)) {
                var step = new Step("r" + overloadRate, overloadRate, settings.warmup(), settings.seconds());
                step.overloadOf = sustainedRate;
                load.measure(step, settings.overloadDrain());
                steps.add(step);
            }
            // Two workspaces: one floods at twice the highest rate sustained while another sends an event a second.
            Load.TwoWorkspaces two = null;
            if (settings.twoWorkspaces() && sustainedRate > 0) {
                two = load.twoWorkspaces(setup, platform.kafkaBootstrapServers(), stamp, overloadRate, settings);
            }
            load.lastLook(steps);
            sampler.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return new Report.Run(List.copyOf(steps), ceilings, warmup, idle, coldStartNs, two, t0Ns, t0WallMicros);
        }
    }

    /** The ceilings of the parts, each measured bare; the first Kafka run only warms that measurement up. */
    private static List<Ceilings.Ceiling> ceilings(Launcher platform, StandIn standIn, Path tls, String workspace)
            throws Exception {
        System.out.println("==> Ceilings of the parts");
        var postgres = platform.stack().postgres();
        var ceilings = new ArrayList<Ceilings.Ceiling>();
        Ceilings.kafka(platform.kafkaBootstrapServers(), sampleEvent(workspace), 50_000);
        ceilings.add(Ceilings.kafka(platform.kafkaBootstrapServers(), sampleEvent(workspace), 300_000));
        ceilings.add(Ceilings.standIn(standIn.port(), tls.resolve("trust.p12"), 64, 3, 10));
        postgres.createDatabase("benchmark");
        ceilings.add(Ceilings.postgres(postgres.jdbcUrl("benchmark"), postgres.user(), postgres.password(), 500, 10));
        ceilings.add(Ceilings.postgres(postgres.jdbcUrl("benchmark"), postgres.user(), postgres.password(), 1, 5));
        ceilings.forEach(
                c -> System.out.printf(Locale.ROOT, "%-32s %,10.0f/s  (%s)%n", c.part(), c.perSecond(), c.how()));
        return List.copyOf(ceilings);
    }

    /** A channel event as the gateway publishes it, for the Kafka ceiling's record size. */
    private static String sampleEvent(String workspace) {
        return "{\"workspace_id\":\"" + workspace + "\",\"event_id\":\"evt_r1000_12345\",\"kind\":\"new_message\","
                + "\"conversation_id\":\"7b0e3a6c-5a1e-4a7c-9d1e-0f2b3c4d5e6f\",\"external_conversation_id\":\"conv_345\","
                + "\"contact\":{\"contact_id\":\"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f\",\"type\":\"user\",\"external_id\":"
                + "\"user_345\",\"name\":\"Jane Doe\",\"email\":\"jane345@example.com\"},\"body\":\"13345\","
                + "\"quick_reply_option_id\":null,\"attribute\":null,\"received_at\":\"" + Instant.now() + "\"}";
    }
}

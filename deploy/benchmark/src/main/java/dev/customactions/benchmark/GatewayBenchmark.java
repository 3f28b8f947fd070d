package dev.customactions.benchmark;

import dev.customactions.localstack.Launcher;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The gateway's benchmark: starts PostgreSQL, Kafka, the definitions service (the token
 * authority) and the gateway on this machine, then, at each arrival rate, sends the same client's
 * load first to the gateway's do-nothing endpoint (the ceiling of the HTTP stack here) and then to
 * {@code notify_new_message}; reports accepted events/s and latency percentiles of both.
 * <p>
 * Options: {@code --rates 1000,5000,...} {@code --seconds 20} {@code --warmup 5}
 * {@code --connections 64} {@code --targets noop,events} {@code --home <repo>}.
 */
public final class GatewayBenchmark {

    private GatewayBenchmark() {}

    public static void main(String[] args) throws Exception {
        var options = Options.parse(args, "--rates", "--seconds", "--warmup", "--connections", "--targets");
        Path home = options.home();
        int[] rates = options.integers("--rates", 1000, 2500, 5000, 7500, 10000, 12500, 15000);
        int seconds = options.integer("--seconds", 20);
        int warmup = options.integer("--warmup", 5);
        int connections = options.integer("--connections", 64);
        List<String> targets = options.strings("--targets", List.of("noop", "events"));
        Path dataDir = Files.createTempDirectory("benchmark-");
        var results = new ArrayList<OpenLoop.Result>();
        var cpus = new ArrayList<Map<String, Double>>();
        try (var platform = Launcher.start(
                home,
                dataDir,
                true,
                List.of("definitions-service", "channel-gateway"),
                Benchmarks.serviceEnv(Map.of("CUSTOMACTIONS_GATEWAY_BENCHMARK_ENDPOINT", "true")))) {
            Vertx vertx = Vertx.vertx();
            var client = vertx.createHttpClient(
                    new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
            String run = UUID.randomUUID().toString().substring(0, 8);
            var noop = new OpenLoop(client, OpenLoop.post("localhost", 8081, "/benchmark/noop"), platform.adminToken());
            var events = new OpenLoop(
                    client,
                    OpenLoop.post("localhost", 8081, "/custom_channel_events/notify_new_message"),
                    platform.adminToken());
            awaitTokenAccepted(noop);

            System.out.println("==> Warming up for " + warmup + " s");
            noop.run("warmup", 2000, warmup, i -> body("warm" + run, i));
            events.run("warmup", 2000, warmup, i -> body("warm" + run, i));

            boolean noopSaturated = !targets.contains("noop");
            boolean eventsSaturated = !targets.contains("events");
            for (int rate : rates) {
                if (!noopSaturated) {
                    var before = CpuUsage.sample();
                    var result = noop.run("noop", rate, seconds, i -> body("noop" + run + "_" + rate, i));
                    cpus.add(microsPerRequest(before, CpuUsage.sample(), result.ok()));
                    print(result, cpus.get(cpus.size() - 1));
                    results.add(result);
                    noopSaturated = saturated(result);
                }
                if (!eventsSaturated) {
                    var before = CpuUsage.sample();
                    var result = events.run("events", rate, seconds, i -> body(run + "_" + rate, i));
                    cpus.add(microsPerRequest(before, CpuUsage.sample(), result.ok()));
                    print(result, cpus.get(cpus.size() - 1));
                    results.add(result);
                    eventsSaturated = saturated(result);
                }
                if (noopSaturated && eventsSaturated) {
                    break;
                }
            }
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        Benchmarks.writeLatest(home, "gateway", report(results, cpus, seconds, connections));
    }

    private static void awaitTokenAccepted(OpenLoop noop) throws InterruptedException {
        for (int attempt = 0; attempt < 60; attempt++) {
            if (noop.run("probe", 1, 1, i -> body("probe", i)).ok() == 1) {
                return;
            }
        }
        throw new IllegalStateException("The admin token was not accepted by the gateway");
    }

    /** A notify_new_message body with a unique event id; 1,000 conversations share the load. */
    static String body(String run, long i) {
        long conversation = i % 1000;
        return "{\"event_id\":\"evt_" + run + "_" + i + "\",\"external_conversation_id\":\"conv_" + conversation
                + "\",\"contact\":{\"type\":\"user\",\"external_id\":\"user_" + conversation
                + "\",\"name\":\"Jane Doe\",\"email\":\"jane" + conversation + "@example.com\"},"
                + "\"body\":\"Hello, I need help with my order " + i + ".\"}";
    }

    /** Saturated: less than 95 % of the offered rate answered 200, or p99 above one second. */
    private static boolean saturated(OpenLoop.Result result) {
        return result.okPerSecond() < 0.95 * result.rate() || result.percentileMs(99) > 1000;
    }

    /** Parts whose CPU per accepted request is reported: the gateway, with its JIT share, and what it calls. */
    private static final List<String> CPU_PARTS = List.of("gateway", "gateway" + CpuUsage.JIT, "kafka", "postgres");

    /** CPU microseconds per accepted request of each part in {@link #CPU_PARTS} between two samples. */
    private static Map<String, Double> microsPerRequest(CpuUsage.Sample from, CpuUsage.Sample to, long ok) {
        var micros = new LinkedHashMap<String, Double>();
        for (String part : CPU_PARTS) {
            long nanos = to.cpuNanos().getOrDefault(part, 0L) - from.cpuNanos().getOrDefault(part, 0L);
            micros.put(part, ok == 0 ? Double.NaN : nanos / 1_000.0 / ok);
        }
        return micros;
    }

    private static void print(OpenLoop.Result r, Map<String, Double> cpu) {
        System.out.printf(
                "%-7s %6d/s offered: %8.0f ok/s, p50 %7.2f ms, p99 %8.2f ms, p99.9 %8.2f ms, max %8.2f ms, statuses %s, failures %d, "
                        + "CPU µs per request %s%n",
                r.target(),
                r.rate(),
                r.okPerSecond(),
                r.percentileMs(50),
                r.percentileMs(99),
                r.percentileMs(99.9),
                r.latencies().getMaxValue() / 1e6,
                r.statuses(),
                r.failures(),
                cpu);
    }

    private static String report(
            List<OpenLoop.Result> results, List<Map<String, Double>> cpus, int seconds, int connections) {
        var out = new StringBuilder();
        out.append("# Gateway benchmark, ")
                .append(LocalDate.now(ZoneId.systemDefault()))
                .append("\n\n");
        out.append("Machine: ")
                .append(Benchmarks.machine())
                .append(". Everything on this one machine: client, gateway, definitions service, Kafka, PostgreSQL.\n");
        out.append("Open loop, ")
                .append(seconds)
                .append(" s per rate, ")
                .append(connections)
                .append(" connections; latency from each request's due time (no coordinated omission).\n\n");
        out.append(
                        "CPU µs per accepted request: each process's CPU time over the step divided by the requests answered 200 ")
                .append("(gateway JIT: the part of the gateway's spent by its JIT compiler threads).\n\n");
        out.append("| endpoint | offered/s | accepted/s | p50 ms | p99 ms | p99.9 ms | max ms | non-200 "
                + "| gateway CPU µs/request | of which JIT | Kafka | PostgreSQL |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
        double bestNoop = 0;
        double bestEvents = 0;
        for (int i = 0; i < results.size(); i++) {
            var r = results.get(i);
            var cpu = cpus.get(i);
            var non200 = new TreeMap<>(r.statuses());
            non200.remove(200);
            if (r.failures() > 0) {
                non200.put(-1, r.failures());
            }
            out.append(String.format(
                    "| %s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %s | %.0f | %.0f | %.0f | %.0f |%n",
                    r.target().equals("noop") ? "`/benchmark/noop` (does nothing)" : "`notify_new_message`",
                    r.rate(),
                    r.okPerSecond(),
                    r.percentileMs(50),
                    r.percentileMs(99),
                    r.percentileMs(99.9),
                    r.latencies().getMaxValue() / 1e6,
                    non200.isEmpty() ? "–" : non200.toString(),
                    cpu.get("gateway"),
                    cpu.get("gateway" + CpuUsage.JIT),
                    cpu.get("kafka"),
                    cpu.get("postgres")));
            if (r.target().equals("noop")) {
                bestNoop = Math.max(bestNoop, r.okPerSecond());
            } else {
                bestEvents = Math.max(bestEvents, r.okPerSecond());
            }
        }
        out.append(String.format(
                "%nHighest accepted events/s: %.0f; highest do-nothing requests/s: %.0f; ratio %.0f %%.%n",
                bestEvents, bestNoop, bestNoop == 0 ? 0 : 100 * bestEvents / bestNoop));
        out.append("(-1 in non-200 counts requests that got no answer.)\n");
        return out.toString();
    }
}

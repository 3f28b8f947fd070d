package dev.customactions.benchmark.objects;

import dev.customactions.benchmark.Benchmarks;
import dev.customactions.benchmark.Options;
import dev.customactions.localstack.Launcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The objects service's benchmark: starts PostgreSQL, Kafka and the objects service on this
 * machine, defines a conversation attribute and an {@code Order} custom object type, then publishes
 * live, successful action results on {@code action.results} as fast as Kafka takes them, each
 * with one conversation attribute write and one {@code Order} upsert referencing the conversation
 * (1,000 conversations, 50,000 orders), and measures how many results per second the service
 * applies (its {@code objects_action_results_total{outcome="applied"}} counter).
 * <p>
 * Options: {@code --results 200000} {@code --warmup 50000} {@code --rounds 3} {@code --home <repo>}.
 */
public final class ObjectsBenchmark {

    private static final String KAFKA = "127.0.0.1:9092";
    private static final String SERVICE = "http://localhost:8084";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ObjectsBenchmark() {}

    /** One measured round. */
    record Round(int results, double seconds, double steadyPerSecond, double rejected) {
        double perSecond() {
            return results / seconds;
        }
    }

    // The platform is a resource for its lifetime only: started, used over HTTP and Kafka, stopped.
    @SuppressWarnings("try")
    public static void main(String[] args) throws Exception {
        var options = Options.parse(args, "--results", "--warmup", "--rounds");
        Path home = options.home();
        int results = options.integer("--results", 200_000);
        int warmup = options.integer("--warmup", 50_000);
        int rounds = options.integer("--rounds", 3);
        Path dataDir = Files.createTempDirectory("benchmark-objects-");
        var measured = new ArrayList<Round>();
        try (var platform = Launcher.start(
                home,
                dataDir,
                true,
                List.of("objects-service"),
                Benchmarks.serviceEnv(Map.of("CUSTOMACTIONS_OBJECTS_MAX_INSTANCES_PER_WORKSPACE", "100000000")))) {
            String workspace = UUID.randomUUID().toString();
            String token = grantAdminToken(workspace);
            awaitAccepted(token);
            post(token, "/data_attributes", """
                    {"name": "bench_status", "model": "conversation", "data_type": "string",
                     "description": "Fulfilment status", "messenger_writable": true}""");
            post(token, "/custom_object_types", """
                    {"identifier": "Order", "name": "Order", "attributes": [
                        {"name": "status", "data_type": "string"}, {"name": "total_price", "data_type": "decimal"}]}""");
            List<String> conversations = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                conversations.add(UUID.randomUUID().toString());
            }
            try (var producer = producer()) {
                System.out.println("==> Warming up with " + warmup + " results");
                run(producer, token, workspace, conversations, "warm", warmup);
                for (int round = 1; round <= rounds; round++) {
                    var result = run(producer, token, workspace, conversations, "r" + round, results);
                    System.out.printf(
                            "round %d: %d results applied in %.2f s = %.0f results/s (steady %.0f/s), rejected %.0f%n",
                            round,
                            result.results(),
                            result.seconds(),
                            result.perSecond(),
                            result.steadyPerSecond(),
                            result.rejected());
                    measured.add(result);
                }
            }
            String check = get(token, "/conversations/" + conversations.get(0));
            if (!check.contains("bench_status")) {
                throw new IllegalStateException("The conversation attribute was not stored: " + check);
            }
        }
        Benchmarks.writeLatest(home, "objects", report(measured));
    }

    /** Publishes {@code count} results and waits until the service has applied them all. */
    private static Round run(
            KafkaProducer<String, String> producer,
            String token,
            String workspace,
            List<String> conversations,
            String tag,
            int count)
            throws Exception {
        double appliedBefore = metric(token, "outcome=\"applied\"");
        double rejectedBefore = metric(token, "outcome=\"rejected\"");
        Instant start = Instant.now();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String conversation = conversations.get(i % conversations.size());
            var record = new ProducerRecord<>(
                    "action.results",
                    workspace + ":" + conversation,
                    result(workspace, conversation, tag + "-" + i, i));
            sent.add(producer.send(Benchmarks.withCloudEventHeaders(record, "dev.customactions.run.completed")));
        }
        for (var future : sent) {
            future.get(60, TimeUnit.SECONDS);
        }
        double published = seconds(start);
        double tenPercentAt = -1;
        double ninetyPercentAt = -1;
        while (true) {
            double applied = metric(token, "outcome=\"applied\"") - appliedBefore;
            double rejected = metric(token, "outcome=\"rejected\"") - rejectedBefore;
            double now = seconds(start);
            if (tenPercentAt < 0 && applied >= 0.1 * count) {
                tenPercentAt = now;
            }
            if (ninetyPercentAt < 0 && applied >= 0.9 * count) {
                ninetyPercentAt = now;
            }
            if (applied + rejected >= count) {
                double elapsed = seconds(start);
                System.out.printf("    (published in %.2f s)%n", published);
                double steady = ninetyPercentAt > tenPercentAt ? 0.8 * count / (ninetyPercentAt - tenPercentAt) : 0;
                return new Round(count, elapsed, steady, rejected);
            }
            if (now > 600) {
                throw new IllegalStateException("Only " + applied + " of " + count + " results applied in 10 minutes");
            }
            Thread.sleep(100);
        }
    }

    /** A live, successful result: one conversation attribute, one Order upsert referencing the conversation. */
    static String result(String workspace, String conversation, String run, int i) {
        String status = (i % 3 == 0) ? "shipped" : (i % 3 == 1) ? "pending" : "delivered";
        return "{\"run_id\":\"" + run + "\",\"workspace_id\":\"" + workspace + "\",\"mode\":\"live\","
                + "\"action_id\":\"benchmark\",\"action_version\":1,\"action_name\":\"Get Shopify order\","
                + "\"trigger_id\":null,\"invocation_id\":null,\"source_event_id\":\"evt_" + run + "\","
                + "\"conversation_id\":\"" + conversation
                + "\",\"contact_id\":null,\"status\":\"success\",\"error\":null,"
                + "\"http_status\":200,\"duration_ms\":120,\"outputs\":{\"status\":\"" + status + "\"},"
                + "\"writes\":[{\"target\":\"conversation\",\"id\":\"" + conversation
                + "\",\"attributes\":{\"bench_status\":\""
                + status + "\"}},{\"target\":\"custom_object\",\"type\":\"Order\",\"external_id\":\"" + (i % 50_000)
                + "\",\"attributes\":{\"status\":\"" + status + "\",\"total_price\":" + (i % 1000) + ".5},"
                + "\"references\":[{\"target\":\"conversation\",\"id\":\"" + conversation + "\"}]}],"
                + "\"started_at\":\"2026-11-22T10:00:00Z\",\"finished_at\":\"2026-11-22T10:00:00.120Z\"}";
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                262_144,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()));
    }

    /** Grants an admin token of {@code workspace} the way the definitions service does: on auth.tokens. */
    private static String grantAdminToken(String workspace) throws Exception {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = "cat_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String hash =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Benchmarks.bytes(secret)));
        String tokenId = UUID.randomUUID().toString();
        String json = "{\"token_id\":\"" + tokenId + "\",\"workspace_id\":\"" + workspace + "\",\"token_sha256\":\""
                + hash + "\",\"scopes\":[\"admin\"],\"created_at\":\"" + Instant.now() + "\",\"revoked_at\":null}";
        try (var producer = producer()) {
            var record = new ProducerRecord<>("auth.tokens", workspace + ":token:" + tokenId, json);
            producer.send(Benchmarks.withCloudEventHeaders(record, "dev.customactions.token.granted"))
                    .get(30, TimeUnit.SECONDS);
        }
        return secret;
    }

    private static void awaitAccepted(String token) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            var response =
                    HTTP.send(request(token, "/contacts/none").GET().build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 404) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The benchmark's token was not accepted by the objects service");
    }

    private static void post(String token, String path, String body) throws Exception {
        var response = HTTP.send(
                request(token, path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String get(String token, String path) throws Exception {
        return HTTP.send(request(token, path).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The service's {@code objects_action_results_total} with {@code label}. */
    private static double metric(String token, String label) throws Exception {
        String metrics = HTTP.send(request(token, "/q/metrics").GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
        return metrics.lines()
                .filter(line -> line.startsWith("objects_action_results_total{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static HttpRequest.Builder request(String token, String path) {
        return HttpRequest.newBuilder(URI.create(SERVICE + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toNanos() / 1e9;
    }

    private static String report(List<Round> rounds) {
        var out = new StringBuilder();
        out.append("# Objects service benchmark, ")
                .append(LocalDate.now(ZoneId.systemDefault()))
                .append("\n\n");
        out.append("Machine: ")
                .append(Benchmarks.machine())
                .append(". Everything on this one machine: producer, objects service, Kafka, PostgreSQL.\n");
        out.append(
                        "Each result: one conversation attribute (1,000 conversations) and one `Order` upsert (50,000 orders) ")
                .append(
                        "referencing the conversation. Time from the first record sent to the last result applied.\n\n");
        out.append("| round | results | seconds | applied results/s | steady results/s (10 %–90 %) | rejected |\n");
        out.append("|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            out.append(String.format(
                    "| %d | %d | %.2f | %.0f | %.0f | %.0f |%n",
                    i + 1, r.results(), r.seconds(), r.perSecond(), r.steadyPerSecond(), r.rejected()));
        }
        return out.toString();
    }
}

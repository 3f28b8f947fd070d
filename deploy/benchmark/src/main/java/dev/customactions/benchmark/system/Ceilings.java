package dev.customactions.benchmark.system;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ceilings of the platform's parts on this machine, each measured bare in the benchmark's own
 * process: one Kafka hop (produce, then consume), the stand-in with the executor's HTTP client,
 * and PostgreSQL upserts shaped like the objects service's.
 */
final class Ceilings {

    /** One part's ceiling: what it is, its rate and how it was measured. */
    record Ceiling(String part, double perSecond, String how) {}

    private Ceilings() {}

    /**
     * One Kafka hop as the gateway and the executor use it: String-serialized JSON records of a
     * channel event's size, keyed by workspace and conversation, sent by an idempotent producer
     * ({@code acks=all}, linger 2 ms) onto a 6-partition topic and read back by a consumer that polls
     * from the start; the rate from the first send to the last record consumed.
     */
    // send's futures are not needed: flush() waits for them all.
    @SuppressWarnings("FutureReturnValueIgnored")
    static Ceiling kafka(String bootstrap, String sampleValue, int records) throws Exception {
        String topic = "benchmark.ceiling." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (var producer = new KafkaProducer<String, String>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        2,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class.getName(),
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class.getName()));
                var consumer = new KafkaConsumer<String, String>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        500,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class.getName(),
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class.getName()))) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);
            var consumed = new AtomicLong();
            var lastAt = new AtomicLong();
            var reader = new Thread(
                    () -> {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                        while (consumed.get() < records && System.nanoTime() < deadline) {
                            int n = consumer.poll(Duration.ofMillis(100)).count();
                            if (n > 0) {
                                consumed.addAndGet(n);
                                lastAt.set(System.nanoTime());
                            }
                        }
                    },
                    "ceiling-consumer");
            long start = System.nanoTime();
            reader.start();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "workspace:conversation-" + (i % 1000), sampleValue));
            }
            producer.flush();
            reader.join();
            double seconds = (lastAt.get() - start) / 1e9;
            return new Ceiling(
                    "Kafka, one hop",
                    consumed.get() / seconds,
                    String.format(
                            "%,d records of %d bytes, idempotent producer acks=all linger 2 ms, 6 partitions, one consumer; "
                                    + "first send to last record consumed",
                            records, sampleValue.length()));
        }
    }

    /**
     * The stand-in with the executor's client: a Vert.x HttpClient over HTTPS (host verified,
     * keep-alive, the trust store the executor is given) with {@code concurrency} connections, each
     * sending its next GET as soon as the previous answer's body is read (closed loop).
     */
    static Ceiling standIn(int port, Path trustStore, int concurrency, int warmupSeconds, int seconds)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(
                    new HttpClientOptions()
                            .setSsl(true)
                            .setVerifyHost(true)
                            .setKeepAlive(true)
                            .setDecompressionSupported(true)
                            .setTrustOptions(new PfxOptions()
                                    .setPath(trustStore.toString())
                                    .setPassword("changeit")),
                    new PoolOptions().setHttp1MaxSize(concurrency).setMaxWaitQueueSize(-1));
            var running = new AtomicBoolean(true);
            var counted = new AtomicLong();
            var errors = new AtomicLong();
            long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
            long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
            var sequence = new AtomicLong();
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                long n = sequence.incrementAndGet();
                client.request(new RequestOptions()
                                .setMethod(HttpMethod.GET)
                                .setHost("127.0.0.1")
                                .setPort(port)
                                .setURI("/orders/" + (1000 + n % 50_000) + ".json"))
                        .compose(request -> request.send().compose(response -> response.body()))
                        .onComplete(answer -> {
                            long now = System.nanoTime();
                            if (answer.failed()) {
                                errors.incrementAndGet();
                            } else if (now >= measureFrom && now < measureTo) {
                                counted.incrementAndGet();
                            }
                            if (running.get()) {
                                next[0].run();
                            }
                        });
            };
            for (int i = 0; i < concurrency; i++) {
                next[0].run();
            }
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(measureTo - System.nanoTime()) + 1);
            running.set(false);
            Thread.sleep(500);
            return new Ceiling(
                    "Stand-in over HTTPS",
                    counted.get() / (double) seconds,
                    String.format(
                            "Vert.x HttpClient, TLS with host verification, %d keep-alive connections (the executor's "
                                    + "max-connections-per-host default), closed loop, %d s after %d s warm-up; %d errors",
                            concurrency, seconds, warmupSeconds, errors.get()));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * PostgreSQL upserts shaped like the objects service's for one result: an {@code Order}
     * instance upsert (50,000 distinct external ids, JSONB attributes) and a run mark, either
     * {@code batch} results per transaction with {@code unnest} arrays (as the objects service
     * writes a poll) or one result per transaction.
     */
    static Ceiling postgres(String jdbcUrl, String user, String password, int batch, int seconds) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (var statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS instance (workspace_id text NOT NULL, type text NOT NULL,
                            external_id text NOT NULL, attributes jsonb NOT NULL, updated_at timestamptz NOT NULL,
                            PRIMARY KEY (workspace_id, type, external_id))""");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS run_mark (workspace_id text NOT NULL, run_id text NOT NULL,
                            processed_at timestamptz NOT NULL, PRIMARY KEY (workspace_id, run_id))""");
            }
            connection.setAutoCommit(false);
            String workspace = UUID.randomUUID().toString();
            String prefix = UUID.randomUUID().toString().substring(0, 8);
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO instance (workspace_id, type, external_id, attributes, updated_at)
                    SELECT ?, 'Order', u.e, u.a::jsonb, ? FROM unnest(?::text[], ?::text[]) AS u(e, a)
                    ON CONFLICT (workspace_id, type, external_id)
                    DO UPDATE SET attributes = instance.attributes || EXCLUDED.attributes, updated_at = EXCLUDED.updated_at""");
                    PreparedStatement mark = connection.prepareStatement("""
                            INSERT INTO run_mark (workspace_id, run_id, processed_at)
                            SELECT ?, u.r, ? FROM unnest(?::text[]) AS u(r) ON CONFLICT DO NOTHING""")) {
                long n = 0;
                long start = System.nanoTime();
                long end = start + TimeUnit.SECONDS.toNanos(seconds);
                while (System.nanoTime() < end) {
                    String[] externalIds = new String[batch];
                    String[] attributes = new String[batch];
                    String[] runs = new String[batch];
                    for (int i = 0; i < batch; i++, n++) {
                        externalIds[i] = String.valueOf(1000 + n % 50_000);
                        attributes[i] = "{\"status\":\"shipped\",\"total_price\":" + (n % 1000) + ".5}";
                        runs[i] = prefix + "-" + n;
                    }
                    Timestamp now = Timestamp.from(Instant.now());
                    upsert.setString(1, workspace);
                    upsert.setTimestamp(2, now);
                    upsert.setArray(3, connection.createArrayOf("text", externalIds));
                    upsert.setArray(4, connection.createArrayOf("text", attributes));
                    upsert.executeUpdate();
                    mark.setString(1, workspace);
                    mark.setTimestamp(2, now);
                    mark.setArray(3, connection.createArrayOf("text", runs));
                    mark.executeUpdate();
                    connection.commit();
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                String shape =
                        batch == 1 ? "one result per transaction" : batch + " results per transaction (unnest arrays)";
                return new Ceiling(
                        "PostgreSQL upsert, " + (batch == 1 ? "single row" : "batched"),
                        n / elapsed,
                        String.format(
                                "per result an `Order` upsert (JSONB merge, 50,000 ids) and a run mark, %s, one connection, "
                                        + "synchronous commit, %d s",
                                shape, seconds));
            }
        }
    }
}

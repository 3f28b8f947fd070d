package dev.customactions.benchmark;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code action.results} from its end on a thread of its own and charges each of one
 * workspace's results to its step: a result whose {@code source_event_id} is
 * {@code evt_<tag>_<index>} goes to the {@link Handler} with the step registered under
 * {@code <tag>} in {@link #steps} (none registered: dropped); one of {@code evt_probe_<n>} is kept
 * in {@link #probes}.
 *
 * @param <S> the benchmark's step
 */
public final class ResultsReader<S> implements AutoCloseable {

    /** What a benchmark records of one result of one of its steps. */
    @FunctionalInterface
    public interface Handler<S> {
        /**
         * Records {@code result}, seen for the step's event number {@code index}.
         *
         * @param index the event's index in the step ({@code <index>} of its id)
         * @param seenNs {@link System#nanoTime()} when the poll that brought the result returned
         */
        void accept(S step, long index, JsonObject result, long seenNs);
    }

    /** The steps under way by tag: register one before sending its events, remove it after. */
    public final Map<String, S> steps = new ConcurrentHashMap<>();
    /** The probes' results by event id. */
    public final Map<String, JsonObject> probes = new ConcurrentHashMap<>();

    private final KafkaConsumer<String, String> consumer;
    private final String workspace;
    private final Handler<S> handler;
    private final Thread thread;
    private volatile boolean running = true;

    public ResultsReader(String bootstrap, String workspace, Handler<S> handler) {
        this.workspace = workspace;
        this.handler = handler;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                // Results in batches of up to 50 ms (or 16 KB): one fetch per result would cost the broker, whose
                // CPU is charged to the platform, a request per action that no real deployment makes.
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                16_384,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                READ_EVERY_MS,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName()));
        thread = new Thread(this::loop, "results");
        thread.setDaemon(true);
    }

    /** Takes every partition of {@code action.results} at its current end, then starts reading. */
    public void start() {
        List<TopicPartition> partitions = consumer.partitionsFor("action.results", Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread.start();
    }

    /**
     * Waits up to {@code nanos} for the result of the probe event {@code eventId}: the result, or
     * null when none came; a result that is not a success is an error.
     */
    public JsonObject awaitProbe(String eventId, long nanos) throws InterruptedException {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            JsonObject result = probes.get(eventId);
            if (result != null) {
                if (!"success".equals(result.getString("status"))) {
                    throw new IllegalStateException("The probe run failed: " + result.encode());
                }
                return result;
            }
            Thread.sleep(50);
        }
        return null;
    }

    /** The longest a result waits in the broker for others to be read with it. */
    public static final int READ_EVERY_MS = 50;

    private volatile boolean paused;

    /** Added to each result read: the record's timestamp (epoch ms), when its producer created it. */
    public static final String PRODUCED_AT_MS = "_produced_at_ms";

    /** Stops fetching until {@link #resume()}: the idle measurement must not pay for the benchmark's reader. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    private void loop() {
        boolean consumerPaused = false;
        while (running) {
            if (paused != consumerPaused) {
                consumerPaused = paused;
                if (consumerPaused) {
                    consumer.pause(consumer.assignment());
                } else {
                    consumer.resume(consumer.assignment());
                }
            }
            var records = consumer.poll(Duration.ofMillis(100));
            long seen = System.nanoTime();
            for (var record : records) {
                if (record.value() != null && record.value().contains(workspace)) {
                    try {
                        // The record's creation time (when the executor handed it to its producer), for breakdowns.
                        accept(new JsonObject(record.value()).put(PRODUCED_AT_MS, record.timestamp()), seen);
                    } catch (RuntimeException e) {
                        System.err.println("Unreadable result: " + e.getMessage());
                    }
                }
            }
        }
        consumer.close();
    }

    private void accept(JsonObject result, long seen) {
        if (!workspace.equals(result.getString("workspace_id"))) {
            return;
        }
        String eventId = result.getString("source_event_id", "");
        if (eventId.startsWith("evt_probe_")) {
            probes.put(eventId, result);
            return;
        }
        int last = eventId.lastIndexOf('_');
        if (!eventId.startsWith("evt_") || last < 4) {
            return;
        }
        S step = steps.get(eventId.substring(4, last));
        if (step == null) {
            return;
        }
        handler.accept(step, Long.parseLong(eventId.substring(last + 1)), result, seen);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.DEFINITIONS;
import static dev.customactions.systemtests.Platform.EXECUTOR;
import static dev.customactions.systemtests.Platform.GATEWAY;
import static dev.customactions.systemtests.Platform.OBJECTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.localstack.Launcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.GroupState;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replicas on one machine, against the one broker and database: two gateways, two executors, two
 * objects services and two definitions services (the platform's first instances and a replica of
 * each). Under steady load spread over both gateways, one executor is killed with SIGKILL and later a
 * third joins; partitions move, and still nothing is lost, no effect is applied twice and each
 * conversation's runs keep their order. The third-party calls made twice under the same
 * {@code Idempotency-Key} are counted and reported: only runs in flight on the killed executor may be
 * called again; a partition moving to the joining one is handed over once its runs are done (none). Then the
 * definitions service's outbox, relayed by both replicas at once, publishes each change once and each
 * definition's changes in order.
 * <p>
 * The replicas are stopped at the end: the platform is left as the other system tests expect it.
 */
@ExtendWith(Platform.class)
class ReplicasTest {

    /** How long the shop takes to answer: each run is in flight a while, as with a real API. */
    private static final Duration SHOP_DELAY = Duration.ofMillis(100);

    /** Steady, and well within what two cores give the whole platform (with replicas warming up). */
    private static final double EVENTS_PER_SECOND = 12;

    private static final int CONVERSATIONS = 12;

    /**
     * The executor replicas' {@code max-in-flight}. Records admitted by an executor never exceed
     * twice it, so twice it bounds the runs in flight on the killed executor: the runs whose call may
     * be made again by the executor that takes its partitions over.
     */
    private static final int REPLICA_MAX_IN_FLIGHT = 16;

    /**
     * The executor replicas' Kafka session timeout: how long the group waits for a killed member
     * before its partitions move (Kafka's default, 45 s, would make this test longer, not different).
     */
    private static final int REPLICA_SESSION_TIMEOUT_MS = 6_000;

    private static final Map<String, String> EXECUTOR_REPLICA_ENV = Map.of(
            "CUSTOMACTIONS_EXECUTOR_MAX_IN_FLIGHT", String.valueOf(REPLICA_MAX_IN_FLIGHT),
            "KAFKA_SESSION_TIMEOUT_MS", String.valueOf(REPLICA_SESSION_TIMEOUT_MS),
            "KAFKA_HEARTBEAT_INTERVAL_MS", String.valueOf(REPLICA_SESSION_TIMEOUT_MS / 4));
    /** Load results before the kill: the load is steady on both executors by then. */
    private static final int RESULTS_BEFORE_KILL = 60;
    /** Events the third executor runs before the load stops. */
    private static final int EVENTS_ON_THIRD = 24;

    private static final String EXECUTOR_GROUP = "executor-service";
    private static final String CHANNEL_EVENTS = "channel.events";
    private static final String FIRST_EXECUTOR = Launcher.clientIdPrefix("executor-service", 1);

    static StandIn shop;
    static Launcher.Instance gateway2;
    static Launcher.Instance executor2;
    static Launcher.Instance objects2;
    static Launcher.Instance definitions2;

    @BeforeAll
    static void startReplicas() throws Exception {
        shop = StandIn.start().otherwise(StandIn.delayed(SHOP_DELAY, StandIn.echoOrder()));
        long start = System.nanoTime();
        ExecutorService starting = Executors.newFixedThreadPool(4);
        try {
            var gateway = replica(starting, "channel-gateway", Map.of());
            var executor = replica(starting, "executor-service", EXECUTOR_REPLICA_ENV);
            var objects = replica(starting, "objects-service", Map.of());
            var definitions = replica(starting, "definitions-service", Map.of());
            gateway2 = gateway.get();
            executor2 = executor.get();
            objects2 = objects.get();
            definitions2 = definitions.get();
            System.out.printf(
                    "[replicas] %s, %s, %s and %s healthy %.1f s after they were started%n",
                    gateway2, executor2, objects2, definitions2, seconds(System.nanoTime() - start));
        } finally {
            starting.shutdown();
        }
    }

    private static CompletableFuture<Launcher.Instance> replica(
            ExecutorService starting, String module, Map<String, String> env) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return Platform.launcher().startReplica(module, env);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                starting);
    }

    @AfterAll
    static void stopReplicas() throws Exception {
        ExecutorService stopping = Executors.newCachedThreadPool();
        try {
            CompletableFuture.allOf(Platform.launcher().replicas().stream()
                            .map(replica -> CompletableFuture.runAsync(
                                    () -> Platform.launcher().stop(replica), stopping))
                            .toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
        } finally {
            stopping.shutdown();
            if (shop != null) {
                shop.close();
            }
        }
    }

    @Test
    void anExecutorKilledUnderLoadAndAThirdJoiningLoseNothingRepeatNoEffectAndKeepEachConversationInOrder()
            throws Exception {
        Launcher launcher = Platform.launcher();
        String bootstrap = launcher.kafkaBootstrapServers();
        Story story = Story.create("Replicas", shop.url("127.0.0.1", ""), 30_000, "post");
        awaitAccepted(
                story.admin,
                List.of(
                        executor2.url() + "/runs",
                        objects2.url() + "/data_attributes?model=contact",
                        definitions2.url() + "/workspaces/current"));
        List<String> gateways = List.of(GATEWAY, gateway2.url());
        List<String> objects = List.of(OBJECTS, objects2.url());
        double appliedBefore = applied(objects);

        try (var results = new Results(TopicTail.of(bootstrap, "action.results"), story.workspaceId);
                var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                var load = new Load(story, gateways, CONVERSATIONS)) {
            // Each gateway takes a message once it knows the workspace's token, and its run's result comes out.
            for (String gateway : gateways) {
                String conversation = "probe-" + UUID.randomUUID();
                String eventId = Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> probe(story, gateway, conversation), id -> id != null);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> results.poll().byEvent.containsKey(eventId));
            }
            // Both executors own partitions of channel.events.
            Map<Integer, String> before = awaitOwners(
                    admin,
                    owners -> owners.size() == 6
                            && owners.values().stream().anyMatch(id -> id.startsWith(FIRST_EXECUTOR))
                            && owners.values().stream().anyMatch(id -> id.startsWith(executor2.clientIdPrefix())));
            System.out.println("[replicas] channel.events partitions before the kill: " + before);

            long loadStarted = System.nanoTime();
            load.start(EVENTS_PER_SECOND);

            // Steady load on both executors, then one of them is killed.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> results.poll().ofEvents(load.acknowledgedIds()) >= RESULTS_BEFORE_KILL);
            Metrics killedMetrics = Metrics.of(executor2.url());
            double inFlightAtKill = killedMetrics.sum("executor_runs_in_flight");
            double waitingAtKill = killedMetrics.sum("executor_outbound_waiting");
            long callsUnanswered = load.sent().stream()
                    .flatMap(m -> shop.calls("/orders/" + m.body() + ".json").stream())
                    .filter(call -> call.answeredAt()[0] == 0)
                    .count();
            double firstExecutorAtKill = eventsRun(EXECUTOR);
            double killedExecutorRan = eventsRun(executor2.url());
            launcher.kill(executor2);
            long killed = System.nanoTime();
            Instant killedAt = Instant.now();
            Set<String> acknowledgedAtKill = load.acknowledgedBefore(killed);
            System.out.printf(
                    "[replicas] %s killed (SIGKILL) %.1f s into the load, after %d results; it had run %.0f events"
                            + " and had %.0f records in flight (%.0f calls waiting for a connection; the shop had %d"
                            + " calls unanswered)%n",
                    executor2,
                    seconds(killed - loadStarted),
                    results.poll().ofEvents(acknowledgedAtKill),
                    killedExecutorRan,
                    inFlightAtKill,
                    waitingAtKill,
                    callsUnanswered);

            // Its partitions move to the survivor once the group gives up on it.
            Map<Integer, String> afterKill = awaitOwners(
                    admin,
                    owners -> owners.size() == 6
                            && owners.values().stream().allMatch(id -> id.startsWith(FIRST_EXECUTOR)));
            long reassigned = System.nanoTime();
            System.out.printf(
                    "[replicas] partitions moved to the survivor %.1f s after the kill: %s%n",
                    seconds(reassigned - killed), afterKill);

            // A third executor joins under load, while the survivor catches up, and takes partitions.
            ExecutorService joiner = Executors.newSingleThreadExecutor();
            Future<Launcher.Instance> starting =
                    joiner.submit(() -> launcher.startReplica("executor-service", EXECUTOR_REPLICA_ENV));
            joiner.shutdown();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> results.poll().byEvent.keySet().containsAll(acknowledgedAtKill));
            long caughtUp = System.nanoTime();
            System.out.printf(
                    "[replicas] every event acknowledged before the kill has its result %.1f s after the kill%n",
                    seconds(caughtUp - killed));
            assertTrue(eventsRun(EXECUTOR) > firstExecutorAtKill, "the survivor ran events after the kill");
            Launcher.Instance executor3 = starting.get(150, TimeUnit.SECONDS);
            long started = System.nanoTime();
            Map<Integer, String> afterJoin = awaitOwners(
                    admin,
                    owners -> owners.size() == 6
                            && owners.values().stream().anyMatch(id -> id.startsWith(FIRST_EXECUTOR))
                            && owners.values().stream().anyMatch(id -> id.startsWith(executor3.clientIdPrefix())));
            long joined = System.nanoTime();
            System.out.printf(
                    "[replicas] %s healthy %.1f s after it was started (right after the partitions moved), owns"
                            + " partitions %.1f s after that: %s%n",
                    executor3, seconds(started - reassigned), seconds(joined - started), afterJoin);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> eventsRun(executor3.url()) >= EVENTS_ON_THIRD);

            List<Load.Sent> sent = load.stop();
            long loadEnded = System.nanoTime();
            List<Load.Sent> acknowledged =
                    sent.stream().filter(s -> s.status() == 200).toList();
            Set<String> acknowledgedIds =
                    acknowledged.stream().map(Load.Sent::eventId).collect(Collectors.toSet());
            try {
                Awaitility.await()
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> results.poll().byEvent.keySet().containsAll(acknowledgedIds));
            } catch (ConditionTimeoutException e) {
                // counted as lost below
            }
            System.out.printf(
                    "[replicas] load: %d messages in %.1f s over %d conversations, both gateways; every result in"
                            + " %.1f s after the last%n",
                    sent.size(),
                    seconds(loadEnded - loadStarted),
                    CONVERSATIONS,
                    seconds(System.nanoTime() - loadEnded));

            // Nothing lost, one run per event, run once (the run log has one row per run).
            Map<String, Set<String>> runsByEvent = new HashMap<>();
            int resultRecords = 0;
            for (Load.Sent s : acknowledged) {
                List<JsonNode> ofEvent = results.byEvent.getOrDefault(s.eventId(), List.of());
                resultRecords += ofEvent.size();
                runsByEvent.put(
                        s.eventId(),
                        ofEvent.stream().map(r -> r.path("run_id").asText()).collect(Collectors.toSet()));
            }
            Set<String> runIds =
                    runsByEvent.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
            List<JsonNode> failedRuns = acknowledged.stream()
                    .flatMap(s -> results.byEvent.getOrDefault(s.eventId(), List.of()).stream())
                    .filter(r -> !"success".equals(r.path("status").asText()))
                    .toList();
            List<String> failed = failedRuns.stream()
                    .map(r -> r.path("source_event_id").asText() + " " + r.path("error"))
                    .distinct()
                    .toList();
            failedRuns.stream()
                    .limit(3)
                    .forEach(run -> System.out.printf(
                            "[replicas] failed run %s (killed at %s): %s%n",
                            run.path("run_id").asText(),
                            killedAt,
                            Http.get(EXECUTOR + "/runs/" + run.path("run_id").asText(), story.admin)));
            List<String> runLog = runLog(story);
            Set<String> allRunIds =
                    results.all.stream().map(r -> r.path("run_id").asText()).collect(Collectors.toSet());
            // The runs whose writes the objects services apply: the successful ones (the probes' too).
            Set<String> storing = results.all.stream()
                    .filter(r -> "success".equals(r.path("status").asText()))
                    .map(r -> r.path("run_id").asText())
                    .collect(Collectors.toSet());
            int lost = (int) runsByEvent.values().stream().filter(Set::isEmpty).count();

            // Each conversation's runs in order: the shop's first call of each message, and each run's first
            // result on action.results, come in the order the messages were sent.
            Map<String, List<Load.Sent>> byConversation =
                    acknowledged.stream().collect(Collectors.groupingBy(Load.Sent::conversation));
            List<String> callsOutOfOrder = new ArrayList<>();
            List<String> resultsOutOfOrder = new ArrayList<>();
            byConversation.forEach((conversation, messages) -> {
                Map<String, Integer> numbers =
                        messages.stream().collect(Collectors.toMap(m -> "/orders/" + m.body() + ".json", Load.Sent::n));
                List<Integer> called = messages.stream()
                        .map(m -> "/orders/" + m.body() + ".json")
                        .flatMap(path -> shop.calls(path).stream())
                        .sorted(Comparator.comparingLong(StandIn.Call::receivedAt))
                        .map(call -> numbers.get(call.path()))
                        .distinct()
                        .toList();
                if (!ascending(called)) {
                    callsOutOfOrder.add(conversation + " " + called);
                }
                Map<String, Integer> numberOfEvent =
                        messages.stream().collect(Collectors.toMap(Load.Sent::eventId, Load.Sent::n));
                List<Integer> published = results.all.stream()
                        .map(r -> numberOfEvent.get(r.path("source_event_id").asText()))
                        .filter(n -> n != null)
                        .distinct()
                        .toList();
                if (!ascending(published)) {
                    resultsOutOfOrder.add(conversation + " " + published);
                }
            });

            // Third-party calls made twice: the same Idempotency-Key (the run id) more than once.
            Map<String, String> runOfEvent = new HashMap<>();
            runsByEvent.forEach((event, runs) -> runs.forEach(run -> runOfEvent.put(event, run)));
            int calls = 0;
            int keysCalledTwice = 0;
            int keysCalledTwiceInFlightAtKill = 0;
            List<String> wrongKeys = new ArrayList<>();
            for (Load.Sent s : acknowledged) {
                List<StandIn.Call> ofEvent = shop.calls("/orders/" + s.body() + ".json");
                calls += ofEvent.size();
                ofEvent.stream()
                        .filter(call -> !Objects.equals(runOfEvent.get(s.eventId()), call.header("Idempotency-Key")))
                        .findFirst()
                        .ifPresent(call -> wrongKeys.add(s.body() + ": " + call.header("Idempotency-Key")));
                if (ofEvent.size() > 1) {
                    keysCalledTwice++;
                    if (ofEvent.stream()
                                    .mapToLong(StandIn.Call::receivedAt)
                                    .min()
                                    .orElseThrow()
                            < killed) {
                        keysCalledTwiceInFlightAtKill++;
                    }
                }
            }

            // No effect applied twice: the objects services applied each run once between them, and every
            // conversation holds its last message's order.
            try {
                Awaitility.await()
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> applied(objects) - appliedBefore >= storing.size());
            } catch (ConditionTimeoutException e) {
                System.out.printf(
                        "[replicas] the objects services applied %.0f of %d runs within 120 s; lag of objects-service"
                                + " on action.results: %d%n",
                        applied(objects) - appliedBefore,
                        storing.size(),
                        lag(admin, "objects-service", "action.results"));
            }
            var wrongStored = new LinkedHashMap<String, String>();
            int i = 0;
            for (var entry : byConversation.entrySet()) {
                String expected = entry.getValue().stream()
                        .max(Comparator.comparingInt(Load.Sent::n))
                        .orElseThrow()
                        .body();
                String stored = lastOrder(objects.get(i++ % 2), story, entry.getKey());
                if (!expected.equals(stored)) {
                    wrongStored.put(entry.getKey(), stored + " (expected " + expected + ")");
                }
            }
            double appliedByEach0 =
                    Metrics.of(objects.get(0)).sum("objects_action_results_total", "outcome=\"applied\"");
            double appliedByEach1 =
                    Metrics.of(objects.get(1)).sum("objects_action_results_total", "outcome=\"applied\"");
            double applied = applied(objects) - appliedBefore;
            double duplicatesRecognised = objects.stream()
                    .mapToDouble(url -> Metrics.of(url).sum("objects_action_results_total", "outcome=\"duplicate\""))
                    .sum();

            System.out.printf(
                    "[replicas] sent %d, acknowledged %d, runs %d (result records %d, republished %d), lost %d, failed"
                            + " runs %d; run log rows %d; applied by the objects services %.0f for %d successful runs (objects-1"
                            + " total %.0f, objects-2 total %.0f; redeliveries recognised, all time: %.0f)%n",
                    sent.size(),
                    acknowledged.size(),
                    runIds.size(),
                    resultRecords,
                    resultRecords - runIds.size(),
                    lost,
                    failed.size(),
                    runLog.size(),
                    applied,
                    storing.size(),
                    appliedByEach0,
                    appliedByEach1,
                    duplicatesRecognised);
            System.out.printf(
                    "[replicas] third-party calls %d for %d runs; Idempotency-Keys called twice: %d (%d first called"
                            + " before the kill, bound %d = twice the killed executor's max-in-flight; %d after it);"
                            + " conversations out of order: calls %d, results %d; stored wrong %d%n",
                    calls,
                    runIds.size(),
                    keysCalledTwice,
                    keysCalledTwiceInFlightAtKill,
                    2 * REPLICA_MAX_IN_FLIGHT,
                    keysCalledTwice - keysCalledTwiceInFlightAtKill,
                    callsOutOfOrder.size(),
                    resultsOutOfOrder.size(),
                    wrongStored.size());

            assertEquals(sent.size(), acknowledged.size(), "the gateways took every message");
            assertEquals(0, lost, "every message has its result");
            assertTrue(
                    runsByEvent.values().stream().allMatch(runs -> runs.size() == 1),
                    "every message has exactly one run (one trigger matches)");
            assertEquals(acknowledged.size(), runIds.size(), "one run per message, none lost");
            assertEquals(List.of(), failed.stream().limit(5).toList(), "no run failed");
            assertEquals(runLog.size(), Set.copyOf(runLog).size(), "the run log has one row per run id");
            assertEquals(allRunIds, Set.copyOf(runLog), "the run log holds exactly the runs published");
            assertEquals(List.of(), wrongKeys, "every call carries its run id as Idempotency-Key");
            assertEquals(List.of(), callsOutOfOrder.stream().limit(5).toList(), "each conversation called in order");
            assertEquals(List.of(), resultsOutOfOrder.stream().limit(5).toList(), "each conversation's runs in order");
            assertEquals(storing.size(), Math.round(applied), "each run applied once by the objects services");
            assertTrue(appliedByEach0 > 0 && appliedByEach1 > 0, "both objects services applied results");
            assertEquals(Map.of(), wrongStored, "every conversation stores its last message's order");
            assertTrue(
                    keysCalledTwiceInFlightAtKill <= 2 * REPLICA_MAX_IN_FLIGHT,
                    "calls made twice for runs in flight at the kill: at most the runs the killed executor could"
                            + " have in flight");
            assertEquals(
                    0,
                    keysCalledTwice - keysCalledTwiceInFlightAtKill,
                    "no third-party call made again after the kill: a partition moving to the joining executor is"
                            + " handed over once its runs are done");
        }
    }

    @Test
    void theOutboxRelayedByTwoDefinitionsServicesPublishesEachChangeOnceAndInOrder() throws Exception {
        int actions = 40;
        int publishes = 3;
        String admin = Platform.newWorkspaceAdmin("Outbox replicas " + UUID.randomUUID());
        awaitAccepted(admin, List.of(definitions2.url() + "/workspaces/current"));
        String workspaceId =
                Http.get(DEFINITIONS + "/workspaces/current", admin).at("/id").asText();
        List<String> definitions = List.of(DEFINITIONS, definitions2.url());

        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<String> ids;
        try {
            // Actions created, then each published several times (a new live version each time), every
            // request to one replica or the other, many at once.
            List<CompletableFuture<String>> created = new ArrayList<>();
            for (int a = 0; a < actions; a++) {
                int n = a;
                created.add(CompletableFuture.supplyAsync(
                        () -> Story.check(
                                        Http.post(
                                                definitions.get(n % 2) + "/actions",
                                                admin,
                                                Map.of(
                                                        "name",
                                                        "Outbox " + n,
                                                        "http_method",
                                                        "get",
                                                        "url",
                                                        shop.url("127.0.0.1", "/outbox/" + n))),
                                        201)
                                .at("/id")
                                .asText(),
                        clients));
            }
            ids = created.stream().map(CompletableFuture::join).toList();
            List<CompletableFuture<Void>> published = new ArrayList<>();
            for (int a = 0; a < actions; a++) {
                int n = a;
                published.add(CompletableFuture.runAsync(
                        () -> {
                            for (int v = 1; v <= publishes; v++) {
                                Http.Answer answer = Story.check(
                                        Http.post(
                                                definitions.get((n + v) % 2) + "/actions/" + ids.get(n) + "/publish",
                                                admin,
                                                null),
                                        200);
                                assertEquals(v, answer.at("/version").asInt(), answer.toString());
                            }
                        },
                        clients));
            }
            published.forEach(CompletableFuture::join);
        } finally {
            clients.shutdown();
        }

        Set<String> expected = new HashSet<>();
        ids.forEach(id -> {
            for (int v = 1; v <= publishes; v++) {
                expected.add(workspaceId + ":action:" + id + "@" + v);
            }
        });
        try (var changes = TopicTail.of(Platform.launcher().kafkaBootstrapServers(), "definitions.changes")) {
            changes.awaitUntil(Duration.ofSeconds(60), records -> ofWorkspace(records, workspaceId).stream()
                    .map(ReplicasTest::change)
                    .collect(Collectors.toSet())
                    .containsAll(expected));
            // One more change through each replica, after all of them: a change published twice would have
            // been sent by a relay before it took these.
            List<String> markers = new ArrayList<>();
            for (String definition : definitions) {
                String marker = Story.check(
                                Http.post(
                                        definition + "/actions",
                                        admin,
                                        Map.of(
                                                "name",
                                                "Marker " + UUID.randomUUID(),
                                                "http_method",
                                                "get",
                                                "url",
                                                shop.url("127.0.0.1", "/outbox/marker"))),
                                201)
                        .at("/id")
                        .asText();
                Story.check(Http.post(definition + "/actions/" + marker + "/publish", admin, null), 200);
                markers.add(workspaceId + ":action:" + marker + "@1");
            }
            var records = changes
                    .awaitUntil(Duration.ofSeconds(30), all -> ofWorkspace(all, workspaceId).stream()
                            .map(ReplicasTest::change)
                            .collect(Collectors.toSet())
                            .containsAll(markers))
                    .stream()
                    .filter(r -> r.key() != null && r.key().startsWith(workspaceId + ":"))
                    .toList();

            Map<String, Long> timesPublished =
                    records.stream().collect(Collectors.groupingBy(ReplicasTest::change, Collectors.counting()));
            Map<String, Long> timesById = records.stream()
                    .collect(Collectors.groupingBy(r -> TopicTail.header(r, "ce_id"), Collectors.counting()));
            List<String> publishedTwice = timesPublished.entrySet().stream()
                    .filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey)
                    .toList();
            // A key's versions in the order they were published (one partition per key).
            Map<String, List<Integer>> versionsByKey = new TreeMap<>();
            records.forEach(r -> versionsByKey
                    .computeIfAbsent(r.key(), k -> new ArrayList<>())
                    .add(version(r)));
            List<String> outOfOrder = versionsByKey.entrySet().stream()
                    .filter(e -> !ascending(e.getValue()))
                    .map(e -> e.getKey() + " " + e.getValue())
                    .toList();
            System.out.printf(
                    "[outbox replicas] %d changes (%d actions published %d times) and %d markers through two"
                            + " definitions services: %d records on definitions.changes, %d distinct changes, published"
                            + " twice %d, event ids twice %d, keys whose versions came out of order %d%n",
                    expected.size(),
                    actions,
                    publishes,
                    markers.size(),
                    records.size(),
                    timesPublished.size(),
                    publishedTwice.size(),
                    timesById.values().stream().filter(n -> n > 1).count(),
                    outOfOrder.size());

            Set<String> all = new HashSet<>(expected);
            all.addAll(markers);
            assertEquals(all, timesPublished.keySet(), "every change published, and nothing else");
            assertEquals(List.of(), publishedTwice, "each change published once");
            assertEquals(records.size(), timesById.size(), "each outbox record (event id) published once");
            assertEquals(List.of(), outOfOrder.stream().limit(5).toList(), "each action's versions in order");
        }
    }

    /** Sends one message through {@code gateway}; its event id once the gateway took it, null before. */
    private static String probe(Story story, String gateway, String conversation) {
        String eventId = "evt_" + UUID.randomUUID();
        int status =
                story.post(gateway, eventId, conversation, conversation + "-0").join();
        return status == 200 ? eventId : null;
    }

    /** Waits until every one of {@code urls} answers 200 to {@code token} (each instance knows it). */
    private static void awaitAccepted(String token, List<String> urls) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> urls.stream()
                .allMatch(url -> Http.get(url, token).status() == 200));
    }

    /** Events the executor at {@code url} ran triggers for, since it started. */
    private static double eventsRun(String url) {
        return Metrics.of(url).sum("executor_events_total", "matched=\"true\"");
    }

    /** Results the objects services at {@code urls} applied, since each started. */
    private static double applied(List<String> urls) {
        return urls.stream()
                .mapToDouble(url -> Metrics.of(url).sum("objects_action_results_total", "outcome=\"applied\""))
                .sum();
    }

    /** The partitions of channel.events in the executors' group, each with its owner's client id. */
    private static Map<Integer, String> owners(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(EXECUTOR_GROUP))
                .describedGroups()
                .get(EXECUTOR_GROUP)
                .get(10, TimeUnit.SECONDS);
        var owners = new TreeMap<Integer, String>();
        if (group.groupState() != GroupState.STABLE) {
            return owners;
        }
        group.members().forEach(member -> member.assignment().topicPartitions().stream()
                .filter(partition -> partition.topic().equals(CHANNEL_EVENTS))
                .forEach(partition -> owners.put(partition.partition(), member.clientId())));
        return owners;
    }

    /** Records of {@code topic} the consumer group {@code group} has not committed yet. */
    private static long lag(Admin admin, String group, String topic) throws Exception {
        var committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        var partitions = committed.keySet().stream()
                .filter(partition -> partition.topic().equals(topic))
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        var ends = admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
        return partitions.keySet().stream()
                .mapToLong(partition ->
                        ends.get(partition).offset() - committed.get(partition).offset())
                .sum();
    }

    private static Map<Integer, String> awaitOwners(Admin admin, Predicate<Map<Integer, String>> condition) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> owners(admin), condition);
    }

    /** The run ids in the story's run log (every page). */
    private static List<String> runLog(Story story) {
        var runIds = new ArrayList<String>();
        String next = null;
        do {
            Http.Answer page = Story.check(
                    Http.get(
                            EXECUTOR + "/actions/" + story.actionId + "/runs?per_page=100"
                                    + (next == null ? "" : "&starting_after=" + next),
                            story.admin),
                    200);
            page.at("/data").forEach(run -> runIds.add(run.path("run_id").asText()));
            JsonNode cursor = page.at("/pages/next/starting_after");
            next = cursor.isMissingNode() || cursor.isNull() ? null : cursor.asText();
        } while (next != null);
        return runIds;
    }

    private static String lastOrder(String objects, Story story, String conversation) {
        return Http.get(objects + "/conversations?external_id=" + conversation, story.admin)
                .at("/custom_attributes/last_order")
                .asText(null);
    }

    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> ofWorkspace(
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records, String workspaceId) {
        return records.stream()
                .filter(r -> r.key() != null && r.key().startsWith(workspaceId + ":"))
                .toList();
    }

    /** A change as {@code <key>@<version>}. */
    private static String change(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record) {
        return record.key() + "@" + version(record);
    }

    private static int version(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record) {
        try {
            return record.value() == null
                    ? -1
                    : Http.JSON.readTree(record.value()).path("version").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean ascending(List<Integer> numbers) {
        for (int i = 1; i < numbers.size(); i++) {
            if (numbers.get(i) <= numbers.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The results of one workspace on action.results, read incrementally, in the order read. */
    static final class Results implements AutoCloseable {

        private final TopicTail tail;
        private final String workspaceId;
        private int read;
        /** Every result of the workspace in the order read (each partition in its order). */
        final List<JsonNode> all = new ArrayList<>();
        /** By source event id (a list: a run's result may be published twice). */
        final Map<String, List<JsonNode>> byEvent = new HashMap<>();

        Results(TopicTail tail, String workspaceId) {
            this.tail = tail;
            this.workspaceId = workspaceId;
        }

        synchronized Results poll() {
            var records = tail.poll();
            for (int i = read; i < records.size(); i++) {
                String value = records.get(i).value();
                if (value == null || !value.contains(workspaceId)) {
                    continue;
                }
                try {
                    JsonNode result = Http.JSON.readTree(value);
                    if (workspaceId.equals(result.path("workspace_id").asText())) {
                        all.add(result);
                        byEvent.computeIfAbsent(result.path("source_event_id").asText(), k -> new ArrayList<>())
                                .add(result);
                    }
                } catch (IOException e) {
                    // another test's poison record
                }
            }
            read = records.size();
            return this;
        }

        /** How many of {@code eventIds} have a result. */
        synchronized long ofEvents(Collection<String> eventIds) {
            return eventIds.stream().filter(byEvent::containsKey).count();
        }

        @Override
        public void close() {
            tail.close();
        }
    }

    /**
     * Messages offered at a fixed rate until stopped, open loop (the k-th is due k / rate after the
     * start), except that a conversation's message waits for the answer to its previous one, so each
     * conversation's messages reach Kafka in order. They go round the conversations, bodies
     * {@code <conversation>-<n>}, and each conversation's messages alternate between the gateways.
     */
    static final class Load implements AutoCloseable {

        /** One message: its conversation, its number in it, the gateway it went to and the answer. */
        record Sent(String eventId, String conversation, int n, String gateway, int status, long answeredAt) {

            String body() {
                return conversation + "-" + n;
            }
        }

        private final Story story;
        private final List<String> gateways;
        private final List<String> conversations = new ArrayList<>();
        private final Map<String, CompletableFuture<Void>> previous = new HashMap<>();
        private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        private final CompletableFuture<Void> failed = new CompletableFuture<>();
        private ScheduledFuture<?> ticks;
        private int next;

        Load(Story story, List<String> gateways, int conversations) {
            this.story = story;
            this.gateways = gateways;
            for (int c = 0; c < conversations; c++) {
                this.conversations.add(
                        "r" + c + "x" + UUID.randomUUID().toString().substring(0, 8));
            }
        }

        void start(double perSecond) {
            ticks = clock.scheduleAtFixedRate(this::offerNext, 0, Math.round(1e9 / perSecond), TimeUnit.NANOSECONDS);
        }

        /** Runs on the clock's thread only. */
        private void offerNext() {
            try {
                int k = next++;
                int c = k % conversations.size();
                int n = k / conversations.size();
                String conversation = conversations.get(c);
                String gateway = gateways.get((c + n) % gateways.size());
                String eventId = "evt_" + UUID.randomUUID();
                CompletableFuture<Void> after =
                        previous.getOrDefault(conversation, CompletableFuture.completedFuture(null));
                previous.put(
                        conversation,
                        after.thenCompose(ignored -> story.post(gateway, eventId, conversation, conversation + "-" + n))
                                .thenAccept(status -> sent.add(
                                        new Sent(eventId, conversation, n, gateway, status, System.nanoTime()))));
            } catch (RuntimeException e) {
                failed.completeExceptionally(e);
                throw e;
            }
        }

        /** The messages answered so far. */
        List<Sent> sent() {
            return List.copyOf(sent);
        }

        /** The messages the gateways took so far. */
        Set<String> acknowledgedIds() {
            return sent.stream()
                    .filter(s -> s.status() == 200)
                    .map(Sent::eventId)
                    .collect(Collectors.toSet());
        }

        /** The messages the gateways took, answered before {@code nanoTime}. */
        Set<String> acknowledgedBefore(long nanoTime) {
            return sent.stream()
                    .filter(s -> s.status() == 200 && s.answeredAt() - nanoTime < 0)
                    .map(Sent::eventId)
                    .collect(Collectors.toSet());
        }

        /** Stops offering; answers every message once each is answered. */
        List<Sent> stop() throws InterruptedException, ExecutionException, TimeoutException {
            ticks.cancel(false);
            clock.submit(() -> {}).get(10, TimeUnit.SECONDS);
            clock.shutdown();
            if (failed.isCompletedExceptionally()) {
                failed.get();
            }
            CompletableFuture.allOf(previous.values().toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            return List.copyOf(sent);
        }

        /** Stops offering at once (the test ended early). */
        @Override
        public void close() {
            clock.shutdownNow();
        }
    }
}

package dev.customactions.executor.definition;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.kafka.TopicReader;
import dev.customactions.common.kafka.Topics;
import dev.customactions.executor.event.ChannelEventReceived;
import dev.customactions.executor.event.DefinitionChangedReceived;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The live actions, triggers and connections of every workspace, held in memory and kept current
 * from the compacted topic {@code definitions.changes}. The consumers start running events only
 * once it is {@linkplain #loaded() loaded}, so no event is matched against half the definitions.
 */
@ApplicationScoped
public class DefinitionCache {

    private final ObjectMapper mapper;
    private final TopicReader reader;
    private final Map<String, LiveAction> actions = new ConcurrentHashMap<>();
    private final Map<String, LiveTrigger> triggers = new ConcurrentHashMap<>();
    private final Map<String, ConnectionSpec> connections = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LiveTrigger>> triggersByWorkspace = new ConcurrentHashMap<>();

    // The log line's future is not needed: logging is all it does.
    @SuppressWarnings("FutureReturnValueIgnored")
    DefinitionCache(@Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = new TopicReader(Topics.DEFINITIONS_CHANGES, kafka, this::apply);
        reader.loaded()
                .thenRun(() -> Log.infof(
                        "Definitions loaded: %d live actions, %d live triggers, %d connections",
                        actions.size(), triggers.size(), connections.size()));
    }

    void onStart(@Observes StartupEvent event) {
        reader.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        reader.stop();
    }

    /** Completes once every definition that existed at start is in the cache. */
    public CompletableFuture<Void> loaded() {
        return reader.loaded();
    }

    public boolean awaitLoaded(Duration timeout) {
        return reader.awaitLoaded(timeout);
    }

    public Optional<LiveAction> action(String workspaceId, String actionId) {
        return Optional.ofNullable(actions.get(actionId))
                .filter(action -> action.workspaceId().equals(workspaceId));
    }

    /** The workspace's live actions an admin made available to AI agents, by name. */
    public List<LiveAction> agentTools(String workspaceId) {
        return actions.values().stream()
                .filter(action -> action.workspaceId().equals(workspaceId) && action.availableToAgents())
                .sorted(Comparator.comparing(LiveAction::name))
                .toList();
    }

    public Optional<LiveTrigger> trigger(String workspaceId, String triggerId) {
        return Optional.ofNullable(triggers.get(triggerId))
                .filter(trigger -> trigger.workspaceId().equals(workspaceId));
    }

    public Optional<ConnectionSpec> connection(String workspaceId, String connectionId) {
        return Optional.ofNullable(connections.get(connectionId))
                .filter(connection -> connection.workspaceId().equals(workspaceId));
    }

    /** The live triggers of the event's workspace that fire on it and whose action is live, in a stable order. */
    public List<LiveTrigger> matching(ChannelEventReceived event) {
        Map<String, LiveTrigger> candidates = triggersByWorkspace.get(event.workspaceId());
        if (candidates == null) {
            return List.of();
        }
        return candidates.values().stream()
                .filter(trigger -> trigger.matches(event))
                .filter(trigger ->
                        action(event.workspaceId(), trigger.actionId()).isPresent())
                .sorted(Comparator.comparing(LiveTrigger::id))
                .toList();
    }

    private void apply(ConsumerRecord<String, String> record) {
        String[] key = record.key() == null ? new String[0] : record.key().split(":", 3);
        if (key.length != 3) {
            throw new IllegalArgumentException("key is not workspace_id:kind:id");
        }
        String workspaceId = key[0];
        String kind = key[1];
        String id = key[2];
        if (record.value() == null) {
            remove(workspaceId, kind, id);
            return;
        }
        DefinitionChangedReceived change;
        try {
            change = mapper.readValue(record.value(), DefinitionChangedReceived.class);
            switch (kind) {
                case "action" -> {
                    var action = mapper.treeToValue(change.definition(), DefinitionChangedReceived.Action.class);
                    actions.put(
                            id,
                            new LiveAction(
                                    workspaceId,
                                    id,
                                    action.name(),
                                    action.liveVersion(),
                                    action.definition(),
                                    action.availableToAgents()));
                }
                case "trigger" -> {
                    var trigger = mapper.treeToValue(change.definition(), DefinitionChangedReceived.Trigger.class);
                    var live = new LiveTrigger(
                            workspaceId,
                            id,
                            trigger.name(),
                            trigger.actionId(),
                            trigger.eventKinds() == null ? List.of() : trigger.eventKinds(),
                            trigger.condition() == null
                                    ? null
                                    : LiveTrigger.Condition.of(
                                            trigger.condition().type(),
                                            trigger.condition().value()),
                            trigger.inputBindings() == null ? Map.of() : trigger.inputBindings());
                    triggers.put(id, live);
                    triggersByWorkspace
                            .computeIfAbsent(workspaceId, ws -> new ConcurrentHashMap<>())
                            .put(id, live);
                }
                case "connection" -> {
                    var connection =
                            mapper.treeToValue(change.definition(), DefinitionChangedReceived.Connection.class);
                    connections.put(
                            id,
                            new ConnectionSpec(
                                    workspaceId,
                                    id,
                                    connection.name(),
                                    change.version(),
                                    connection.authType(),
                                    connection.allowedHosts() == null ? List.of() : connection.allowedHosts(),
                                    connection.settings() == null ? Map.of() : connection.settings(),
                                    connection.sealedSecrets()));
                }
                default -> Log.debugf("Ignoring definition of unknown kind %s", kind);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private void remove(String workspaceId, String kind, String id) {
        switch (kind) {
            case "action" -> actions.remove(id);
            case "trigger" -> {
                triggers.remove(id);
                Map<String, LiveTrigger> ofWorkspace = triggersByWorkspace.get(workspaceId);
                if (ofWorkspace != null) {
                    ofWorkspace.remove(id);
                }
            }
            case "connection" -> connections.remove(id);
            default -> Log.debugf("Ignoring tombstone of unknown kind %s", kind);
        }
    }
}

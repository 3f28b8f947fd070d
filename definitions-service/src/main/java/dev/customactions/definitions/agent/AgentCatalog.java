package dev.customactions.definitions.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.ActionDefinition;
import dev.customactions.action.AgentTool;
import dev.customactions.common.kafka.TopicReader;
import dev.customactions.common.kafka.Topics;
import dev.customactions.definitions.event.DefinitionChanged;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The tools each workspace offers AI agents: its live actions an admin made available to agents, as
 * {@code definitions.changes} has them (the same view the executor runs from, on every replica alike).
 * Listeners hear which workspace's tools changed (published, moved to draft, flag switched, deleted).
 */
@ApplicationScoped
public class AgentCatalog {

    /** One tool: the live version of an action available to agents, under its tool name. */
    public record Tool(String name, String actionId, String actionName, int liveVersion, ActionDefinition definition) {}

    private final ObjectMapper mapper;
    private final TopicReader reader;
    /** Workspace id → action id → its live version, for actions available to agents. */
    private final Map<String, Map<String, Tool>> byWorkspace = new ConcurrentHashMap<>();

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    AgentCatalog(@Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = new TopicReader(Topics.DEFINITIONS_CHANGES, kafka, this::apply);
    }

    void onStart(@Observes StartupEvent event) {
        reader.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        reader.stop();
    }

    /** Whether the catalog has caught up with the topic (waiting up to {@code timeout}). */
    public boolean awaitLoaded(Duration timeout) {
        return reader.awaitLoaded(timeout);
    }

    /** Calls {@code listener} with a workspace's id each time its tools change. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * The workspace's tools, by name. Names come from the actions' names; when two actions give the same
     * name, the one with the smaller id keeps it and the other's name ends with its id's first 8 characters.
     */
    public List<Tool> tools(String workspaceId) {
        List<Tool> actions =
                new ArrayList<>(byWorkspace.getOrDefault(workspaceId, Map.of()).values());
        actions.sort(Comparator.comparing(Tool::actionId));
        Set<String> taken = new HashSet<>();
        List<Tool> tools = new ArrayList<>();
        for (Tool tool : actions) {
            String name = tool.name();
            if (!taken.add(name)) {
                String suffix = "_" + tool.actionId().replace("-", "").substring(0, 8);
                name = name.substring(0, Math.min(name.length(), AgentTool.MAX_NAME_LENGTH - suffix.length())) + suffix;
                taken.add(name);
            }
            tools.add(new Tool(name, tool.actionId(), tool.actionName(), tool.liveVersion(), tool.definition()));
        }
        return tools;
    }

    private void apply(ConsumerRecord<String, String> record) {
        String[] key = record.key() == null ? new String[0] : record.key().split(":", 3);
        if (key.length != 3 || !DefinitionChanged.ACTION.equals(key[1])) {
            return;
        }
        String workspaceId = key[0];
        String actionId = key[2];
        Tool tool = record.value() == null ? null : tool(workspaceId, actionId, record.value());
        Map<String, Tool> tools = byWorkspace.computeIfAbsent(workspaceId, id -> new ConcurrentHashMap<>());
        Tool before = tool == null ? tools.remove(actionId) : tools.put(actionId, tool);
        if (before != null || tool != null) {
            listeners.forEach(listener -> listener.accept(workspaceId));
        }
    }

    private Tool tool(String workspaceId, String actionId, String value) {
        JsonNode live;
        try {
            live = mapper.readTree(value).path("definition");
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!live.path("available_to_agents").asBoolean(false)) {
            return null;
        }
        ActionDefinition definition;
        try {
            definition = mapper.treeToValue(live.path("definition"), ActionDefinition.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "action " + actionId + " of workspace " + workspaceId + ": " + e.getMessage(), e);
        }
        String name = live.path("name").asText();
        return new Tool(
                AgentTool.name(name), actionId, name, live.path("live_version").asInt(), definition);
    }
}

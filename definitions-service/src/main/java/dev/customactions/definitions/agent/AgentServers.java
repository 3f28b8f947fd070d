package dev.customactions.definitions.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.AgentTool;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorList;
import dev.customactions.definitions.action.ActionInvocations;
import dev.customactions.definitions.action.InvocationRequest;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One MCP server per workspace, made on its first request: its tools are the workspace's
 * {@link AgentCatalog} entries, kept in step with it (each change announced to the connected clients by
 * {@code notifications/tools/list_changed}); a {@code tools/call} is an agent run of the action's live
 * version ({@link ActionInvocations#callAsAgent}), answered when the run completes.
 */
@ApplicationScoped
public class AgentServers {

    /** Transport context key: the calling token's id. */
    static final String TOKEN_ID = "token_id";

    /** {@code _meta} keys of a call that say which conversation and contact the run is for. */
    static final String CONVERSATION_ID = "conversation_id";

    static final String CONTACT_ID = "contact_id";

    private static final Duration CHANGE_WITHIN = Duration.ofSeconds(5);

    private record Workspace(
            StreamableHttpTransport transport, McpAsyncServer server, Map<String, McpSchema.Tool> tools) {}

    private final AgentCatalog catalog;
    private final ActionInvocations invocations;
    private final ObjectMapper mapper;
    private final McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
    private final Map<String, Workspace> workspaces = new ConcurrentHashMap<>();

    AgentServers(AgentCatalog catalog, ActionInvocations invocations, ObjectMapper mapper) {
        this.catalog = catalog;
        this.invocations = invocations;
        this.mapper = mapper;
        catalog.onChange(workspaceId -> {
            Workspace workspace = workspaces.get(workspaceId);
            if (workspace != null) {
                sync(workspaceId, workspace);
            }
        });
    }

    /** The transport of workspace {@code workspaceId}'s server, made with its tools if it is the first request. */
    StreamableHttpTransport transport(String workspaceId) {
        return workspaces.computeIfAbsent(workspaceId, this::create).transport();
    }

    private Workspace create(String workspaceId) {
        var transport = new StreamableHttpTransport(json);
        McpAsyncServer server = McpServer.async(transport)
                .serverInfo("custom-actions", "0.1.0")
                .instructions("The live actions of this workspace that its admins made available to AI agents. Each"
                        + " tool calls an external API for real; a call may name the conversation and contact it is"
                        + " for in _meta (conversation_id, contact_id) so that its outputs are stored there.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .jsonMapper(json)
                .validateToolInputs(false)
                .build();
        var workspace = new Workspace(transport, server, new ConcurrentHashMap<>());
        sync(workspaceId, workspace);
        return workspace;
    }

    /** Makes the server's tools the catalog's: removes the gone and changed ones, adds the new and changed. */
    private void sync(String workspaceId, Workspace workspace) {
        synchronized (workspace) {
            Map<String, AgentCatalog.Tool> wanted = catalog.tools(workspaceId).stream()
                    .collect(Collectors.toMap(AgentCatalog.Tool::name, tool -> tool, (a, b) -> a, LinkedHashMap::new));
            Map<String, McpSchema.Tool> described = new HashMap<>();
            wanted.forEach((name, tool) -> described.put(name, describe(tool)));
            for (String name : Map.copyOf(workspace.tools()).keySet()) {
                if (!described.containsKey(name)
                        || !described.get(name).equals(workspace.tools().get(name))) {
                    change(workspace.server().removeTool(name));
                    workspace.tools().remove(name);
                }
            }
            described.forEach((name, tool) -> {
                if (!workspace.tools().containsKey(name)) {
                    AgentCatalog.Tool entry = wanted.get(name);
                    change(workspace
                            .server()
                            .addTool(McpServerFeatures.AsyncToolSpecification.builder()
                                    .tool(tool)
                                    .callHandler((exchange, request) -> call(workspaceId, entry, exchange, request))
                                    .build()));
                    workspace.tools().put(name, tool);
                }
            });
        }
    }

    private static void change(Mono<Void> change) {
        try {
            change.block(CHANGE_WITHIN);
        } catch (RuntimeException e) {
            Log.debugf("A client missed a tools/list_changed: %s", e.getMessage());
        }
    }

    private McpSchema.Tool describe(AgentCatalog.Tool tool) {
        var type = new TypeReference<Map<String, Object>>() {};
        return McpSchema.Tool.builder(tool.name(), mapper.convertValue(AgentTool.inputSchema(tool.definition()), type))
                .title(tool.actionName())
                .description(tool.definition().description())
                .outputSchema(mapper.convertValue(AgentTool.outputSchema(tool.definition()), type))
                .build();
    }

    private Mono<McpSchema.CallToolResult> call(
            String workspaceId,
            AgentCatalog.Tool tool,
            McpAsyncServerExchange exchange,
            McpSchema.CallToolRequest request) {
        String tokenId = String.valueOf(exchange.transportContext().get(TOKEN_ID));
        Map<String, JsonNode> inputs = new LinkedHashMap<>();
        if (request.arguments() != null) {
            request.arguments().forEach((name, value) -> inputs.put(name, mapper.valueToTree(value)));
        }
        Map<String, Object> meta = request.meta() == null ? Map.of() : request.meta();
        var invocation =
                new InvocationRequest(inputs, null, text(meta.get(CONVERSATION_ID)), text(meta.get(CONTACT_ID)), null);
        return Mono.fromCompletionStage(() -> invocations.callAsAgent(
                        workspaceId,
                        tool.actionId(),
                        tool.actionName(),
                        tool.liveVersion(),
                        tool.definition(),
                        invocation,
                        tokenId))
                .subscribeOn(Schedulers.boundedElastic())
                .map(this::answer)
                .onErrorResume(failure -> Mono.just(refused(
                        failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure)));
    }

    /** A finished run as a tool's result: its outputs (masked ones masked), or its error. */
    private McpSchema.CallToolResult answer(JsonNode run) {
        Map<String, Object> meta = Map.of("run_id", run.path("run_id").asText());
        if (!"success".equals(run.path("status").asText())) {
            JsonNode error = run.path("error");
            return McpSchema.CallToolResult.builder()
                    .isError(true)
                    .addTextContent("The run failed (" + error.path("type").asText("unknown") + "): "
                            + error.path("message").asText(""))
                    .meta(Map.of(
                            "run_id", run.path("run_id").asText(),
                            "error_type", error.path("type").asText("unknown")))
                    .build();
        }
        Map<String, Object> outputs = mapper.convertValue(
                run.path("outputs").isObject() ? run.path("outputs") : mapper.createObjectNode(),
                new TypeReference<Map<String, Object>>() {});
        String text = run.path("found").asBoolean(true)
                ? run.path("outputs").toString()
                : "Nothing found (the API answered " + run.path("http_status").asText() + ")";
        return McpSchema.CallToolResult.builder()
                .structuredContent(outputs)
                .addTextContent(text)
                .meta(meta)
                .build();
    }

    /** A call refused before it ran (an input of the wrong type, a missing one) or not answered in time. */
    private static McpSchema.CallToolResult refused(Throwable failure) {
        String text;
        if (failure instanceof ApiException api
                && api.errors() != null
                && !api.errors().isEmpty()) {
            text = api.errors().stream().map(ErrorList.Error::message).collect(Collectors.joining("; "));
        } else {
            Log.warnf(failure, "An agent's call failed");
            text = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        }
        return McpSchema.CallToolResult.builder()
                .isError(true)
                .addTextContent(text)
                .build();
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    /** Closes the sessions idle for longer than {@link StreamableHttpTransport#IDLE}. */
    @Scheduled(every = "5m", delayed = "5m")
    void expireIdleSessions() {
        Instant now = Instant.now();
        workspaces.values().forEach(workspace -> workspace.transport().expireIdle(now));
    }

    void onStop(@Observes ShutdownEvent event) {
        workspaces.values().forEach(workspace -> workspace.server().close());
    }
}

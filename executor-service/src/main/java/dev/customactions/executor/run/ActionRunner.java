package dev.customactions.executor.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.action.ActionDefinition;
import dev.customactions.common.tracing.TraceContext;
import dev.customactions.executor.ExecutorConfig;
import dev.customactions.executor.definition.ConnectionSpec;
import dev.customactions.executor.definition.DefinitionCache;
import dev.customactions.executor.event.RunCompleted;
import dev.customactions.executor.event.RunMode;
import dev.customactions.executor.http.ConnectionAuth;
import dev.customactions.executor.http.ConnectionRateLimiter;
import dev.customactions.executor.http.OutboundHttp;
import dev.customactions.executor.http.OutboundRequest;
import dev.customactions.executor.http.OutboundResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one action: renders its request ({@link RenderedRequest}), adds the connection's credentials,
 * calls (with the action's opt-in retries), checks the response, extracts the outputs and derives
 * the writes; {@link RunDetail} keeps what the run log shows. Every failure becomes a result with its error type; nothing here blocks a thread.
 */
@ApplicationScoped
public class ActionRunner {

    private final OutboundHttp http;
    private final ConnectionAuth auth;
    private final ConnectionRateLimiter limiter;
    private final DefinitionCache definitions;
    private final ExecutorConfig config;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final Tracer tracer;

    ActionRunner(
            OutboundHttp http,
            ConnectionAuth auth,
            ConnectionRateLimiter limiter,
            DefinitionCache definitions,
            ExecutorConfig config,
            ObjectMapper mapper,
            MeterRegistry registry,
            Tracer tracer) {
        this.http = http;
        this.auth = auth;
        this.limiter = limiter;
        this.definitions = definitions;
        this.config = config;
        this.mapper = mapper;
        this.registry = registry;
        this.tracer = tracer;
    }

    /** Runs {@code plan}; the answer always completes with a record, success or failure. */
    public Uni<RunRecord> run(RunPlan plan) {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        ObjectNode detail = mapper.createObjectNode();
        RunDetail.about(detail, "trigger_name", plan.triggerName());
        RunDetail.about(detail, "conversation_external_id", text(plan.context().get("conversation.external_id")));
        RunDetail.about(detail, "contact_external_id", text(plan.context().get("contact.external_id")));
        RunDetail.about(detail, "requested_by", plan.requestedBy());
        RunDetail.about(detail, "rerun_of", plan.rerunOf());
        if (plan.mode() != RunMode.TEST) {
            // What a re-run needs besides the inputs: the context values its templates and bindings read.
            detail.set("context", mapper.valueToTree(plan.context()));
        }
        Context parent = plan.trace() == null ? Context.root() : plan.trace();
        Span span = tracer.spanBuilder("run action")
                .setParent(parent)
                .setAttribute("customactions.run_id", plan.runId())
                .setAttribute("customactions.action_id", plan.actionId())
                .setAttribute("customactions.mode", plan.mode().wireName())
                .startSpan();
        Context trace = parent.with(span);
        return Uni.createFrom()
                .deferred(() -> call(plan, detail, trace))
                .map(response -> succeeded(plan, response))
                .onFailure(RunFailure.class)
                .recoverWithItem(failure -> failed(failure, detail))
                .map(outcome -> record(plan, outcome, detail, startedAt, start, trace))
                .onTermination()
                .invoke((record, failure, cancelled) -> {
                    if (failure != null || record.result().error() != null) {
                        span.setStatus(StatusCode.ERROR);
                    }
                    span.end();
                });
    }

    private record Outcome(
            Integer httpStatus,
            boolean found,
            Map<String, JsonNode> outputs,
            List<RunCompleted.Write> writes,
            RunCompleted.Error error) {}

    private Uni<OutboundResponse> call(RunPlan plan, ObjectNode detail, Context trace) {
        RenderedRequest rendered = RenderedRequest.of(plan);
        detail.set("inputs", mapper.valueToTree(rendered.inputs()));
        if (plan.mockResponse() != null) {
            detail.put("mock_response", true);
            RunDetail.request(
                    detail,
                    rendered.method(),
                    rendered.url(),
                    rendered.headers(),
                    rendered.body(),
                    List.of(),
                    config.loggedBodyBytes());
            byte[] sample = mapper.valueToTree(plan.mockResponse()).toString().getBytes(StandardCharsets.UTF_8);
            return Uni.createFrom()
                    .item(new OutboundResponse(
                            200, List.of(Map.entry("Content-Type", "application/json")), sample, rendered.url()));
        }
        ActionDefinition spec = plan.spec();
        ConnectionSpec connection = null;
        if (spec.connectionId() != null) {
            connection = definitions
                    .connection(plan.workspaceId(), spec.connectionId().toString())
                    .orElseThrow(
                            () -> new RunFailure(RunFailure.AUTH_FAILED, "The action's connection no longer exists"));
            RunDetail.about(detail, "connection_name", connection.name());
        }
        int timeoutMs = Math.min(
                spec.timeoutMs() == null ? config.defaultTimeoutMs() : spec.timeoutMs(), config.maxTimeoutMs());
        var attempt = new Attempt(
                plan,
                rendered.method(),
                rendered.url(),
                rendered.sentHeaders(plan.runId()),
                rendered.bodyBytes(),
                timeoutMs,
                connection,
                detail,
                System.nanoTime(),
                trace);
        return attempt(attempt, 1);
    }

    // One call being made, never compared: the body is bytes as they go on the wire.
    @SuppressWarnings("ArrayRecordComponent")
    private record Attempt(
            RunPlan plan,
            String method,
            URI url,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            int timeoutMs,
            ConnectionSpec connection,
            ObjectNode detail,
            long firstStart,
            Context trace) {}

    private Uni<OutboundResponse> attempt(Attempt a, int number) {
        a.detail().put("attempts", number);
        return send(a, false)
                .invoke(response -> RetryPolicy.checkStatus(response, a.plan().spec()))
                .onFailure(RunFailure.class)
                .recoverWithUni(runFailure -> {
                    Duration delay = RetryPolicy.delay(a.plan().spec().retry(), a.firstStart(), number, runFailure);
                    if (delay == null) {
                        return Uni.createFrom().failure(runFailure);
                    }
                    return Uni.createFrom()
                            .voidItem()
                            .onItem()
                            .delayIt()
                            .by(delay)
                            .chain(() -> attempt(a, number + 1));
                });
    }

    /** Sends once with fresh credentials; a 401 on an OAuth2 token refreshes the token and sends once more. */
    private Uni<OutboundResponse> send(Attempt a, boolean refreshed) {
        return auth.credentials(a.connection(), a.url().getHost()).chain(credentials -> {
            URI url = withQuery(a.url(), credentials.query());
            var headers = new ArrayList<>(a.headers());
            headers.addAll(credentials.headers());
            Span client = tracer.spanBuilder(a.method().toUpperCase(Locale.ROOT))
                    .setParent(a.trace())
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute("http.request.method", a.method().toUpperCase(Locale.ROOT))
                    .setAttribute("server.address", url.getHost())
                    .startSpan();
            // The trace context is sent but not shown in the run log (the trace id is on the result).
            var sent = new ArrayList<>(headers);
            TraceContext.inject(a.trace().with(client), (name, value) -> sent.add(Map.entry(name, value)));
            var request = new OutboundRequest(
                    a.method(),
                    url,
                    sent,
                    a.body(),
                    a.timeoutMs(),
                    credentials.headerNames(),
                    host -> a.connection() != null && a.connection().allows(host));
            RunDetail.request(
                    a.detail(),
                    a.method(),
                    url,
                    headers,
                    a.body() == null ? null : ResponseBody.parsedOrNull(a.body()),
                    credentials.secrets(),
                    config.loggedBodyBytes());
            return limiter.acquire(a.connection(), a.timeoutMs())
                    .chain(() -> http.call(request))
                    .onTermination()
                    .invoke((response, failure, cancelled) -> {
                        if (response != null) {
                            client.setAttribute("http.response.status_code", response.status());
                        }
                        if (failure != null || response == null || response.status() >= 400) {
                            client.setStatus(StatusCode.ERROR);
                        }
                        client.end();
                    })
                    .invoke(response ->
                            RunDetail.response(a.detail(), a.plan().spec(), response, config.loggedBodyBytes()))
                    .chain(response -> {
                        if (response.status() == 401 && credentials.oauthToken() != null && !refreshed) {
                            auth.invalidate(a.connection(), credentials.oauthToken());
                            return send(a, true);
                        }
                        return Uni.createFrom().item(response);
                    });
        });
    }

    private Outcome succeeded(RunPlan plan, OutboundResponse response) {
        ActionDefinition spec = plan.spec();
        if (spec.notFound(response.status())) {
            // "Nothing found", as the action declares this status: no outputs, nothing written.
            return new Outcome(response.status(), false, Map.of(), List.of(), null);
        }
        JsonNode json = ResponseBody.json(response);
        Map<String, JsonNode> outputs = Outputs.extract(spec.responseFields(), json);
        Map<String, JsonNode> shown = Outputs.masked(spec.responseFields(), outputs);
        boolean test = plan.mode() == RunMode.TEST;
        List<RunCompleted.Write> writes =
                Writes.of(spec.objectMappings(), test ? shown : outputs, plan.contactId(), plan.conversationId(), test);
        return new Outcome(response.status(), true, shown, writes, null);
    }

    private Outcome failed(RunFailure failure, ObjectNode detail) {
        JsonNode status = detail.path("response").path("status");
        return new Outcome(
                status.isInt() ? status.intValue() : null,
                false,
                Map.of(),
                List.of(),
                new RunCompleted.Error(failure.type(), failure.getMessage()));
    }

    private RunRecord record(
            RunPlan plan, Outcome outcome, ObjectNode detail, Instant startedAt, long start, Context trace) {
        long durationNanos = System.nanoTime() - start;
        Instant finishedAt = Instant.now();
        boolean test = plan.mode() == RunMode.TEST;
        String status = outcome.error() == null ? RunCompleted.SUCCESS : RunCompleted.FAILURE;
        detail.set("outputs", mapper.valueToTree(outcome.outputs()));
        var result = new RunCompleted(
                plan.runId(),
                plan.workspaceId(),
                plan.mode(),
                plan.actionId(),
                plan.actionVersion(),
                plan.actionName(),
                plan.triggerId(),
                plan.invocationId(),
                plan.sourceEventId(),
                plan.conversationId(),
                plan.contactId(),
                status,
                outcome.found(),
                outcome.error(),
                outcome.httpStatus(),
                TimeUnit.NANOSECONDS.toMillis(durationNanos),
                outcome.outputs(),
                outcome.writes(),
                startedAt,
                finishedAt,
                test ? detail.get("request") : null,
                test ? detail.get("response") : null,
                TraceContext.traceId(trace));
        Timer.builder("executor.runs")
                .description("Runs of actions, by action, mode, status and error type")
                .tags(
                        "action_id",
                        plan.actionId(),
                        "mode",
                        plan.mode().wireName(),
                        "status",
                        status,
                        "error_type",
                        outcome.error() == null ? "none" : outcome.error().type())
                .publishPercentileHistogram()
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
        try {
            return new RunRecord(result, mapper.writeValueAsBytes(result), detail, trace);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A run's result does not serialize", e);
        }
    }

    private static String text(JsonNode value) {
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    private static URI withQuery(URI url, List<Map.Entry<String, String>> query) {
        if (query.isEmpty()) {
            return url;
        }
        var out = new StringBuilder(url.toString());
        boolean first = url.getRawQuery() == null;
        for (Map.Entry<String, String> pair : query) {
            out.append(first ? '?' : '&')
                    .append(Templates.encode(pair.getKey()))
                    .append('=')
                    .append(Templates.encode(pair.getValue()));
            first = false;
        }
        return URI.create(out.toString());
    }
}

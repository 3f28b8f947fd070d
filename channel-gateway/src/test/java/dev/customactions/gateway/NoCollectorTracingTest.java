package dev.customactions.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without a collector (no {@code CUSTOMACTIONS_OTLP_ENDPOINT}, as in these tests) the service's tracer records
 * nothing, not even a trace its caller marked sampled, so nothing is exported to a collector that isn't there;
 * the trace id still flows.
 */
@QuarkusTest
class NoCollectorTracingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    @Inject
    Tracer tracer;

    @Test
    void aTraceTheCallerSampledIsNotRecordedAndItsIdFlows() {
        Context parent = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01"), HEADERS);
        Span span = tracer.spanBuilder("request").setParent(parent).startSpan();
        try {
            assertFalse(span.isRecording(), "recorded without a collector");
            assertEquals(TRACE, span.getSpanContext().getTraceId());
        } finally {
            span.end();
        }
    }
}

package dev.customactions.common.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSamplingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String COLLECTOR = "http://collector:4317";

    @Test
    void withoutACollectorNothingIsRecordedNotEvenATraceTheCallerSampled() {
        for (var env : List.of(
                Map.<String, String>of(), Map.of(TraceSampling.ENDPOINT, " "), Map.of(TraceSampling.RATIO, "1"))) {
            Sampler sampler = TraceSampling.sampler(env);
            assertEquals(SamplingDecision.DROP, decide(sampler, sampledParent()), env.toString());
            assertEquals(SamplingDecision.DROP, decide(sampler, Context.root()), env.toString());
        }
    }

    @Test
    void aCollectorRecordsTheCallersSampledTracesAndEveryTraceStartingHere() {
        Sampler sampler = TraceSampling.sampler(Map.of(TraceSampling.ENDPOINT, COLLECTOR));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, sampledParent()));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, Context.root()));
    }

    @Test
    void anExplicitRatioSetsTheShareOfTracesStartingHere() {
        Sampler none = TraceSampling.sampler(Map.of(TraceSampling.ENDPOINT, COLLECTOR, TraceSampling.RATIO, " 0 "));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(none, sampledParent()));
        assertEquals(SamplingDecision.DROP, decide(none, Context.root()));
        assertEquals("0.25", TraceSampling.ratio(Map.of(TraceSampling.RATIO, "0.25")));
    }

    private static Context sampledParent() {
        return Context.root()
                .with(Span.wrap(SpanContext.createFromRemoteParent(
                        TRACE, "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault())));
    }

    private static SamplingDecision decide(Sampler sampler, Context parent) {
        return sampler.shouldSample(parent, TRACE, "span", SpanKind.SERVER, Attributes.empty(), List.of())
                .getDecision();
    }
}

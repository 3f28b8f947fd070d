package dev.customactions.console.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    /** As the services' micrometer-registry-prometheus-simpleclient writes it (format 0.0.4, trailing commas). */
    private static final String METRICS = """
            # HELP gateway_events_accepted_total \s
            # TYPE gateway_events_accepted_total counter
            gateway_events_accepted_total{kind="notify_new_conversation",} 12.0
            gateway_events_accepted_total{kind="notify_new_message",} 3.0
            # HELP executor_runs_seconds Runs of actions
            # TYPE executor_runs_seconds histogram
            executor_runs_seconds_bucket{action_id="a1",error_type="none",mode="live",status="success",le="0.001",} 0.0
            executor_runs_seconds_bucket{action_id="a1",error_type="none",mode="live",status="success",le="1.0E-4",} 0.0
            executor_runs_seconds_bucket{action_id="a1",error_type="none",mode="live",status="success",le="+Inf",} 7.0
            executor_runs_seconds_count{action_id="a1",error_type="none",mode="live",status="success",} 7.0
            executor_runs_seconds_sum{action_id="a1",error_type="none",mode="live",status="success",} 1.25
            customactions_consumer_lag{group="executor",topic="channel.events",} NaN
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space",} 1.2345E7
            process_start_time_seconds 1.76E9
            """;

    @Test
    void readsNamesLabelsAndValues() {
        List<Sample> samples = PrometheusText.parse(METRICS);
        assertEquals(10, samples.size(), samples.toString());
        assertEquals(
                new Sample("gateway_events_accepted_total", Map.of("kind", "notify_new_conversation"), 12.0),
                samples.get(0));
        Sample bucket = samples.get(4);
        assertEquals("executor_runs_seconds_bucket", bucket.name());
        assertEquals(
                Map.of("action_id", "a1", "error_type", "none", "mode", "live", "status", "success", "le", "+Inf"),
                bucket.labels());
        assertEquals(7.0, bucket.value());
        assertEquals(1.0E-4, PrometheusText.number(samples.get(3).label("le")));
        assertTrue(Double.isNaN(samples.get(7).value()));
        assertEquals("G1 Eden Space", samples.get(8).label("id"));
        assertEquals(1.2345E7, samples.get(8).value());
        assertEquals(Map.of(), samples.get(9).labels());
        assertEquals(1.76E9, samples.get(9).value());
    }

    @Test
    void keepsOnlyTheWantedNames() {
        List<Sample> samples = PrometheusText.parse(METRICS, OpsState.METRICS::contains);
        assertEquals(9, samples.size());
        assertTrue(samples.stream().noneMatch(s -> s.name().startsWith("jvm_")));
    }

    @Test
    void unescapesLabelValues() {
        List<Sample> samples =
                PrometheusText.parse("m{a=\"say \\\"hi\\\", {ok}\",b=\"back\\\\slash\",c=\"two\\nlines\"} 1\n");
        assertEquals(1, samples.size());
        assertEquals("say \"hi\", {ok}", samples.get(0).label("a"));
        assertEquals("back\\slash", samples.get(0).label("b"));
        assertEquals("two\nlines", samples.get(0).label("c"));
    }

    @Test
    void acceptsSpacesTimestampsCarriageReturnsAndInfinities() {
        List<Sample> samples = PrometheusText.parse("""
                a { x = "1" , y="2" } 5 1700000000000\r
                b -Inf
                c +Inf\r
                  # indented comment
                """);
        assertEquals(3, samples.size(), samples.toString());
        assertEquals(Map.of("x", "1", "y", "2"), samples.get(0).labels());
        assertEquals(5.0, samples.get(0).value());
        assertEquals(Double.NEGATIVE_INFINITY, samples.get(1).value());
        assertEquals(Double.POSITIVE_INFINITY, samples.get(2).value());
    }

    @Test
    void skipsMalformedLinesAndKeepsTheRest() {
        List<Sample> samples = PrometheusText.parse("""
                broken{a="unterminated} 1
                novalue{a="1"}
                notanumber 12abc
                {a="1"} 3
                good{a="1"} 2
                """);
        assertEquals(List.of(new Sample("good", Map.of("a", "1"), 2.0)), samples);
    }

    @Test
    void numbers() {
        assertEquals(Double.POSITIVE_INFINITY, PrometheusText.number("+Inf"));
        assertEquals(0.5, PrometheusText.number("0.5"));
        assertNull(PrometheusText.number("x"));
    }

    @Test
    void seriesKeyIsStableAndUnambiguous() {
        var one = new Sample("m", Map.of("a", "1", "b", "2"), 1);
        var same = new Sample("m", Map.of("b", "2", "a", "1"), 9);
        var other = new Sample("m", Map.of("a", "1\",b=\"2"), 1);
        assertEquals(one.seriesKey(), same.seriesKey());
        assertTrue(!one.seriesKey().equals(other.seriesKey()));
    }
}

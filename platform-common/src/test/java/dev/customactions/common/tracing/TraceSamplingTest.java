package dev.customactions.common.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSamplingTest {

    @Test
    void noCollectorRecordsNoTraceThatStartsHere() {
        assertEquals("0.0", TraceSampling.ratio(Map.of()));
        assertEquals("0.0", TraceSampling.ratio(Map.of(TraceSampling.ENDPOINT, " ")));
    }

    @Test
    void aCollectorRecordsEveryTrace() {
        assertEquals("1.0", TraceSampling.ratio(Map.of(TraceSampling.ENDPOINT, "http://collector:4317")));
    }

    @Test
    void anExplicitRatioWins() {
        assertEquals(
                "0.1",
                TraceSampling.ratio(
                        Map.of(TraceSampling.ENDPOINT, "http://collector:4317", TraceSampling.RATIO, " 0.1 ")));
        assertEquals("0.25", TraceSampling.ratio(Map.of(TraceSampling.RATIO, "0.25")));
    }
}

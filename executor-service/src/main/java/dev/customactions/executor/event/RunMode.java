package dev.customactions.executor.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Why a run ran: {@code live} (a trigger, an on-demand invocation or a re-run of the live version),
 * {@code agent} (an AI agent's tool call through the MCP server: the live version, stored and written
 * as a live run is, and answered to the caller) or {@code test} (the draft, nothing stored).
 */
public enum RunMode {
    LIVE,
    AGENT,
    TEST;

    /** The name on the wire and in the run log. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code wireName}; anything else is not a mode. */
    @JsonCreator
    public static RunMode of(String wireName) {
        return Arrays.stream(values())
                .filter(mode -> mode.wireName().equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("mode is live, agent or test, not " + wireName));
    }
}

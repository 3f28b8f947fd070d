package dev.customactions.executor.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Why a run ran: {@code live} (a trigger or an on-demand invocation of the live version) or {@code test} (the draft, nothing stored). */
public enum RunMode {
    LIVE,
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
                .orElseThrow(() -> new IllegalArgumentException("mode is live or test, not " + wireName));
    }
}

package dev.customactions.executor.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Reads a third party's JSON (an action's response, a token endpoint's answer) with Jackson's
 * defaults, not the service's strict mapper: text in a field the action doesn't use must not fail
 * the run. What an action keeps of it is checked where it is used.
 */
public final class ThirdPartyJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private ThirdPartyJson() {}

    /** {@code bytes} as a tree; null when empty. */
    public static JsonNode read(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }
}

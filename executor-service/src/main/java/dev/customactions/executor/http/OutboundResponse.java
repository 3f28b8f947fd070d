package dev.customactions.executor.http;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** What came back from a call: status, headers, the body (at most the size cap) and the URL finally called. */
// An answer, never compared: the body is bytes as they came (up to the size cap).
@SuppressWarnings("ArrayRecordComponent")
public record OutboundResponse(int status, List<Map.Entry<String, String>> headers, byte[] body, URI finalUrl) {

    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}

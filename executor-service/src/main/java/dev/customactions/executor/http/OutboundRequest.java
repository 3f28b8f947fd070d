package dev.customactions.executor.http;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One outbound call: method, URL, headers and body, its timeout, and which hosts may receive the
 * credential headers it carries (a redirect elsewhere drops them).
 */
// A request to send, never compared: the body is bytes as they go on the wire.
@SuppressWarnings("ArrayRecordComponent")
public record OutboundRequest(
        String method,
        URI url,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        int timeoutMs,
        List<String> credentialHeaders,
        Predicate<String> credentialsAllowedFor) {}

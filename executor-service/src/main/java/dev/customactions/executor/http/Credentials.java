package dev.customactions.executor.http;

import java.util.List;
import java.util.Map;

/**
 * What a connection adds to a request: headers and query parameters, the secret strings to mask
 * wherever the request is shown, and whether it came from the OAuth2 token cache (so a 401 may
 * refresh it once).
 */
public record Credentials(
        List<Map.Entry<String, String>> headers,
        List<Map.Entry<String, String>> query,
        List<String> secrets,
        String oauthToken) {

    public static final Credentials NONE = new Credentials(List.of(), List.of(), List.of(), null);

    public List<String> headerNames() {
        return headers.stream().map(Map.Entry::getKey).toList();
    }
}

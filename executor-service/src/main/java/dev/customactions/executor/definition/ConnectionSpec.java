package dev.customactions.executor.definition;

import dev.customactions.action.AllowedHosts;
import java.util.List;
import java.util.Map;

/**
 * A connection as the cache holds it: its type, settings, the hosts it may be sent to and its
 * secrets still sealed (opened only when a call needs them).
 */
public record ConnectionSpec(
        String workspaceId,
        String id,
        String name,
        int version,
        String authType,
        List<String> allowedHosts,
        Map<String, String> settings,
        String sealedSecrets) {

    /** Whether this connection's credentials may be sent to {@code host} (exact, or {@code *.example.com}). */
    public boolean allows(String host) {
        return AllowedHosts.allows(allowedHosts, host);
    }

    /** The context its secrets were sealed for (see the definitions service's connection service). */
    public String sealingContext() {
        return "connection:" + workspaceId + ":" + id;
    }
}

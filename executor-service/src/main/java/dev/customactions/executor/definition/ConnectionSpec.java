package dev.customactions.executor.definition;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A connection as the cache holds it: its type, settings, the hosts it may be sent to and its
 * secrets still sealed (opened only when a call needs them).
 */
public record ConnectionSpec(
        String workspaceId,
        String id,
        int version,
        String authType,
        List<String> allowedHosts,
        Map<String, String> settings,
        String sealedSecrets) {

    /** Whether this connection's credentials may be sent to {@code host} (exact, or {@code *.example.com}). */
    public boolean allows(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String allowed : allowedHosts) {
            String a = allowed.trim().toLowerCase(Locale.ROOT);
            if (a.startsWith("*.") ? h.endsWith(a.substring(1)) : h.equals(a)) {
                return true;
            }
        }
        return false;
    }

    /** The context its secrets were sealed for (see the definitions service's connection service). */
    public String sealingContext() {
        return "connection:" + workspaceId + ":" + id;
    }
}

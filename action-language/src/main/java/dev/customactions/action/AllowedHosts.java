package dev.customactions.action;

import java.util.List;
import java.util.Locale;

/**
 * Where a connection's credentials may be sent: its allowed hosts, each a host name (without case) or
 * {@code *.example.com} for the subdomains of {@code example.com} (not {@code example.com} itself). The
 * definitions service checks an action's URL with it when the action is saved, the executor each request's
 * host before credentials are added: one rule, one wording.
 */
public final class AllowedHosts {

    private AllowedHosts() {}

    /** Whether {@code host} is one of {@code allowed}. */
    public static boolean allows(List<String> allowed, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return allowed.stream().anyMatch(entry -> matches(entry.trim().toLowerCase(Locale.ROOT), h));
    }

    /** Why {@code host} is refused: "The connection may only be sent to a.example.com, *.b.com, not to c.com". */
    public static String refusal(List<String> allowed, String host) {
        return "The connection may only be sent to " + String.join(", ", allowed) + ", not to " + host;
    }

    private static boolean matches(String allowed, String host) {
        if (allowed.startsWith("*.")) {
            String domain = allowed.substring(1);
            return host.endsWith(domain) && host.length() > domain.length();
        }
        return allowed.equals(host);
    }
}

package dev.customactions.executor.run;

import dev.customactions.common.text.StorableText;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Masks what must never be shown in a run log or a test answer: credential headers, cookies,
 * a URL's user info, and every occurrence of a connection's secret values (raw or percent-encoded).
 */
public final class Redaction {

    private static final Set<String> SENSITIVE_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key");

    private Redaction() {}

    public static String url(URI url, List<String> secrets) {
        String shown =
                url.getRawUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo() + "@", "");
        return mask(shown, secrets);
    }

    public static String header(String name, String value, List<String> secrets) {
        if (SENSITIVE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            return Outputs.MASK;
        }
        return StorableText.replaced(mask(value, secrets));
    }

    /** {@code text} with the secrets masked, cut to {@code maxChars}. */
    public static String text(String text, List<String> secrets, int maxChars) {
        String masked = mask(text, secrets);
        // Shown, not data: what PostgreSQL can't keep (a NUL, a pair cut in half) is replaced, not refused.
        return StorableText.replaced(masked.length() > maxChars ? masked.substring(0, maxChars) : masked);
    }

    private static String mask(String text, List<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, Outputs.MASK).replace(Templates.encode(secret), Outputs.MASK);
            }
        }
        return out;
    }
}

package dev.customactions.common.text;

/**
 * The one rule for text the platform accepts: what PostgreSQL can store in a UTF-8 {@code text} or
 * {@code jsonb} value. That excludes NUL (U+0000: SQLSTATE 22021, and {@code \u0000} in jsonb: 22P05)
 * and unpaired UTF-16 surrogates (they have no UTF-8 form). Every edge that takes text from outside
 * (a request, a record, a third party's response kept as an output) asks here before it is stored.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Whether {@code text} can be stored as it is. */
    public static boolean isStorable(CharSequence text) {
        return problem(text) == null;
    }

    /**
     * {@code text} with each NUL and unpaired surrogate replaced by U+FFFD, for text that is only shown
     * (a run log's copy of a third party's response), never for data: data is refused instead.
     */
    public static String replaced(String text) {
        if (isStorable(text)) {
            return text;
        }
        var out = new StringBuilder(text.length());
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == 0 || Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /**
     * What makes {@code text} unstorable, for an error message ("holds a NUL character"), or null when
     * it can be stored.
     */
    public static String problem(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "holds a NUL character";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return "holds an unpaired surrogate (U+" + Integer.toHexString(c).toUpperCase() + ")";
                }
            }
        }
        return null;
    }
}

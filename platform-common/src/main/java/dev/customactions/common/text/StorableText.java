package dev.customactions.common.text;

/**
 * The one rule for text the platform accepts: what PostgreSQL can store in a UTF-8 {@code text} or
 * {@code jsonb} value. That excludes NUL (U+0000: SQLSTATE 22021 in text, 22P05 in jsonb)
 * and unpaired UTF-16 surrogates (they have no UTF-8 form). Every edge that takes text from outside
 * (a request, a record, a third party's response kept as an output) asks here before it is stored.
 */
public final class StorableText {

    private StorableText() {}

    /** Whether {@code text} can be stored as it is. */
    public static boolean isStorable(CharSequence text) {
        return firstUnstorable(text) < 0;
    }

    /** The index of the first char of {@code text} that can't be stored, or -1 if there is none. */
    public static int firstUnstorable(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * What makes {@code text} unstorable, for an error message ("holds a NUL character"), or null when
     * it can be stored.
     */
    public static String problem(CharSequence text) {
        int bad = firstUnstorable(text);
        return bad < 0 ? null : problem(text, bad);
    }

    /** What is wrong with the char at {@code index}, which {@link #firstUnstorable} found fault with. */
    public static String problem(CharSequence text, int index) {
        char c = text.charAt(index);
        return c == 0
                ? "holds a NUL character (U+0000)"
                : String.format("holds an unpaired surrogate (U+%04X)", (int) c);
    }

    /**
     * {@code text} with each NUL and unpaired surrogate replaced by U+FFFD, for text that is only shown
     * (a run log's copy of a third party's response), never for data: data is refused instead.
     */
    public static String replaced(String text) {
        return rewritten(text, Integer.MAX_VALUE, false);
    }

    /**
     * {@code text} with each char that can't be stored written as a {@code \\uXXXX} escape, cut to
     * {@code maxLength} chars, so that it can be quoted in a message (a field name, a value).
     */
    public static String printable(String text, int maxLength) {
        return rewritten(text, maxLength, true);
    }

    private static String rewritten(String text, int maxLength, boolean escape) {
        String shown = text.length() > maxLength ? text.substring(0, maxLength) + "..." : text;
        if (isStorable(shown)) {
            return shown;
        }
        var out = new StringBuilder(shown.length() + 16);
        for (int i = 0, n = shown.length(); i < n; i++) {
            char c = shown.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(shown.charAt(i + 1))) {
                out.append(c).append(shown.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append(escape ? String.format("\\u%04X", (int) c) : "\uFFFD");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

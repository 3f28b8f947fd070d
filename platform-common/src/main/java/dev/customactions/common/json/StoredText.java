package dev.customactions.common.json;

/**
 * Which text PostgreSQL can store in a UTF8 {@code text} column: anything but NUL (U+0000) and
 * unpaired surrogates, which have no UTF-8 form.
 */
public final class StoredText {

    private StoredText() {
    }

    /** Whether {@code text} can be stored as it is. */
    public static boolean isStorable(String text) {
        return firstUnstorable(text) < 0;
    }

    /** The index of the first char of {@code text} that can't be stored, or -1 if there is none. */
    public static int firstUnstorable(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * {@code text} with every char that can't be stored written as a {@code \\uXXXX} escape, so it
     * can be shown in a message (a field name, a value), cut to {@code maxLength} chars.
     */
    public static String printable(String text, int maxLength) {
        String shown = text.length() > maxLength ? text.substring(0, maxLength) + "..." : text;
        if (isStorable(shown)) {
            return shown;
        }
        var out = new StringBuilder(shown.length() + 16);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < shown.length()
                    && Character.isLowSurrogate(shown.charAt(i + 1));
            if (pair) {
                out.append(c).append(shown.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** What is wrong with a text that {@link #firstUnstorable} found fault with, for a message. */
    public static String problem(String text, int index) {
        return text.charAt(index) == 0 ? "holds a NUL character (U+0000)"
                : String.format("holds an unpaired surrogate (U+%04X)", (int) text.charAt(index));
    }
}

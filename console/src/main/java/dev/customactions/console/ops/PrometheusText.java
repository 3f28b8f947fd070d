package dev.customactions.console.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the lines of the Prometheus text format (version 0.0.4, what the services' {@code /q/metrics}
 * answer) that the ops page needs: {@code name{label="value",...} value [timestamp]}. Comment lines
 * ({@code # HELP}, {@code # TYPE}) and blank lines are skipped; label values may hold escaped
 * backslashes, quotes and new lines; a trailing comma in the label set (the Java client writes one)
 * is accepted; {@code +Inf}, {@code -Inf} and {@code NaN} are read. A line that can't be read is
 * skipped rather than failing the whole answer.
 */
public final class PrometheusText {

    private PrometheusText() {}

    /** Every sample of {@code text}. */
    public static List<Sample> parse(String text) {
        return parse(text, name -> true);
    }

    /** The samples of {@code text} whose metric name {@code wanted} accepts (others are not read further). */
    public static List<Sample> parse(String text, Predicate<String> wanted) {
        List<Sample> samples = new ArrayList<>();
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            Sample sample = line(text, start, end, wanted);
            if (sample != null) {
                samples.add(sample);
            }
            start = end + 1;
        }
        return samples;
    }

    /** The sample of one line, or null when it is a comment, blank, unwanted or malformed. */
    static Sample line(String text, int from, int to, Predicate<String> wanted) {
        int i = skipSpaces(text, from, to);
        if (i >= to || text.charAt(i) == '#' || text.charAt(i) == '\r') {
            return null;
        }
        int nameStart = i;
        while (i < to && isNameChar(text.charAt(i))) {
            i++;
        }
        if (i == nameStart) {
            return null;
        }
        String name = text.substring(nameStart, i);
        if (!wanted.test(name)) {
            return null;
        }
        Map<String, String> labels = new HashMap<>();
        i = skipSpaces(text, i, to);
        if (i < to && text.charAt(i) == '{') {
            i++;
            while (true) {
                i = skipSpaces(text, i, to);
                if (i < to && text.charAt(i) == ',') {
                    i++;
                    continue;
                }
                if (i >= to) {
                    return null;
                }
                if (text.charAt(i) == '}') {
                    i++;
                    break;
                }
                int labelStart = i;
                while (i < to && isNameChar(text.charAt(i))) {
                    i++;
                }
                String label = text.substring(labelStart, i);
                i = skipSpaces(text, i, to);
                if (label.isEmpty() || i >= to || text.charAt(i) != '=') {
                    return null;
                }
                i = skipSpaces(text, i + 1, to);
                if (i >= to || text.charAt(i) != '"') {
                    return null;
                }
                i++;
                StringBuilder value = new StringBuilder();
                boolean closed = false;
                while (i < to) {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c == '\\' && i < to) {
                        char escaped = text.charAt(i++);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    return null;
                }
                labels.put(label, value.toString());
            }
        }
        i = skipSpaces(text, i, to);
        int valueStart = i;
        while (i < to && !Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i == valueStart) {
            return null;
        }
        Double value = number(text.substring(valueStart, i));
        return value == null ? null : new Sample(name, labels, value);
    }

    /** A sample value or a bucket bound: a decimal, {@code +Inf}, {@code -Inf} or {@code NaN}; null when neither. */
    public static Double number(String token) {
        switch (token) {
            case "+Inf", "Inf", "+inf", "inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf", "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "NaN", "nan" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    return Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
    }

    private static int skipSpaces(String text, int i, int to) {
        while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
    }
}

package dev.customactions.benchmark.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text template of named parts with {@code ${name}} placeholders, each part filled from a map of
 * values: a placeholder without a value, or a value without a placeholder, is an error.
 * <p>
 * A part starts at a line {@code <!-- name: what it is -->} and runs to the next such line, its
 * trailing blank lines left out; each of its lines ends with a line feed. A line holding only a
 * placeholder stands for a block: it is replaced by the value as it is, empty or whole lines.
 */
final class Template {

    private static final Pattern PART = Pattern.compile("<!-- ([a-z][a-z-]*): .* -->");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z][a-zA-Z0-9]*)}");

    private final String resource;
    private final Map<String, List<String>> parts;

    private Template(String resource, Map<String, List<String>> parts) {
        this.resource = resource;
        this.parts = parts;
    }

    /** The template {@code resource} (UTF-8) of this class's class path. */
    static Template read(String resource) throws IOException {
        try (InputStream in = Template.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No " + resource + " on the class path");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The parts of {@code text}, read from {@code resource} (named in errors). */
    static Template parse(String resource, String text) {
        var parts = new LinkedHashMap<String, List<String>>();
        List<String> lines = null;
        for (String line : text.lines().toList()) {
            Matcher start = PART.matcher(line);
            if (start.matches()) {
                lines = new ArrayList<>();
                if (parts.put(start.group(1), lines) != null) {
                    throw new IllegalStateException(resource + " has two parts " + start.group(1));
                }
            } else if (PLACEHOLDER.matcher(line).replaceAll("").contains("${")) {
                throw new IllegalStateException(resource + " has a malformed placeholder: " + line);
            } else if (lines != null) {
                lines.add(line);
            } else if (!line.isBlank()) {
                throw new IllegalStateException(resource + " has text before its first part: " + line);
            }
        }
        var trimmed = new LinkedHashMap<String, List<String>>();
        parts.forEach((name, partLines) -> {
            int end = partLines.size();
            while (end > 0 && partLines.get(end - 1).isBlank()) {
                end--;
            }
            trimmed.put(name, List.copyOf(partLines.subList(0, end)));
        });
        return new Template(resource, Map.copyOf(trimmed));
    }

    /** Part {@code name} with each placeholder replaced by its value in {@code values}, as text. */
    String fill(String name, Map<String, ?> values) {
        List<String> lines = parts.get(name);
        if (lines == null) {
            throw new IllegalArgumentException(resource + " has no part " + name);
        }
        Set<String> unused = new HashSet<>(values.keySet());
        var out = new StringBuilder();
        for (String line : lines) {
            Matcher placeholder = PLACEHOLDER.matcher(line);
            if (placeholder.matches()) {
                String block = value(name, values, unused, placeholder.group(1));
                if (!block.isEmpty() && !block.endsWith("\n")) {
                    throw new IllegalArgumentException(
                            resource + ", part " + name + ": ${" + placeholder.group(1) + "} takes whole lines");
                }
                out.append(block);
            } else {
                out.append(placeholder.replaceAll(
                                match -> Matcher.quoteReplacement(value(name, values, unused, match.group(1)))))
                        .append('\n');
            }
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(resource + ", part " + name + " has no placeholder for " + unused);
        }
        return out.toString();
    }

    private String value(String part, Map<String, ?> values, Set<String> unused, String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException(resource + ", part " + part + ": no value for ${" + name + "}");
        }
        unused.remove(name);
        return String.valueOf(values.get(name));
    }
}

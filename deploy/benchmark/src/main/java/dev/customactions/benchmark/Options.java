package dev.customactions.benchmark;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark's command line: {@code --name value} pairs, each name one the benchmark knows or
 * {@code --home} (the repository, by default the working directory); the last of a repeated name
 * counts.
 */
public final class Options {

    private final Map<String, String> values = new HashMap<>();

    private Options() {}

    /** Reads {@code args}; the first name that is neither {@code --home} nor in {@code known} is an error. */
    public static Options parse(String[] args, String... known) {
        Set<String> names = Set.of(known);
        var options = new Options();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].equals("--home") && !names.contains(args[i])) {
                throw new IllegalArgumentException("Unknown option " + args[i]);
            }
            options.values.put(args[i], args[++i]);
        }
        return options;
    }

    /** The repository's root, absolute. */
    public Path home() {
        return Path.of(values.getOrDefault("--home", ".")).toAbsolutePath().normalize();
    }

    public int integer(String name, int otherwise) {
        String value = values.get(name);
        return value == null ? otherwise : Integer.parseInt(value);
    }

    /** A comma-separated list of integers. */
    public int[] integers(String name, int... otherwise) {
        String value = values.get(name);
        return value == null
                ? otherwise
                : Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** A comma-separated list. */
    public List<String> strings(String name, List<String> otherwise) {
        String value = values.get(name);
        return value == null ? otherwise : List.of(value.split(","));
    }
}

package dev.customactions.console.ops;

import java.util.Map;

/** One line of a Prometheus text answer: a metric name, its labels and its value. */
public record Sample(String name, Map<String, String> labels, double value) {

    public Sample {
        labels = Map.copyOf(labels);
    }

    /** The value of {@code label}, or {@code ""} when the line has no such label. */
    public String label(String label) {
        return labels.getOrDefault(label, "");
    }

    /** The series this sample belongs to: its name and labels in a stable order. */
    public String seriesKey() {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder key = new StringBuilder(name).append('{');
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(label -> key.append(label.getKey())
                .append('=')
                .append('"')
                .append(label.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
                .append('"')
                .append(','));
        return key.append('}').toString();
    }
}

package dev.customactions.common.tracing;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The share of traces starting here that are recorded ({@code quarkus.otel.traces.sampler.arg} of
 * the parent-based ratio sampler): {@code CUSTOMACTIONS_TRACES_RATIO} when set; else all of them
 * where {@code CUSTOMACTIONS_OTLP_ENDPOINT} names a collector, and none where it doesn't, so that
 * naming a collector is all it takes to export and, by default, only the trace ids flow. Below the
 * services' own configuration files in priority: a {@code quarkus.otel.traces.sampler.arg} set
 * anywhere else wins.
 */
public final class TraceSampling implements ConfigSource {

    static final String RATIO = "CUSTOMACTIONS_TRACES_RATIO";
    static final String ENDPOINT = "CUSTOMACTIONS_OTLP_ENDPOINT";
    private static final String SAMPLER_ARG = "quarkus.otel.traces.sampler.arg";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(SAMPLER_ARG);
    }

    @Override
    public String getValue(String propertyName) {
        return SAMPLER_ARG.equals(propertyName) ? ratio(System.getenv()) : null;
    }

    static String ratio(Map<String, String> env) {
        String ratio = env.get(RATIO);
        if (ratio != null && !ratio.isBlank()) {
            return ratio.strip();
        }
        String endpoint = env.get(ENDPOINT);
        return endpoint != null && !endpoint.isBlank() ? "1.0" : "0.0";
    }

    @Override
    public String getName() {
        return "customactions-trace-sampling";
    }

    @Override
    public int getOrdinal() {
        // Above the defaults of META-INF/microprofile-config.properties (100), below a service's
        // application.properties (250) and the environment's QUARKUS_* variables (300).
        return 150;
    }
}

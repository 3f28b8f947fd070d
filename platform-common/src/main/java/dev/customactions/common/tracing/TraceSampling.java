package dev.customactions.common.tracing;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Which spans are recorded, the OpenTelemetry SDK's sampler (Quarkus uses a {@link Sampler} bean instead of
 * the configured one). With a collector named by {@code CUSTOMACTIONS_OTLP_ENDPOINT}: parent-based, so a trace
 * a caller marked sampled is recorded, and of the traces that start here the share
 * {@code CUSTOMACTIONS_TRACES_RATIO} sets (all by default). Without one, none at all, not even a trace a caller
 * marked sampled: there is nowhere to send it, so nothing is exported and nothing logged about a collector that
 * isn't there. Either way the trace context flows (ids only for a span not recorded).
 */
@Singleton
public class TraceSampling {

    static final String RATIO = "CUSTOMACTIONS_TRACES_RATIO";
    static final String ENDPOINT = "CUSTOMACTIONS_OTLP_ENDPOINT";

    @Produces
    @Singleton
    Sampler sampler() {
        // Read as the exporter's endpoint is: through the configuration (environment, system properties, files).
        Config config = ConfigProvider.getConfig();
        var settings = new HashMap<String, String>();
        for (String name : List.of(RATIO, ENDPOINT)) {
            config.getOptionalValue(name, String.class).ifPresent(value -> settings.put(name, value));
        }
        return sampler(settings);
    }

    static Sampler sampler(Map<String, String> env) {
        if (!hasCollector(env)) {
            return Sampler.alwaysOff();
        }
        return Sampler.parentBased(Sampler.traceIdRatioBased(Double.parseDouble(ratio(env))));
    }

    /** The share of the traces starting here that are recorded, when there is a collector. */
    static String ratio(Map<String, String> env) {
        String ratio = env.get(RATIO);
        return ratio != null && !ratio.isBlank() ? ratio.strip() : "1.0";
    }

    private static boolean hasCollector(Map<String, String> env) {
        String endpoint = env.get(ENDPOINT);
        return endpoint != null && !endpoint.isBlank();
    }
}

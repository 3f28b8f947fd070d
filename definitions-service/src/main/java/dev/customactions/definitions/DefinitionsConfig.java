package dev.customactions.definitions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and switches of the definitions service (defaults from Zendesk's limits). */
@ConfigMapping(prefix = "customactions.definitions")
public interface DefinitionsConfig {

    /** Allow {@code http://} URLs (development only). */
    @WithDefault("false")
    boolean allowHttp();

    @WithDefault("100")
    int maxActions();

    @WithDefault("100")
    int maxInputs();

    @WithDefault("100")
    int maxOutputs();

    /** The longest timeout an action may set. */
    @WithDefault("30000")
    int maxTimeoutMs();

    /**
     * Check object mapping targets against the objects service's data model when an action is saved
     * ({@code quarkus.rest-client.objects.url}); off only where no objects service runs.
     */
    @WithDefault("true")
    boolean checkDataModel();

    /** The timeout of an action that sets none. */
    @WithDefault("10000")
    int defaultTimeoutMs();
}

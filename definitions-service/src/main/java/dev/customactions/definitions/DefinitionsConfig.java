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

    /** The timeout of an action that sets none. */
    @WithDefault("10000")
    int defaultTimeoutMs();
}

package dev.customactions.definitions;

import dev.customactions.action.ActionDefinition;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

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

    /**
     * Destinations exempt from the SSRF guard when a document is fetched for an import (addresses, CIDR
     * ranges, host names): development and test servers only, as the executor's own list.
     */
    Optional<List<String>> allowedDestinations();

    /** A PKCS#12 trust store added for fetching documents over TLS (development and tests); the JDK's trust otherwise. */
    Optional<String> trustStore();

    /** Password of {@link #trustStore()}. */
    Optional<String> trustStorePassword();

    /** The timeout of an action that sets none. */
    @WithDefault("" + ActionDefinition.DEFAULT_TIMEOUT_MS)
    int defaultTimeoutMs();
}

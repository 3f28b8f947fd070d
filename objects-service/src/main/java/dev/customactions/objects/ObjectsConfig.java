package dev.customactions.objects;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits of the objects service (defaults from Intercom's). */
@ConfigMapping(prefix = "customactions.objects")
public interface ObjectsConfig {

    /** Custom object types a workspace may have (archived ones included). */
    @WithDefault("15")
    int maxCustomObjectTypes();

    /** Custom object instances a workspace may have. */
    @WithDefault("100000")
    long maxInstancesPerWorkspace();

    /** Custom attributes (data attributes per model, or attributes per custom object type). */
    @WithDefault("250")
    int maxAttributes();

    /** The longest string value a custom attribute may hold. */
    @WithDefault("255")
    int maxStringLength();

    /**
     * How long records taken in ({@code processed_message}) and results applied ({@code applied_run})
     * are remembered, to recognise a redelivery; older marks are purged every hour. Keep it longer than
     * the retention of the topics read (Kafka's default: 7 days): a record can't come back once Kafka has
     * dropped it.
     */
    @WithDefault("14d")
    Duration deliveryMemory();
}

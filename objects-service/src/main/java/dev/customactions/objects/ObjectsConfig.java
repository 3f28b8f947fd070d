package dev.customactions.objects;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}

package dev.customactions.common.secret;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * The keys that encrypt connection secrets at rest (definitions service) and open them where a
 * call needs the clear value (executor service); services that never see a secret leave them unset. New secrets are encrypted with the active key;
 * secrets encrypted with a previous key still decrypt, so keys can be rotated.
 */
@ConfigMapping(prefix = "customactions.secrets")
public interface SecretsConfig {

    /** Id of the active key, stored beside every ciphertext (e.g. {@code k2}). */
    Optional<String> keyId();

    /** The active key: 32 random bytes, base64 (e.g. {@code openssl rand -base64 32}). */
    Optional<String> key();

    /** Earlier keys that still decrypt, each {@code id:base64}. */
    Optional<List<String>> previousKeys();
}

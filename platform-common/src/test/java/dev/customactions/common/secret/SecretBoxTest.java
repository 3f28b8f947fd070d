package dev.customactions.common.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    static final String KEY_1 = "arXCVs+PhaCnS4YIXlQgo/JWmZCohg+S8/u71DCvhEY=";
    static final String KEY_2 = "R+RD+8lSMTMkhSvnzIdfJJSKbz4n5fMinrD3WwXn+z4=";

    static SecretBox box(String id, String key, String... previous) {
        return new SecretBox(new SecretsConfig() {
            @Override
            public Optional<String> keyId() {
                return Optional.of(id);
            }

            @Override
            public Optional<String> key() {
                return Optional.of(key);
            }

            @Override
            public Optional<List<String>> previousKeys() {
                return previous.length == 0 ? Optional.empty() : Optional.of(List.of(previous));
            }
        });
    }

    @Test
    void sealedSecretOpensForItsRecordOnlyAndNeverShowsTheClearValue() {
        SecretBox box = box("k1", KEY_1);
        String sealed = box.seal("sk_live_123", "connection:a");
        assertTrue(sealed.startsWith("v1:k1:"));
        assertFalse(sealed.contains("sk_live_123"));
        assertNotEquals(sealed, box.seal("sk_live_123", "connection:a"), "a fresh nonce each time");
        assertEquals("sk_live_123", box.open(sealed, "connection:a"));
        assertThrows(IllegalStateException.class, () -> box.open(sealed, "connection:b"));
    }

    @Test
    void tamperedCiphertextIsRefused() {
        SecretBox box = box("k1", KEY_1);
        String sealed = box.seal("secret", "c");
        String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        for (int i = 0; i < bytes.length; i++) {
            byte[] tampered = bytes.clone();
            tampered[i] ^= 0x01;
            String changed = prefix + Base64.getEncoder().encodeToString(tampered);
            assertThrows(IllegalStateException.class, () -> box.open(changed, "c"), "byte " + i);
        }
    }

    @Test
    void rotatedKeyStillOpensWhatThePreviousKeySealed() {
        String sealedWithOld = box("k1", KEY_1).seal("secret", "c");
        SecretBox rotated = box("k2", KEY_2, "k1:" + KEY_1);
        assertEquals("secret", rotated.open(sealedWithOld, "c"));
        assertTrue(rotated.seal("secret", "c").startsWith("v1:k2:"));
        assertThrows(IllegalStateException.class, () -> box("k2", KEY_2).open(sealedWithOld, "c"));
    }

    @Test
    void keysOfTheWrongSizeAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> box("k", "c2hvcnQ="));
        assertThrows(IllegalArgumentException.class, () -> box("k", "not base64!"));
    }
}

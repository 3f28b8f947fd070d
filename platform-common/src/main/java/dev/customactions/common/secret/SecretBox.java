package dev.customactions.common.secret;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM (the JDK's implementation). A ciphertext reads
 * {@code v1:<key id>:<base64 of nonce and sealed bytes>}; the associated data binds it to the
 * record it belongs to, so a ciphertext copied onto another record does not decrypt.
 */
@ApplicationScoped
public class SecretBox {

    private static final String PREFIX = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final String activeKeyId;
    private final Map<String, SecretKey> keys = new HashMap<>();

    SecretBox(SecretsConfig config) {
        this.activeKeyId =
                config.keyId().orElseThrow(() -> new IllegalStateException("customactions.secrets.key-id is not set"));
        keys.put(
                activeKeyId,
                aesKey(
                        activeKeyId,
                        config.key()
                                .orElseThrow(() -> new IllegalStateException("customactions.secrets.key is not set"))));
        config.previousKeys()
                .ifPresent(previous -> previous.forEach(entry -> {
                    int colon = entry.indexOf(':');
                    if (colon < 1) {
                        throw new IllegalArgumentException("customactions.secrets.previous-keys entries are id:base64");
                    }
                    keys.putIfAbsent(
                            entry.substring(0, colon), aesKey(entry.substring(0, colon), entry.substring(colon + 1)));
                }));
    }

    /** Encrypts {@code plaintext} for the record named by {@code context}. */
    public String seal(String plaintext, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return PREFIX + ":" + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    /** Decrypts what {@link #seal} made for the same {@code context}. */
    public String open(String ciphertext, String context) {
        String[] parts = ciphertext.split(":", 3);
        if (parts.length != 3 || !PREFIX.equals(parts[0])) {
            throw new IllegalStateException("Not a sealed secret");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException(
                    "Secret sealed with unknown key '" + parts[1] + "'; add it to customactions.secrets.previous-keys");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed secret does not decrypt (wrong key or record)", e);
        }
    }

    private static SecretKey aesKey(String id, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Secrets key '" + id + "' is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(
                    "Secrets key '" + id + "' must be 32 bytes (AES-256), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}

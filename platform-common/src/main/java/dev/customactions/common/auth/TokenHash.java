package dev.customactions.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API token secrets: how they are made and how they are hashed. Tokens are 256 random bits,
 * so a plain SHA-256 is a sufficient one-way hash (no salt or stretching is needed for
 * secrets that cannot be guessed).
 */
public final class TokenHash {

    /** Prefix of every token, so that leaked tokens are recognisable by secret scanners. */
    public static final String PREFIX = "cat_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHash() {}

    /** A new random token secret. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The lower-case hex SHA-256 of {@code secret}. */
    public static String sha256(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

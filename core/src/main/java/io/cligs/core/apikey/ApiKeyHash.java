package io.cligs.core.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How an API key is stored and found: the SHA-256 of its UTF-8 bytes (legacy keys are ASCII, so the
 * loader's import and the admin API's look-up hash alike). One home for the rule.
 */
public final class ApiKeyHash {

    private ApiKeyHash() {
    }

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

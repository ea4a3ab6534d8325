package io.cligs.admin.http;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets handed out once: session tokens and API keys, 256 bits each, URL-safe base64. Thread-safe. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** {@code prefix} followed by 43 characters of URL-safe base64 (32 random bytes). */
    public static String next(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package io.cligs.core.link;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** Draws base62 slugs. Thread-safe when its {@link RandomGenerator} is (the default one is). */
public final class SlugGenerator {

    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final RandomGenerator random;
    private final int length;

    public SlugGenerator(RandomGenerator random, int length) {
        this.random = Objects.requireNonNull(random, "random");
        if (length < 1 || length > Slug.MAX_LENGTH) {
            throw new IllegalArgumentException("slug length must be 1.." + Slug.MAX_LENGTH + ", was " + length);
        }
        this.length = length;
    }

    public static SlugGenerator secure(int length) {
        return new SlugGenerator(new SecureRandom(), length);
    }

    public Slug next() {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = BASE62.charAt(random.nextInt(BASE62.length()));
        }
        return new Slug(new String(chars));
    }
}

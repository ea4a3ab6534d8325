package io.cligs.loader.analytics;

import java.util.Arrays;
import java.util.function.LongBinaryOperator;

/**
 * Clicks per link id: an open-addressing map of primitive longs (16 bytes a link, no boxing), for the
 * dump's side of {@code --verify}. Not thread-safe.
 */
final class LinkCounts {

    private long[] keys = new long[1 << 12];
    private long[] values = new long[1 << 12];
    private int size;

    void add(long linkId, long n) {
        if (linkId <= 0) {
            throw new IllegalArgumentException("a link id is positive");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = slot(keys, linkId);
        if (keys[i] == 0) {
            keys[i] = linkId;
            size++;
        }
        values[i] += n;
    }

    long get(long linkId) {
        int i = slot(keys, linkId);
        return keys[i] == 0 ? 0 : values[i];
    }

    int size() {
        return size;
    }

    /** Calls {@code each} with every (link, count), in no particular order. */
    void forEach(LongBinaryOperator each) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                each.applyAsLong(keys[i], values[i]);
            }
        }
    }

    private static int slot(long[] keys, long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long x) {
        x *= 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int j = slot(keys, oldKeys[i]);
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
        Arrays.fill(oldKeys, 0);
    }
}

package io.cligs.edge.cache;

/**
 * The delay before the next attempt to rebuild a lost Redis connection: 100 ms, doubling to 5 s, back
 * to 100 ms after a success. Not thread-safe: each user keeps its own, on its own event loop.
 */
final class Backoff {

    static final long FIRST_MS = 100;
    static final long MAX_MS = 5000;

    private long nextMs = FIRST_MS;

    /** The delay to wait now; the one after it is twice as long (at most {@link #MAX_MS}). */
    long next() {
        long delay = nextMs;
        nextMs = Math.min(nextMs * 2, MAX_MS);
        return delay;
    }

    void reset() {
        nextMs = FIRST_MS;
    }
}

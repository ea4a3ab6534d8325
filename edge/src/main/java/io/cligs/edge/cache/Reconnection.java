package io.cligs.edge.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Rebuilds a lost Redis connection: one attempt at a time, after 100 ms doubling to 5 s, again after
 * each failed attempt, while the connection is still wanted; back to 100 ms after a success. Not
 * thread-safe: each user keeps its own, on its own event loop.
 */
final class Reconnection {

    static final long FIRST_MS = 100;
    static final long MAX_MS = 5000;

    private final Supplier<Future<?>> attempt;
    private final BooleanSupplier wanted;
    private long nextMs = FIRST_MS;
    private boolean pending;

    /**
     * @param attempt connects once; fails when it could not
     * @param wanted whether a connection is still missing and wanted (not closing)
     */
    Reconnection(Supplier<Future<?>> attempt, BooleanSupplier wanted) {
        this.attempt = attempt;
        this.wanted = wanted;
    }

    /** Schedules the next attempt, unless one is pending or none is wanted. */
    void schedule(Vertx vertx) {
        if (pending || !wanted.getAsBoolean()) {
            return;
        }
        pending = true;
        long delay = nextMs;
        nextMs = Math.min(nextMs * 2, MAX_MS);
        vertx.setTimer(delay, id -> {
            pending = false;
            if (wanted.getAsBoolean()) {
                attempt.get().onFailure(e -> schedule(vertx));
            }
        });
    }

    /** The connection is back: the next loss starts again at 100 ms. */
    void succeeded() {
        nextMs = FIRST_MS;
    }
}

package io.cligs.edge.click;

/**
 * Where the redirect path hands every click. Implementations must be thread-safe (every event loop
 * offers), never block, and never throw: a full buffer drops or spills, it does not slow a redirect.
 * The batching pipeline to the Redis Stream comes later; until then {@link #NONE} keeps the call (and
 * its cost) on the hot path.
 */
@FunctionalInterface
public interface ClickSink {

    /** Discards every event. */
    ClickSink NONE = event -> { };

    void offer(ClickEvent event);
}

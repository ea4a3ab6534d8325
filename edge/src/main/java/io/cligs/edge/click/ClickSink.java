package io.cligs.edge.click;

/**
 * Where the redirect path hands every click and orphan event. Implementations must be thread-safe
 * (every event loop offers), never block, and never throw: a full buffer spills or counts a drop, it
 * does not slow a redirect. {@link ClickPipeline} is the real one; {@link #NONE} discards (the edge with
 * {@code CLIG_CLICKS=off}, and tests that do not look at clicks).
 */
@FunctionalInterface
public interface ClickSink {

    /** Discards every event. */
    ClickSink NONE = event -> { };

    void offer(ClickEvent event);
}

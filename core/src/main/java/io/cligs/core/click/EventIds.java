package io.cligs.core.click;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Event ids for one edge process: {@code <edge id>-<boot time, base 36>-<sequence, base 36>}. The
 * boot time makes ids unique across restarts of an edge that keeps its id; the sequence across its
 * events. Thread-safe.
 */
public final class EventIds {

    /**
     * The edge id of the old system's clicks, sent by {@code loader analytics} (ADR 0019): no edge may use
     * it, and the aggregator keeps its dedupe for good, so the log can be sent again at any time.
     */
    public static final String LEGACY_EDGE = "legacy";

    private final String prefix;
    private final AtomicLong sequence = new AtomicLong();

    /** @param bootMillis the process's start time, epoch ms */
    public EventIds(String edgeId, long bootMillis) {
        EventText.checkEdgeId(edgeId);
        this.prefix = edgeId + "-" + Long.toString(bootMillis, 36) + "-";
    }

    public String next() {
        return prefix + Long.toString(sequence.getAndIncrement(), 36);
    }
}

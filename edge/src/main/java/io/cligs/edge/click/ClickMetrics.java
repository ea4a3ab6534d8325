package io.cligs.edge.click;

import io.cligs.edge.metrics.PrometheusText;
import java.util.concurrent.atomic.LongAdder;

/**
 * The click pipeline's counters, rendered into {@code /-/metrics} with the edge's own. Every event
 * offered is counted once as emitted and, in the end, once as shipped (directly to Redis), replayed
 * (through the journal) or dropped; journaled counts events written to the journal. Thread-safe.
 */
public final class ClickMetrics {

    public final LongAdder emitted = new LongAdder();
    public final LongAdder orphans = new LongAdder();
    public final LongAdder shipped = new LongAdder();
    public final LongAdder journaled = new LongAdder();
    public final LongAdder replayed = new LongAdder();
    public final LongAdder dropped = new LongAdder();
    public final LongAdder batchFailures = new LongAdder();
    /** Events in the journal now (segments written and not yet acknowledged by Redis). */
    volatile long journalEvents;
    /** The stream's length as last polled ({@code XLEN}), or -1 before the first answer. */
    volatile long streamLength = -1;
    volatile long queued;

    public long streamLength() {
        return streamLength;
    }

    public long journalEvents() {
        return journalEvents;
    }

    /** Appends the click families to an exposition. */
    public void render(PrometheusText p) {
        p.family("cligs_edge_click_events_total", "counter",
                "Click and orphan events by fate: emitted by the redirect path; shipped to Redis directly; journaled"
                        + " (written to the local journal); replayed from the journal to Redis; dropped (queue full or"
                        + " journal unwritable).");
        p.sample("cligs_edge_click_events_total", emitted.sum(), "fate", "emitted");
        p.sample("cligs_edge_click_events_total", shipped.sum(), "fate", "shipped");
        p.sample("cligs_edge_click_events_total", journaled.sum(), "fate", "journaled");
        p.sample("cligs_edge_click_events_total", replayed.sum(), "fate", "replayed");
        p.sample("cligs_edge_click_events_total", dropped.sum(), "fate", "dropped");
        p.family("cligs_edge_click_orphans_total", "counter", "Orphan events (unknown slugs) among those emitted.");
        p.sample("cligs_edge_click_orphans_total", orphans.sum());
        p.family("cligs_edge_click_batch_failures_total", "counter", "Batches Redis did not acknowledge in time (then journaled).");
        p.sample("cligs_edge_click_batch_failures_total", batchFailures.sum());
        p.family("cligs_edge_click_queue_events", "gauge", "Events waiting in the in-memory queue at the last drain.");
        p.sample("cligs_edge_click_queue_events", queued);
        p.family("cligs_edge_click_journal_events", "gauge", "Events in the local journal, waiting for Redis.");
        p.sample("cligs_edge_click_journal_events", journalEvents);
        p.family("cligs_edge_click_stream_length", "gauge", "Entries in the click stream (XLEN over its shards, polled every few seconds); -1 before the first answer.");
        p.sample("cligs_edge_click_stream_length", streamLength);
    }
}

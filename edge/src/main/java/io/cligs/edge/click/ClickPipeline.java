package io.cligs.edge.click;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redirect path's side of the click pipeline: {@link #offer} puts the event in a bounded lock-free
 * queue ({@link EventQueue}) and counts it, nothing else (DESIGN.md's budget: ≈ 0 µs, no allocation
 * beyond the event, never blocks, never throws). The {@link ClickDrainer} empties the queue off the
 * request path; when {@code CLIG_CLICK_BATCH} events wait, the offer that saw it wakes the drainer
 * before its timer. The drainer spills to the journal long before the queue fills; an event that still
 * finds it full (the disk cannot keep up either) is dropped, counted and logged. Thread-safe.
 */
public final class ClickPipeline implements ClickSink {

    private static final Logger LOG = LoggerFactory.getLogger(ClickPipeline.class);

    private final EventQueue<ClickEvent> queue;
    private final ClickMetrics metrics;
    private final int batch;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** How many waiting events make an offer wake the drainer: a batch, or more while a live call is in flight. */
    private volatile long wakeAt;
    private final LoudLog dropLog = new LoudLog(LOG, 10_000);
    private volatile Runnable wake = () -> { };

    public ClickPipeline(int capacity, int batch, ClickMetrics metrics) {
        this.queue = new EventQueue<>(capacity);
        this.metrics = metrics;
        this.batch = batch;
        this.wakeAt = batch;
    }

    @Override
    public void offer(ClickEvent event) {
        try {
            metrics.emitted.increment();
            if (event.slug() != null) {
                metrics.orphans.increment();
            }
            long waiting = queue.offer(event);
            if (waiting < 0) {
                metrics.dropped.increment();
                dropLog.error("click queue full, events DROPPED (the drainer and the journal cannot keep up)", 1, null);
            } else if (waiting >= wakeAt && !wakePending.get() && wakePending.compareAndSet(false, true)) {
                wake.run();
            }
        } catch (RuntimeException e) {
            // never into the redirect
            metrics.dropped.increment();
            dropLog.error("click event DROPPED", 1, e);
        }
    }

    public ClickMetrics metrics() {
        return metrics;
    }

    EventQueue<ClickEvent> queue() {
        return queue;
    }

    int batch() {
        return batch;
    }

    /** Set by the drainer: how an offer wakes it. */
    void onBatchWaiting(Runnable wake) {
        this.wake = wake;
    }

    /** The drainer took the wake-up: the next full batch wakes it again. */
    void woken() {
        wakePending.set(false);
    }

    /**
     * Set by the drainer: from now on, an offer wakes it once {@code waiting} events wait (a batch
     * normally; while a live call is in flight, which ships the next batch itself when it completes,
     * only once the queue is past half, where the drainer spills to the journal). Without it every
     * offer made during a round trip woke the drainer for nothing (measured: docs/PERFORMANCE.md, "clicks-notes").
     */
    void wakeAt(long waiting) {
        this.wakeAt = waiting;
    }
}

package io.cligs.edge.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The log of what a request can cause as often as a client likes: at most one line per {@link Kind} per
 * {@link #INTERVAL_NANOS}, the next one saying how many were left out; the left-out lines are counted
 * ({@code cligs_edge_log_lines_suppressed_total{kind}}). A flood of bad requests then costs the log a
 * line every few seconds, not two lines per request. One per edge, shared by its event loops: lock-free
 * and thread-safe.
 */
public final class ThrottledLog {

    /** What went wrong; each kind is throttled on its own, so a flood of one does not hide another. */
    public enum Kind {
        /** An HTTP/1.x request without a valid {@code Host} (answered 400). Logged as a warning. */
        HOST_MISSING(false),
        /** A request head refused as malformed or smuggling (answered 400, 414 or 431). Logged as a warning. */
        MALFORMED(false),
        /** A request that failed inside the edge (answered 500). Logged as an error. */
        INTERNAL(true);

        private final boolean error;

        Kind(boolean error) {
            this.error = error;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final LongSupplier nanoClock;
    /** Per kind: the time before which nothing more is logged; {@link Long#MIN_VALUE} before the first line. */
    private final AtomicLongArray quietUntil = new AtomicLongArray(Kind.values().length);
    private final LongAdder[] suppressed = new LongAdder[Kind.values().length];
    /** Per kind: suppressed lines already reported in a logged line. */
    private final AtomicLongArray reported = new AtomicLongArray(Kind.values().length);

    /** @param nanoClock {@link System#nanoTime} outside tests */
    public ThrottledLog(Logger log, LongSupplier nanoClock) {
        this.log = log;
        this.nanoClock = nanoClock;
        for (Kind k : Kind.values()) {
            quietUntil.set(k.ordinal(), Long.MIN_VALUE);
            suppressed[k.ordinal()] = new LongAdder();
        }
    }

    /**
     * Logs {@code format} with {@code args} (SLF4J style; a last {@link Throwable} is the exception) unless
     * a line of this kind was logged less than an interval ago; then only counts it.
     */
    public void log(Kind kind, String format, Object... args) {
        int i = kind.ordinal();
        long now = nanoClock.getAsLong();
        long until = quietUntil.get(i);
        if ((until != Long.MIN_VALUE && now - until < 0) || !quietUntil.compareAndSet(i, until, now + INTERVAL_NANOS)) {
            suppressed[i].increment();
            return;
        }
        long total = suppressed[i].sum();
        long left = total - reported.getAndSet(i, total);
        String line = left == 0 ? format : format + " (" + left + " more like it since the last such line, not logged)";
        if (kind.error) {
            log.error(line, args);
        } else {
            log.warn(line, args);
        }
    }

    /** Lines of {@code kind} left out so far. */
    public long suppressed(Kind kind) {
        return suppressed[kind.ordinal()].sum();
    }

    void render(PrometheusText p) {
        p.family("cligs_edge_log_lines_suppressed_total", "counter",
                "Log lines left out because one of the same kind was logged within 10 s (host_missing, malformed, internal).");
        for (Kind k : Kind.values()) {
            p.sample("cligs_edge_log_lines_suppressed_total", suppressed(k), "kind", k.label());
        }
    }
}

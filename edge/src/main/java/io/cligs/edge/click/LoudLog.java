package io.cligs.edge.click;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * An error log line at most every {@code intervalMillis}, saying how many occurrences it stands for:
 * a lost click must be loud, but a full disk must not flood the log as fast as visitors click.
 * Thread-safe.
 */
final class LoudLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    private final AtomicLong suppressed = new AtomicLong();

    LoudLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Logs {@code message} (with {@code count} occurrences) unless a line went out within the interval. */
    void error(String message, long count, Throwable cause) {
        long now = System.nanoTime();
        long before = last.get();
        if (now - before < intervalNanos || !last.compareAndSet(before, now)) {
            suppressed.addAndGet(count);
            return;
        }
        long earlier = suppressed.getAndSet(0);
        if (cause == null) {
            log.error("{} ({} now, {} more since the last such message)", message, count, earlier);
        } else {
            log.error("{} ({} now, {} more since the last such message): {}", message, count, earlier, cause.toString());
        }
    }
}

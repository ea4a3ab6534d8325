package io.cligs.edge.click;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A log line at most every {@code intervalMillis}, saying how many occurrences it stands for:
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

    /** Logs {@code message} as an error (with {@code count} occurrences) unless a line went out within the interval. */
    void error(String message, long count, Throwable cause) {
        log(true, message, count, cause);
    }

    /** As {@link #error}, as a warning: trouble that loses nothing. */
    void warn(String message, long count, Throwable cause) {
        log(false, message, count, cause);
    }

    private void log(boolean error, String message, long count, Throwable cause) {
        long now = System.nanoTime();
        long before = last.get();
        if (now - before < intervalNanos || !last.compareAndSet(before, now)) {
            suppressed.addAndGet(count);
            return;
        }
        long earlier = suppressed.getAndSet(0);
        String why = cause == null ? "" : ": " + cause;
        if (error) {
            log.error("{} ({} now, {} more since the last such message){}", message, count, earlier, why);
        } else {
            log.warn("{} ({} now, {} more since the last such message){}", message, count, earlier, why);
        }
    }
}

package io.cligs.admin.http;

import java.util.concurrent.atomic.LongAdder;

/**
 * The admin API's counters, exported as Prometheus text on {@code /-/metrics}: answers by status class,
 * problems by status, password hashings refused for a full queue. Thread-safe ({@link LongAdder}s).
 */
public final class ApiMetrics {

    private final LongAdder[] byClass = new LongAdder[6];
    private final LongAdder passwordQueueFull = new LongAdder();
    private final LongAdder limiterUnavailable = new LongAdder();
    private final LongAdder limited = new LongAdder();

    public ApiMetrics() {
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = new LongAdder();
        }
    }

    public void answered(int status) {
        byClass[Math.max(0, Math.min(5, status / 100))].increment();
    }

    public void passwordQueueFull() {
        passwordQueueFull.increment();
    }

    /** A rate limiter could not reach Redis and let the request through. */
    public void limiterUnavailable() {
        limiterUnavailable.increment();
    }

    public long limiterUnavailableCount() {
        return limiterUnavailable.sum();
    }

    /** A request answered 429. */
    public void limited() {
        limited.increment();
    }

    public String prometheus() {
        StringBuilder b = new StringBuilder(512);
        b.append("# TYPE cligs_admin_responses_total counter\n");
        for (int i = 1; i < byClass.length; i++) {
            b.append("cligs_admin_responses_total{class=\"").append(i).append("xx\"} ").append(byClass[i].sum()).append('\n');
        }
        b.append("# TYPE cligs_admin_password_queue_full_total counter\n")
                .append("cligs_admin_password_queue_full_total ").append(passwordQueueFull.sum()).append('\n');
        b.append("# TYPE cligs_admin_rate_limited_total counter\n")
                .append("cligs_admin_rate_limited_total ").append(limited.sum()).append('\n');
        b.append("# TYPE cligs_admin_rate_limiter_unavailable_total counter\n")
                .append("cligs_admin_rate_limiter_unavailable_total ").append(limiterUnavailable.sum()).append('\n');
        return b.toString();
    }
}

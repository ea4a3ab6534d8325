package io.cligs.admin.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand (rate-limit windows, expiries) instead of sleeping. Thread-safe. */
public final class MutableClock extends Clock {

    private final AtomicLong offsetMs = new AtomicLong();

    public void advance(Duration d) {
        offsetMs.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plusMillis(offsetMs.get());
    }
}

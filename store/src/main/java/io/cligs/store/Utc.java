package io.cligs.store;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** MySQL's DATETIME columns hold UTC without a zone: the one way the store reads "now" for them. */
public final class Utc {

    private Utc() {
    }

    /** Now on {@code clock}, as a UTC {@link LocalDateTime}. */
    public static LocalDateTime now(Clock clock) {
        return LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}

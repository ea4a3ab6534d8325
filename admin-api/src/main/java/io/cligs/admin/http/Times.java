package io.cligs.admin.http;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Times in answers: UTC as ISO-8601 instants ({@code 2026-12-03T16:45:00.123Z}), null as null. */
public final class Times {

    private Times() {
    }

    public static String iso(LocalDateTime utc) {
        return utc == null ? null : utc.truncatedTo(ChronoUnit.MILLIS).toInstant(ZoneOffset.UTC).toString();
    }
}

package io.cligs.loader.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LegacyTimeTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static String utc(String legacy) {
        return LegacyTime.utcText(LegacyTime.toInstant(legacy, LONDON));
    }

    @Test
    void londonSummerTimeIsOneHourAheadOfUtc() {
        assertEquals("2009-07-01 11:00:00", utc("2009-07-01 12:00:00"));
    }

    @Test
    void londonWinterTimeIsUtc() {
        assertEquals("2009-01-15 12:00:00", utc("2009-01-15 12:00:00"));
    }

    @Test
    void dstGapAndOverlapFollowZonedDateTimeRules() {
        // 2009-03-29 01:30 did not exist in London (clocks went 01:00 -> 02:00): moved forward by the gap
        assertEquals("2009-03-29 01:30:00", utc("2009-03-29 01:30:00"));
        // 2009-10-25 01:30 happened twice: the earlier offset (BST, +01:00)
        assertEquals("2009-10-25 00:30:00", utc("2009-10-25 01:30:00"));
    }

    @Test
    void zeroDateIsUnknown() {
        assertNull(LegacyTime.toInstant("0000-00-00 00:00:00", LONDON));
    }

    @Test
    void malformedDatesAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> LegacyTime.toInstant("2009-02-30 10:00:00", LONDON));
        assertThrows(IllegalArgumentException.class, () -> LegacyTime.toInstant("2009-00-10 10:00:00", LONDON));
        assertThrows(IllegalArgumentException.class, () -> LegacyTime.toInstant("yesterday", LONDON));
    }
}

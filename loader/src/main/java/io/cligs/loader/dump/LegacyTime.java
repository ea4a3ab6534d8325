package io.cligs.loader.dump;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Legacy DATETIMEs ({@code YYYY-MM-DD HH:MM:SS} in the MANIFEST's zone) to UTC. A wall time that a
 * DST change skipped is moved forward by the gap, an ambiguous one (the repeated hour in autumn)
 * takes the earlier offset ({@link java.time.ZonedDateTime#of} rules): MySQL kept no offset, so
 * nothing better can be known.
 */
public final class LegacyTime {

    /** MySQL's zero date: unknown. */
    public static final String ZERO = "0000-00-00 00:00:00";

    private LegacyTime() {
    }

    /**
     * The instant of a legacy DATETIME, or null for the zero date.
     *
     * @throws IllegalArgumentException when the text is not a valid {@code YYYY-MM-DD HH:MM:SS}
     */
    public static Instant toInstant(String text, ZoneId zone) {
        if (ZERO.equals(text)) {
            return null;
        }
        Instant i = parse(text, zone);
        if (i == null) {
            throw new IllegalArgumentException("'" + text + "' is not a YYYY-MM-DD HH:MM:SS date and time");
        }
        return i;
    }

    /** Parses strictly; null when malformed (the zero date included). */
    static Instant parse(String s, ZoneId zone) {
        if (s == null || s.length() != 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != ' '
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 1 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code YYYY-MM-DD HH:MM:SS} in UTC, the form written into DATETIME columns. */
    public static String utcText(Instant instant) {
        if (instant == null) {
            return null;
        }
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        char[] c = new char[19];
        put(c, 0, t.getYear(), 4);
        c[4] = '-';
        put(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, t.getDayOfMonth(), 2);
        c[10] = ' ';
        put(c, 11, t.getHour(), 2);
        c[13] = ':';
        put(c, 14, t.getMinute(), 2);
        c[16] = ':';
        put(c, 17, t.getSecond(), 2);
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}

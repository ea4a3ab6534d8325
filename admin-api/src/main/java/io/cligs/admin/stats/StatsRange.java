package io.cligs.admin.stats;

import io.cligs.admin.http.ApiException;
import io.cligs.admin.http.Problem;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * A range of UTC days, both ends included, at most {@value #MAX_DAYS} days long. Missing ends default to
 * the last {@value #DEFAULT_DAYS} days up to today (UTC).
 */
public record StatsRange(LocalDate from, LocalDate to) {

    public static final int MAX_DAYS = 400;
    static final int DEFAULT_DAYS = 30;

    public StatsRange {
        if (to.isBefore(from)) {
            throw ApiException.field(Problem.Type.INVALID_REQUEST, "from", "from (" + from + ") is after to (" + to + ")");
        }
        if (days(from, to) > MAX_DAYS) {
            throw ApiException.field(Problem.Type.INVALID_REQUEST, "to", "a range is at most " + MAX_DAYS + " days, "
                    + from + " to " + to + " is " + days(from, to));
        }
    }

    /** From query parameters ({@code YYYY-MM-DD}, either may be null). */
    public static StatsRange parse(String from, String to, LocalDate today) {
        LocalDate end = to == null ? today : date("to", to);
        LocalDate start = from == null ? end.minusDays(DEFAULT_DAYS - 1) : date("from", from);
        return new StatsRange(start, end);
    }

    public long days() {
        return days(from, to);
    }

    private static long days(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.field(Problem.Type.INVALID_REQUEST, field, field + " is not a date YYYY-MM-DD: '" + value + "'");
        }
    }
}

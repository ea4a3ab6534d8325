package io.cligs.loader.analytics;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Locale;

/**
 * {@code --verify}: the clicks per link of the dump (those sent, on UTC days before a cut-off) against the
 * aggregator's rollups in MySQL ({@code click_days}, bots included, the same days). Every link whose
 * numbers differ is a mismatch: fewer in the rollups means events not (yet) applied, more means clicks
 * counted twice or clicks of another source on those days (live clicks: choose the cut-off before the
 * new system took its first click). Blocking JDBC on the CLI's thread.
 */
final class RollupCheck {

    private static final int SHOWN = 20;

    record Outcome(long links, long dumpClicks, long rollupClicks, long mismatches) {
    }

    private RollupCheck() {
    }

    static Outcome compare(Connection c, LinkCounts dump, LocalDate before, PrintWriter out) throws SQLException {
        LinkCounts rollups = new LinkCounts();
        long[] rollupTotal = {0};
        try (PreparedStatement s = c.prepareStatement(
                "SELECT link_id, SUM(clicks) FROM click_days WHERE day < ? GROUP BY link_id",
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(10_000);
            s.setDate(1, Date.valueOf(before));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long n = r.getLong(2);
                    rollups.add(r.getLong(1), n);
                    rollupTotal[0] += n;
                }
            }
        }
        long[] mismatches = {0};
        long[] dumpTotal = {0};
        dump.forEach((link, n) -> {
            dumpTotal[0] += n;
            long have = rollups.get(link);
            if (have != n) {
                report(out, ++mismatches[0], link, n, have);
            }
            return 0;
        });
        rollups.forEach((link, have) -> {
            if (dump.get(link) == 0) {
                report(out, ++mismatches[0], link, 0, have);
            }
            return 0;
        });
        if (mismatches[0] > SHOWN) {
            out.println("  ... and " + (mismatches[0] - SHOWN) + " more mismatched links");
        }
        out.flush();
        return new Outcome(dump.size(), dumpTotal[0], rollupTotal[0], mismatches[0]);
    }

    private static void report(PrintWriter out, long nth, long link, long dump, long rollups) {
        if (nth <= SHOWN) {
            out.println(String.format(Locale.ROOT, "  MISMATCH link %d: the dump has %d clicks, the rollups %d (%s)", link, dump,
                    rollups, rollups < dump ? "not applied (yet)" : "counted twice, or clicks of another source"));
        }
    }
}

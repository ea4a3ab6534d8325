package io.cligs.admin.stats;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stats answers, read only from the rollups the aggregator writes (so a link's stats cost the same
 * whatever its clicks: at most one row per day, bot flag and breakdown value). Thread-safe.
 */
public final class StatsQueries {

    /** Values kept per breakdown in an answer, largest first. */
    static final int TOP = 50;
    static final int ORPHANS = 100;

    private static final String SERIES = "SELECT day, SUM(clicks) AS clicks, SUM(uniques) AS uniques FROM click_days"
            + " WHERE link_id = ? AND day BETWEEN ? AND ? AND bot <= ? GROUP BY day ORDER BY day";
    private static final String BREAKDOWNS = "SELECT dimension, value, SUM(clicks) AS clicks FROM click_breakdowns"
            + " WHERE link_id = ? AND day BETWEEN ? AND ? AND bot <= ? GROUP BY dimension, value"
            + " ORDER BY dimension, clicks DESC, value";
    private static final String ORPHAN_TOP = "SELECT slug, SUM(hits) AS hits FROM orphan_days WHERE day BETWEEN ? AND ?"
            + " GROUP BY slug ORDER BY hits DESC, slug LIMIT " + ORPHANS;
    /** The dimension column's values and the answer's field for each. */
    private static final Map<String, String> FIELDS = Map.of("country", "countries", "referrer", "referrers",
            "browser", "browsers", "os", "oses", "device", "devices");

    private final Pool mysql;

    public StatsQueries(Pool mysql) {
        this.mysql = mysql;
    }

    /** {@code {total, uniques, series, countries, referrers, browsers, oses, devices}} of one link. */
    public Future<JsonObject> link(long linkId, StatsRange range, boolean includeBots) {
        Tuple args = Tuple.of(linkId, range.from(), range.to(), includeBots ? 1 : 0);
        Future<JsonObject> series = mysql.preparedQuery(SERIES).execute(args).map(rows -> {
            Map<LocalDate, Row> byDay = new LinkedHashMap<>();
            rows.forEach(r -> byDay.put(r.getLocalDate("day"), r));
            JsonArray days = new JsonArray();
            long total = 0;
            long uniques = 0;
            for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
                Row r = byDay.get(d);
                long clicks = r == null ? 0 : r.getNumeric("clicks").longValue();
                long u = r == null ? 0 : r.getNumeric("uniques").longValue();
                total += clicks;
                uniques += u;
                days.add(new JsonObject().put("day", d.toString()).put("clicks", clicks).put("uniques", u));
            }
            return new JsonObject().put("total", total).put("uniques", uniques).put("series", days);
        });
        Future<JsonObject> breakdowns = mysql.preparedQuery(BREAKDOWNS).execute(args).map(rows -> {
            JsonObject out = new JsonObject();
            FIELDS.values().forEach(f -> out.put(f, new JsonArray()));
            for (Row r : rows) {
                JsonArray list = out.getJsonArray(FIELDS.get(r.getString("dimension")));
                if (list != null && list.size() < TOP) {
                    list.add(new JsonObject().put("key", r.getString("value")).put("clicks", r.getNumeric("clicks").longValue()));
                }
            }
            return out;
        });
        return Future.all(series, breakdowns).map(v -> series.result().mergeIn(breakdowns.result()));
    }

    /** {@code {items: [{slug, hits}]}}: the unknown slugs most asked for in the range. */
    public Future<JsonObject> orphans(StatsRange range) {
        return mysql.preparedQuery(ORPHAN_TOP).execute(Tuple.of(range.from(), range.to())).map(rows -> {
            JsonArray items = new JsonArray();
            rows.forEach(r -> items.add(new JsonObject().put("slug", r.getString("slug"))
                    .put("hits", r.getNumeric("hits").longValue())));
            return new JsonObject().put("items", items);
        });
    }
}
